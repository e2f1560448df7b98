import type { Context } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import type { ChatSettings } from '../src/chats/chat';
import type { Messages } from '../src/i18n';
import { describeChat, describeSchedule, topicKeyboard, topicList } from '../src/messages/chat-texts';
import { escapeHtml } from '../src/messages/html';
import { resolveTopics } from '../src/topics/topics';
import { chatContext, commandArgs, mayChange } from './context';

const ALL = ['all', 'все', 'semua', 'барлығы', '全部'];

/**
 * The shape shared by /subscribe and /unsubscribe: only those allowed may change the chat; with no topic, buttons;
 * otherwise the topics are resolved (an unknown one is named back) and handed to `apply`.
 */
function topicCommand(
  services: BotServices,
  choose: (messages: Messages) => string,
  apply: (chat: ChatSettings, words: string[], messages: Messages) => Promise<string>,
) {
  return async (ctx: Context) => {
    const here = await chatContext(ctx, services);
    if (!here || !(await mayChange(ctx, services, here.messages))) return;
    const { chat, messages } = here;
    const words = commandArgs(ctx);
    if (words.length === 0) {
      await services.sender.send(chat.id, choose(messages), { keyboard: topicKeyboard(chat, messages) });
      return;
    }
    await services.sender.send(chat.id, await apply(chat, words, messages));
  };
}

/** /subscribe [topic…]: subscribe this chat, or show topic buttons. */
export function subscribeHandler(services: BotServices) {
  return topicCommand(services, (m) => m.chooseSubscribe, async (chat, words, messages) => {
    const parsed = resolveTopics(words);
    if (!parsed.ok) return messages.unknownTopic(escapeHtml(parsed.input), 'kazakhstan, china');
    const updated = await services.chats.subscribe(chat.id, parsed.topics);
    return messages.subscribed(topicList(updated.topics, messages), describeSchedule(updated, messages));
  });
}

/** /unsubscribe [topic…|all]: the reverse, or topic buttons. */
export function unsubscribeHandler(services: BotServices) {
  return topicCommand(services, (m) => m.chooseUnsubscribe, async (chat, words, messages) => {
    const all = words.length === 1 && ALL.includes(words[0]!.toLowerCase());
    const parsed = all ? { ok: true as const, topics: 'all' as const } : resolveTopics(words);
    if (!parsed.ok) return messages.unknownTopic(escapeHtml(parsed.input), 'kazakhstan, china, all');
    const updated = await services.chats.unsubscribe(chat.id, parsed.topics);
    return messages.unsubscribed(topicList(updated.topics, messages));
  });
}

/** /subscriptions: this chat's topics, schedule, zone and language (anyone may ask). */
export function subscriptionsHandler(services: BotServices) {
  return async (ctx: Context) => {
    const here = await chatContext(ctx, services);
    if (!here) return;
    const summary = describeChat(here.chat, here.messages);
    await services.sender.send(here.chat.id, here.chat.topics.length === 0 ? `${summary}\n\n${here.messages.noSubscriptions}` : summary);
  };
}
