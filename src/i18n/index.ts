import { en } from './en';
import { id } from './id';
import { kk } from './kk';
import { LANGUAGE_CODES, type LanguageCode, type Messages } from './messages';
import { ru } from './ru';
import { zh } from './zh';

export { COMMAND_NAMES, LANGUAGE_CODES, type CommandName, type LanguageCode, type Messages } from './messages';

const CATALOGUES: Readonly<Record<LanguageCode, Messages>> = { en, id, ru, kk, zh };

/** Maps a Telegram language_code (e.g. "ru", "pt-br", "zh-hans") to a language the bot speaks, falling back to English. */
export function pickLanguage(code: string | undefined): LanguageCode {
  const primary = (code ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary === 'in') return 'id';
  return (LANGUAGE_CODES as readonly string[]).includes(primary) ? (primary as LanguageCode) : 'en';
}

/** The message catalogue for a language the bot speaks. */
export function messagesFor(language: LanguageCode): Messages {
  return CATALOGUES[language];
}
