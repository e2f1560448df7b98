import { badRequest } from './api-error';
import type { MethodHandler } from './method-context';
import { chatMember } from './message-json';
import { optionalBool, optionalInt, optionalString, requireChatId } from './params';
import type { CallbackAnswer } from './types';
import { requireKnownChat, requireWritableChat } from './world';

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

const answerCallbackQuery: MethodHandler = (params, context) => {
  const id = optionalString(params, 'callback_query_id');
  const query = id === undefined ? undefined : context.world.callbackQueries.get(id);
  if (query === undefined || query.answered || context.now() - query.createdAt > context.callbackQueryTtlMs) {
    throw badRequest('query is too old and response timeout expired or query ID is invalid');
  }
  query.answered = true;
  const answer: CallbackAnswer = {
    callback_query_id: query.id,
    chatId: query.chatId,
    messageId: query.messageId,
    data: query.data,
    show_alert: optionalBool(params, 'show_alert') ?? false,
    time: context.now(),
  };
  const text = optionalString(params, 'text');
  if (text !== undefined) answer.text = text;
  const url = optionalString(params, 'url');
  if (url !== undefined) answer.url = url;
  const cacheTime = optionalInt(params, 'cache_time');
  if (cacheTime !== undefined) answer.cache_time = cacheTime;
  context.world.callbackAnswers.push(answer);
  context.events.emit('callback_answer', structuredClone(answer));
  return true;
};

const sendChatAction: MethodHandler = (params, context) => {
  const chatId = requireChatId(params);
  const action = optionalString(params, 'action');
  if (action === undefined || !CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
  const chat = requireWritableChat(context.world, chatId);
  context.events.emit('chat_action', { chatId: chat.info.id, action, time: context.now() });
  return true;
};

const getChat: MethodHandler = (params, context) => {
  const chat = requireKnownChat(context.world, requireChatId(params));
  return { ...chat.info, accent_color_id: 0, max_reaction_count: 11 };
};

const getChatMember: MethodHandler = (params, context) => {
  const chat = requireKnownChat(context.world, requireChatId(params));
  const userId = optionalInt(params, 'user_id');
  if (userId === undefined || userId <= 0) throw badRequest('invalid user_id specified');
  if (userId === context.bot.id) return chatMember(context.bot, chat.botStatus);
  return chatMember(context.world.user(userId), chat.members.get(userId) ?? 'member');
};

const leaveChat: MethodHandler = (params, context) => {
  const chat = requireKnownChat(context.world, requireChatId(params));
  if (chat.info.type === 'private') throw badRequest("chat member status can't be changed in private chats");
  chat.botStatus = 'left';
  return true;
};

/** The Bot API methods about chats, members, chat actions and callback answers. */
export const CHAT_METHODS: Record<string, MethodHandler> = {
  answerCallbackQuery,
  sendChatAction,
  getChat,
  getChatMember,
  leaveChat,
};
