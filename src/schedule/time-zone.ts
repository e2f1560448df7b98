import { DateTime, IANAZone } from 'luxon';
import type { LanguageCode } from '../i18n';

/** Reads a time zone as people write it: an IANA name (Asia/Almaty) or an offset (UTC+6, UTC-3:30, GMT+5); undefined when invalid. */
export function parseTimeZone(input: string): string | undefined {
  const text = input.trim();
  if (text === '') return undefined;
  const offset = /^(?:utc|gmt)\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(text);
  if (offset) {
    const hours = Number(offset[2]);
    const minutes = Number(offset[3] ?? '0');
    if (hours > 14 || minutes > 59 || (hours === 14 && minutes > 0)) return undefined;
    const sign = offset[1] === '+' ? '+' : '-';
    if (hours === 0 && minutes === 0) return 'UTC';
    return `UTC${sign}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
  }
  if (/^(utc|gmt|z)$/i.test(text)) return 'UTC';
  if (!IANAZone.isValidZone(text)) return undefined;
  // Normalise the spelling (e.g. asia/almaty → Asia/Almaty) through Intl's canonical name.
  return new Intl.DateTimeFormat('en', { timeZone: text }).resolvedOptions().timeZone;
}

/** The default zone for a new chat, guessed from its language where the guess is good, else UTC. */
export function guessTimeZone(language: LanguageCode | undefined): string {
  switch (language) {
    case 'kk':
      return 'Asia/Almaty';
    case 'id':
      return 'Asia/Jakarta';
    case 'zh':
      return 'Asia/Shanghai';
    default:
      return 'UTC';
  }
}

/** True when luxon can compute local times in the zone (IANA names and UTC±H[:MM] offsets). */
export function isUsableZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}
