import type { Context } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { formatHelp, formatTopics } from '../src/messages/help';
import { messagesOf } from './context';

/** /help: every command with one line each. */
export function helpHandler(services: BotServices) {
  return async (ctx: Context) => {
    if (ctx.chat) await services.sender.send(ctx.chat.id, formatHelp(messagesOf(ctx)));
  };
}

/** /topics: the topics with one line each. */
export function topicsHandler(services: BotServices) {
  return async (ctx: Context) => {
    if (ctx.chat) await services.sender.send(ctx.chat.id, formatTopics(messagesOf(ctx)));
  };
}
