import { Composer } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { messagesFor } from '../src/i18n';
import { formatTopics } from '../src/messages/help';
import {
  parseTopicButton,
  subscribedReply,
  subscriptionsReply,
  topicKeyboard,
  topicsPanel,
  unknownTopicReply,
  unsubscribedReply,
} from '../src/messages/chat-texts';
import { BadRequestError } from '../src/telegram/send-errors';
import { resolveTopics } from '../src/topics/topics';
import { adminsOnly, commandArgs, loadChat, mayChange, type SilkwireContext } from './context';

const dataOf = (ctx: SilkwireContext) => (ctx.callbackQuery && 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);

/** /subscribe, /unsubscribe, /subscriptions, /topics and the topic buttons under their messages. */
export function subscriptionsComposer(services: BotServices): Composer<SilkwireContext> {
  const composer = new Composer<SilkwireContext>();
  const guards = [loadChat(services), adminsOnly(services)] as const;

  /** /subscribe [topic…]: subscribe this chat, or show topic buttons. */
  composer.command('subscribe', ...guards, async (ctx) => {
    const words = commandArgs(ctx);
    if (words.length === 0) return void (await ctx.say(ctx.messages.chooseSubscribe, { keyboard: topicKeyboard(ctx.chatSettings, ctx.messages) }));
    const parsed = resolveTopics(words);
    if (!parsed.ok) return void (await ctx.say(unknownTopicReply(parsed.input, parsed.valid, ctx.messages)));
    const updated = await services.chats.subscribe(ctx.chatSettings.id, parsed.topics);
    await ctx.say(subscribedReply(ctx.chatSettings, parsed.topics, updated, ctx.messages));
  });

  /** /unsubscribe [topic…|all]: the reverse, or topic buttons. */
  composer.command('unsubscribe', ...guards, async (ctx) => {
    const words = commandArgs(ctx);
    if (words.length === 0) return void (await ctx.say(ctx.messages.chooseUnsubscribe, { keyboard: topicKeyboard(ctx.chatSettings, ctx.messages) }));
    const parsed = resolveTopics(words, { allowAll: true });
    if (!parsed.ok) return void (await ctx.say(unknownTopicReply(parsed.input, parsed.valid, ctx.messages)));
    const updated = await services.chats.unsubscribe(ctx.chatSettings.id, parsed.topics);
    await ctx.say(unsubscribedReply(ctx.chatSettings, parsed.topics, updated, ctx.messages));
  });

  /** /subscriptions: this chat's topics, schedule, zone and language (anyone may ask). */
  composer.command('subscriptions', loadChat(services), async (ctx) => {
    await ctx.say(subscriptionsReply(ctx.chatSettings, ctx.messages));
  });

  /** /topics: the topics with one line each, and subscribe/unsubscribe buttons for this chat. */
  composer.command('topics', loadChat(services), async (ctx) => {
    await ctx.say(formatTopics(ctx.messages), { keyboard: topicKeyboard(ctx.chatSettings, ctx.messages) });
  });

  // NOTE: an answer can fail when the query is too old (the person pressed long ago); the change itself still stands.
  const answer = (ctx: SilkwireContext, text: string) =>
    services.sender
      .call('answerCallbackQuery', { callback_query_id: ctx.callbackQuery?.id, text })
      .catch((error: unknown) => services.logger.warn({ err: error, chatId: ctx.chat?.id }, 'callback query could not be answered'));

  /** A topic button: subscribe or unsubscribe, answer, and redraw the message. Anything forged or stale changes nothing. */
  const press = async (ctx: SilkwireContext) => {
    const button = parseTopicButton(dataOf(ctx));
    const messageId = ctx.callbackQuery?.message?.message_id;
    if (!button || messageId === undefined) return;
    if (!(await mayChange(ctx, services))) return void (await answer(ctx, ctx.messages.adminsOnly));
    const chatId = ctx.chatSettings.id;
    const updated = button.action === 'sub' ? await services.chats.subscribe(chatId, [button.topic]) : await services.chats.unsubscribe(chatId, [button.topic]);
    await answer(ctx, ctx.messages.callbackSaved);
    // NOTE: the message may be gone or already show this state (Telegram answers 400); the change itself still stands.
    await services.sender
      .edit(chatId, messageId, topicsPanel(updated, ctx.messages), { keyboard: topicKeyboard(updated, ctx.messages) })
      .catch((error: unknown) => {
        if (!(error instanceof BadRequestError)) throw error;
        services.logger.warn({ err: error, chatId, messageId }, 'topic message could not be redrawn');
      });
  };
  const isValidPress = (ctx: SilkwireContext) => parseTopicButton(dataOf(ctx)) !== undefined && ctx.callbackQuery?.message !== undefined;
  composer.on(
    'callback_query',
    Composer.optional(isValidPress, loadChat(services), press),
    (ctx) => answer(ctx, messagesFor('en').callbackStale),
  );
  return composer;
}
