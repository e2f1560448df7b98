import type { Context } from 'telegraf';
import { messagesFor, pickLanguage, type Messages } from '../src/i18n';

/** The catalogue for the person behind an update, from Telegram's language_code. */
export function messagesOf(ctx: Context): Messages {
  return messagesFor(pickLanguage(ctx.from?.language_code));
}

/** The arguments after a command, split on whitespace. */
export function commandArgs(ctx: Context): string[] {
  const text = ctx.message && 'text' in ctx.message ? ctx.message.text : '';
  return text.split(/\s+/).slice(1).filter(Boolean);
}
