import type { Context } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import type { ChatType } from '../src/chats/chat';
import { messagesFor } from '../src/i18n';
import { formatTopics } from '../src/messages/help';
import { describeSchedule, parseTopicButton, topicKeyboard } from '../src/messages/chat-texts';

/** Topic buttons: subscribe or unsubscribe, answer the callback, and redraw the message; anything forged or stale changes nothing. */
export function topicButtonHandler(services: BotServices) {
  return async (ctx: Context) => {
    const query = ctx.callbackQuery;
    if (!query) return;
    const message = query.message;
    const button = parseTopicButton('data' in query ? query.data : undefined);
    // NOTE: an answer can fail when the query is too old (the person pressed long ago); the change itself still stands.
    const answer = (text: string) =>
      services.sender
        .call('answerCallbackQuery', { callback_query_id: query.id, text })
        .catch((error: unknown) => services.logger.warn({ err: error, chatId: message?.chat.id }, 'callback query could not be answered'));
    if (!button || !message) {
      await answer(messagesFor('en').callbackStale);
      return;
    }
    const chat = await services.chats.ensure({ id: message.chat.id, type: message.chat.type as ChatType }, query.from.language_code);
    const messages = messagesFor(chat.language);
    if (!(await services.permissions.mayChangeSettings(message.chat, query.from))) {
      await answer(messages.adminsOnly);
      return;
    }
    const updated = button.action === 'sub' ? await services.chats.subscribe(chat.id, [button.topic]) : await services.chats.unsubscribe(chat.id, [button.topic]);
    await answer(messages.callbackSaved);
    const text = `${formatTopics(messages)}\n\n${updated.topics.length > 0 ? describeSchedule(updated, messages) : messages.noSubscriptions}`;
    await services.sender.edit(chat.id, message.message_id, text, { keyboard: topicKeyboard(updated, messages) });
  };
}
