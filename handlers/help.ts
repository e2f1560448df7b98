import type { Context } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { topicKeyboard } from '../src/messages/chat-texts';
import { formatHelp, formatTopics } from '../src/messages/help';
import { chatContext } from './context';

/** /help: every command with one line each. */
export function helpHandler(services: BotServices) {
  return async (ctx: Context) => {
    const here = await chatContext(ctx, services);
    if (here) await services.sender.send(here.chat.id, formatHelp(here.messages));
  };
}

/** /topics: the topics with one line each, and subscribe/unsubscribe buttons for this chat. */
export function topicsHandler(services: BotServices) {
  return async (ctx: Context) => {
    const here = await chatContext(ctx, services);
    if (here) await services.sender.send(here.chat.id, formatTopics(here.messages), { keyboard: topicKeyboard(here.chat, here.messages) });
  };
}
