import type { Context, MiddlewareFn } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { receivedAt } from '../src/bot/update-queue';
import type { ChatSettings, ChatType } from '../src/chats/chat';
import { messagesFor, pickLanguage, type Messages } from '../src/i18n';
import type { SendOptions } from '../src/telegram/sender';

/**
 * The context the chat handlers see: telegraf's, plus this chat's settings, its texts and a way to reply.
 * NOTE: the three fields exist only behind `loadChat`; every route that reads them starts with it.
 */
export interface SilkwireContext extends Context {
  /** This chat's settings (created with defaults on first use). */
  chatSettings: ChatSettings;
  /** The catalogue in the chat's language. */
  messages: Messages;
  /** Sends a message to this chat through the one sender. */
  say(html: string, options?: SendOptions): Promise<unknown>;
}

/** The catalogue for the person behind an update, from Telegram's language_code. */
export function messagesOf(ctx: Context): Messages {
  return messagesFor(pickLanguage(ctx.from?.language_code));
}

/** The arguments after a command, split on whitespace. */
export function commandArgs(ctx: Context): string[] {
  const text = ctx.message && 'text' in ctx.message ? ctx.message.text : '';
  return text.split(/\s+/).slice(1).filter(Boolean);
}

/** Puts the chat's settings, texts and `say` on the context; an update without a chat stops here and stores nothing. */
export function loadChat(services: BotServices): MiddlewareFn<SilkwireContext> {
  return async (ctx, next) => {
    if (!ctx.chat) return;
    const chat = await services.chats.ensure({ id: ctx.chat.id, type: ctx.chat.type as ChatType }, ctx.from?.language_code);
    ctx.chatSettings = chat;
    ctx.messages = messagesFor(chat.language);
    const received = receivedAt(ctx.update);
    let replied = false;
    ctx.say = (html, options) => {
      if (!replied && received !== undefined) services.botEvents?.replyStarted?.(performance.now() - received);
      replied = true;
      return services.sender.send(chat.id, html, options);
    };
    await next();
  };
}

/** Whether the person behind the update may change this chat's subscriptions and settings (anonymous admins included). */
export function mayChange(ctx: Context, services: BotServices): Promise<boolean> {
  if (!ctx.chat) return Promise.resolve(false);
  const senderChat = ctx.message && 'sender_chat' in ctx.message ? ctx.message.sender_chat?.id : undefined;
  return services.permissions.mayChangeSettings(ctx.chat, ctx.from, senderChat);
}

/** Lets only those who may change the chat go on; anyone else is told that only administrators can. */
export function adminsOnly(services: BotServices): MiddlewareFn<SilkwireContext> {
  return async (ctx, next) => {
    if (await mayChange(ctx, services)) return next();
    await ctx.say(ctx.messages.adminsOnly);
  };
}
