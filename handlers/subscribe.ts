import type { Context } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { describeChat, describeSchedule, topicKeyboard, topicList } from '../src/messages/chat-texts';
import { escapeHtml } from '../src/messages/html';
import { resolveTopics } from '../src/topics/topics';
import { chatContext, commandArgs, mayChange } from './context';

/** /subscribe [topic…]: subscribe this chat, or show topic buttons. */
export function subscribeHandler(services: BotServices) {
  return async (ctx: Context) => {
    const here = await chatContext(ctx, services);
    if (!here || !(await mayChange(ctx, services, here.messages))) return;
    const { chat, messages } = here;
    const args = commandArgs(ctx);
    if (args.length === 0) {
      await services.sender.send(chat.id, messages.chooseSubscribe, { keyboard: topicKeyboard(chat, messages) });
      return;
    }
    const parsed = resolveTopics(args);
    if (!parsed.ok) {
      await services.sender.send(chat.id, messages.unknownTopic(escapeHtml(parsed.input), 'kazakhstan, china'));
      return;
    }
    const updated = await services.chats.subscribe(chat.id, parsed.topics);
    await services.sender.send(chat.id, messages.subscribed(topicList(updated.topics, messages), describeSchedule(updated, messages)));
  };
}

/** /unsubscribe [topic…|all]: the reverse, or topic buttons. */
export function unsubscribeHandler(services: BotServices) {
  return async (ctx: Context) => {
    const here = await chatContext(ctx, services);
    if (!here || !(await mayChange(ctx, services, here.messages))) return;
    const { chat, messages } = here;
    const args = commandArgs(ctx);
    if (args.length === 0) {
      await services.sender.send(chat.id, messages.chooseUnsubscribe, { keyboard: topicKeyboard(chat, messages) });
      return;
    }
    const all = args.length === 1 && ['all', 'все', 'semua', 'барлығы', '全部'].includes(args[0]!.toLowerCase());
    const parsed = all ? { ok: true as const, topics: 'all' as const } : resolveTopics(args);
    if (!parsed.ok) {
      await services.sender.send(chat.id, messages.unknownTopic(escapeHtml(parsed.input), 'kazakhstan, china, all'));
      return;
    }
    const updated = await services.chats.unsubscribe(chat.id, parsed.topics);
    await services.sender.send(chat.id, messages.unsubscribed(topicList(updated.topics, messages)));
  };
}

/** /subscriptions: this chat's topics, schedule, zone and language (anyone may ask). */
export function subscriptionsHandler(services: BotServices) {
  return async (ctx: Context) => {
    const here = await chatContext(ctx, services);
    if (!here) return;
    const text = here.chat.topics.length === 0 ? `${describeChat(here.chat, here.messages)}\n\n${here.messages.noSubscriptions}` : describeChat(here.chat, here.messages);
    await services.sender.send(here.chat.id, text);
  };
}
