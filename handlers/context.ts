import type { Context } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import type { ChatSettings, ChatType } from '../src/chats/chat';
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

/** This chat's settings (created on first use) and the catalogue in the chat's language. */
export async function chatContext(ctx: Context, services: BotServices): Promise<{ chat: ChatSettings; messages: Messages } | undefined> {
  if (!ctx.chat) return undefined;
  const chat = await services.chats.ensure({ id: ctx.chat.id, type: ctx.chat.type as ChatType }, ctx.from?.language_code);
  return { chat, messages: messagesFor(chat.language) };
}

/** True when the person may change this chat's settings; otherwise tells them so. */
export async function mayChange(ctx: Context, services: BotServices, messages: Messages): Promise<boolean> {
  if (!ctx.chat) return false;
  const senderChat = ctx.message && 'sender_chat' in ctx.message ? ctx.message.sender_chat?.id : undefined;
  if (await services.permissions.mayChangeSettings(ctx.chat, ctx.from, senderChat)) return true;
  await services.sender.send(ctx.chat.id, messages.adminsOnly);
  return false;
}
