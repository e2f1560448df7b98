import { badRequest, BotApiError } from './api-error';
import type { MethodContext, MethodHandler } from './method-context';
import { toTelegramMessage } from './message-json';
import { formatMessageText } from './message-text';
import {
  isUploadedFile,
  optionalBool,
  optionalInt,
  optionalJson,
  optionalString,
  requireChatId,
  type Params,
} from './params';
import { readReplyMarkup } from './reply-markup';
import type { EmulatedMessage, LinkPreviewOptions, MessageEntity, ReplyMarkup, SentDocument, SentPhoto } from './types';
import { requireKnownChat, requireWritableChat, type ChatRecord } from './world';

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content ' +
  'and reply markup of the message';
const DELETE_WINDOW_MS = 48 * 60 * 60 * 1000;

/** JSON with object keys sorted, so that equal values compare equal whatever order their keys came in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

function readEntities(params: Params, name: string): MessageEntity[] | undefined {
  const value = optionalJson(params, name);
  if (value === undefined) return undefined;
  const valid =
    Array.isArray(value) &&
    value.every(
      (entity: unknown) =>
        typeof entity === 'object' &&
        entity !== null &&
        typeof (entity as MessageEntity).type === 'string' &&
        Number.isInteger((entity as MessageEntity).offset) &&
        Number.isInteger((entity as MessageEntity).length),
    );
  if (!valid) throw badRequest(`can't parse ${name} JSON object`);
  return value as MessageEntity[];
}

function readLinkPreview(params: Params): LinkPreviewOptions | undefined {
  const value = optionalJson(params, 'link_preview_options');
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest("can't parse link preview options JSON object");
  }
  return value as LinkPreviewOptions;
}

/** The message a send replies to, or undefined; 400 when it does not exist and sending without it is not allowed. */
function readReplyTarget(params: Params, context: MethodContext, chat: ChatRecord): EmulatedMessage | undefined {
  let messageId = optionalInt(params, 'reply_to_message_id');
  let allowWithout = optionalBool(params, 'allow_sending_without_reply') ?? false;
  let targetChat = chat;
  const replyParameters = optionalJson(params, 'reply_parameters');
  if (replyParameters !== undefined) {
    if (typeof replyParameters !== 'object' || replyParameters === null) {
      throw badRequest("can't parse reply parameters JSON object");
    }
    const reply = replyParameters as Params;
    messageId = optionalInt(reply, 'message_id');
    allowWithout = optionalBool(reply, 'allow_sending_without_reply') ?? false;
    if (reply.chat_id !== undefined) targetChat = requireKnownChat(context.world, requireChatId(reply));
  }
  if (messageId === undefined) return undefined;
  const target = targetChat.messages.get(messageId);
  if (target === undefined || target.deleted) {
    if (allowWithout) return undefined;
    throw badRequest('message to be replied not found');
  }
  return target;
}

/** Applies the flood limits to one send; throws 429 with retry_after when over. */
function throttle(context: MethodContext, chat: ChatRecord, params?: Params): void {
  const isGroup = chat.info.type === 'group' || chat.info.type === 'supergroup';
  const paid = params?.allow_paid_broadcast === true || params?.allow_paid_broadcast === 'true';
  const retryAfter = context.limiter.acquire(chat.info.id, isGroup, paid);
  if (retryAfter === undefined) return;
  context.stats.count('rejected429', chat.info.id);
  throw new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

function requireMessageId(params: Params): number {
  const messageId = optionalInt(params, 'message_id');
  if (messageId === undefined) throw badRequest('message identifier is not specified');
  return messageId;
}

/** The bot's own, not deleted message that an edit targets. */
function editableMessage(params: Params, context: MethodContext): { chat: ChatRecord; message: EmulatedMessage } {
  if (params.inline_message_id !== undefined && params.chat_id === undefined) {
    throw badRequest('message to edit not found');
  }
  const chatId = requireChatId(params);
  const messageId = requireMessageId(params);
  const chat = requireWritableChat(context.world, chatId);
  const message = chat.messages.get(messageId);
  if (message === undefined || message.deleted) throw badRequest('message to edit not found');
  if (!message.outgoing) throw badRequest("message can't be edited");
  return { chat, message };
}

function applyEdit(
  context: MethodContext,
  chat: ChatRecord,
  message: EmulatedMessage,
  changes: Partial<EmulatedMessage>,
): unknown {
  if (context.limiter.limits()?.countEdits === true) throttle(context, chat);
  Object.assign(message, changes);
  message.edit_date = Math.floor(context.now() / 1000);
  message.edits++;
  context.stats.count('edited', chat.info.id);
  context.events.emit('edit', structuredClone(message));
  return toTelegramMessage(message);
}

function sameContent(
  message: EmulatedMessage,
  text: string,
  entities: MessageEntity[],
  markup: ReplyMarkup | undefined,
): boolean {
  return (
    message.text === text &&
    stableJson(message.entities) === stableJson(entities) &&
    stableJson(message.reply_markup ?? null) === stableJson(markup ?? null)
  );
}

const sendMessage: MethodHandler = (params, context) => {
  const chatId = requireChatId(params);
  const rawText = optionalString(params, 'text') ?? '';
  const parseMode = optionalString(params, 'parse_mode') || undefined;
  const formatted = formatMessageText({
    text: rawText,
    parseMode,
    entities: readEntities(params, 'entities'),
    kind: 'text',
    strictHtml: context.strictHtml,
  });
  const replyMarkup = readReplyMarkup(params);
  const linkPreview = readLinkPreview(params);
  const disablePreview = optionalBool(params, 'disable_web_page_preview');
  const chat = requireWritableChat(context.world, chatId);
  const replyTo = readReplyTarget(params, context, chat);
  throttle(context, chat, params);

  const message = context.world.addMessage(chat, {
    from: context.bot,
    outgoing: true,
    date: Math.floor(context.now() / 1000),
    text: formatted.text,
    raw_text: rawText,
    entities: formatted.entities,
  });
  if (parseMode !== undefined) message.parse_mode = parseMode;
  if (replyMarkup !== undefined) message.reply_markup = replyMarkup;
  if (linkPreview !== undefined) message.link_preview_options = linkPreview;
  if (disablePreview !== undefined) message.disable_web_page_preview = disablePreview;
  if (replyTo !== undefined) message.reply_to_message_id = replyTo.message_id;
  context.stats.count('sent', chat.info.id);
  context.events.emit('message', structuredClone(message));
  return toTelegramMessage(message, replyTo);
};

/** A media message's file and caption, as sendPhoto and sendDocument store them. */
type MediaFields = Pick<EmulatedMessage, 'photo' | 'document'>;

/** Sends a photo or document: the caption is formatted like a message text, with the caption limit. */
function sendMedia(params: Params, context: MethodContext, media: (fileNumber: number) => MediaFields): unknown {
  const chatId = requireChatId(params);
  const rawCaption = optionalString(params, 'caption') ?? '';
  const parseMode = optionalString(params, 'parse_mode') || undefined;
  const formatted = formatMessageText({
    text: rawCaption,
    parseMode,
    entities: readEntities(params, 'caption_entities'),
    kind: 'caption',
    strictHtml: context.strictHtml,
  });
  const replyMarkup = readReplyMarkup(params);
  const chat = requireWritableChat(context.world, chatId);
  const replyTo = readReplyTarget(params, context, chat);
  throttle(context, chat, params);

  const message = context.world.addMessage(chat, {
    from: context.bot,
    outgoing: true,
    date: Math.floor(context.now() / 1000),
    text: formatted.text,
    raw_text: rawCaption,
    entities: formatted.entities,
    ...media(context.world.messages.length + 1),
  });
  if (parseMode !== undefined) message.parse_mode = parseMode;
  if (replyMarkup !== undefined) message.reply_markup = replyMarkup;
  if (replyTo !== undefined) message.reply_to_message_id = replyTo.message_id;
  context.stats.count('sent', chat.info.id);
  context.events.emit('message', structuredClone(message));
  return toTelegramMessage(message, replyTo);
}

const sendPhoto: MethodHandler = (params, context) => {
  const photoParam = params.photo;
  let photo: Omit<SentPhoto, 'file_id'>;
  if (isUploadedFile(photoParam)) {
    photo = { source: 'upload', value: photoParam.filename, size: photoParam.size };
  } else if (typeof photoParam === 'string' && photoParam.length > 0) {
    photo = { source: /^https?:\/\//i.test(photoParam) ? 'url' : 'file_id', value: photoParam };
  } else {
    throw badRequest('there is no photo in the request');
  }
  return sendMedia(params, context, (fileNumber) => ({
    photo: { ...photo, file_id: photo.source === 'file_id' ? photo.value : `AgACAgIAAxkBAAEmulated${fileNumber}` },
  }));
};

// The MIME types Telegram gives common uploads when the client sent none or a generic one.
const MIME_BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  opml: 'text/x-opml',
  html: 'text/html',
  pdf: 'application/pdf',
  zip: 'application/zip',
};

function documentMimeType(filename: string, contentType: string): string {
  const given = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (given !== '' && given !== 'application/octet-stream') return given;
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  return Object.hasOwn(MIME_BY_EXTENSION, extension) ? MIME_BY_EXTENSION[extension]! : 'application/octet-stream';
}

const sendDocument: MethodHandler = (params, context) => {
  const documentParam = params.document;
  let document: Omit<SentDocument, 'file_id'>;
  if (isUploadedFile(documentParam)) {
    if (documentParam.size === 0) throw badRequest('file must be non-empty');
    document = {
      source: 'upload',
      value: documentParam.filename,
      file_name: documentParam.filename,
      mime_type: documentMimeType(documentParam.filename, documentParam.contentType),
      file_size: documentParam.size,
      data: new Uint8Array(documentParam.data),
    };
  } else if (typeof documentParam === 'string' && documentParam.length > 0) {
    const isUrl = /^https?:\/\//i.test(documentParam);
    document = { source: isUrl ? 'url' : 'file_id', value: documentParam };
    if (isUrl) document.file_name = new URL(documentParam).pathname.split('/').pop() || 'file';
  } else {
    throw badRequest('there is no document in the request');
  }
  return sendMedia(params, context, (fileNumber) => ({
    document: { ...document, file_id: document.source === 'file_id' ? document.value : `BQACAgIAAxkBAAEmulated${fileNumber}` },
  }));
};

const editMessageText: MethodHandler = (params, context) => {
  const rawText = optionalString(params, 'text') ?? '';
  const parseMode = optionalString(params, 'parse_mode') || undefined;
  const formatted = formatMessageText({
    text: rawText,
    parseMode,
    entities: readEntities(params, 'entities'),
    kind: 'text',
    strictHtml: context.strictHtml,
  });
  // NOTE: like Telegram, an edit without reply_markup removes the message's inline keyboard.
  const replyMarkup = readReplyMarkup(params);
  const linkPreview = readLinkPreview(params);
  const { chat, message } = editableMessage(params, context);
  if (message.photo !== undefined || message.document !== undefined) throw badRequest('there is no text in the message to edit');
  if (sameContent(message, formatted.text, formatted.entities, replyMarkup)) throw badRequest(NOT_MODIFIED);
  return applyEdit(context, chat, message, {
    text: formatted.text,
    raw_text: rawText,
    entities: formatted.entities,
    parse_mode: parseMode,
    reply_markup: replyMarkup,
    link_preview_options: linkPreview ?? message.link_preview_options,
  });
};

const editMessageCaption: MethodHandler = (params, context) => {
  const rawCaption = optionalString(params, 'caption') ?? '';
  const parseMode = optionalString(params, 'parse_mode') || undefined;
  const formatted = formatMessageText({
    text: rawCaption,
    parseMode,
    entities: readEntities(params, 'caption_entities'),
    kind: 'caption',
    strictHtml: context.strictHtml,
  });
  const replyMarkup = readReplyMarkup(params);
  const { chat, message } = editableMessage(params, context);
  if (message.photo === undefined && message.document === undefined) {
    throw badRequest('there is no caption in the message to edit');
  }
  if (sameContent(message, formatted.text, formatted.entities, replyMarkup)) throw badRequest(NOT_MODIFIED);
  return applyEdit(context, chat, message, {
    text: formatted.text,
    raw_text: rawCaption,
    entities: formatted.entities,
    parse_mode: parseMode,
    reply_markup: replyMarkup,
  });
};

const editMessageReplyMarkup: MethodHandler = (params, context) => {
  const replyMarkup = readReplyMarkup(params);
  const { chat, message } = editableMessage(params, context);
  if (sameContent(message, message.text, message.entities, replyMarkup)) throw badRequest(NOT_MODIFIED);
  return applyEdit(context, chat, message, { reply_markup: replyMarkup });
};

function deleteOne(context: MethodContext, chat: ChatRecord, messageId: number): void {
  const message = chat.messages.get(messageId);
  if (message === undefined || message.deleted) throw badRequest('message to delete not found');
  if (context.now() - message.date * 1000 > DELETE_WINDOW_MS) throw badRequest("message can't be deleted for everyone");
  message.deleted = true;
  context.stats.deleted();
  context.events.emit('delete', structuredClone(message));
}

function deletableChat(params: Params, context: MethodContext): ChatRecord {
  const chat = requireKnownChat(context.world, requireChatId(params));
  if (chat.migratedTo !== undefined) {
    throw badRequest('group chat was upgraded to a supergroup chat', { migrate_to_chat_id: chat.migratedTo });
  }
  return chat;
}

const deleteMessage: MethodHandler = (params, context) => {
  const chat = deletableChat(params, context);
  deleteOne(context, chat, requireMessageId(params));
  return true;
};

const deleteMessages: MethodHandler = (params, context) => {
  const chat = deletableChat(params, context);
  const ids = optionalJson(params, 'message_ids');
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100) throw badRequest('message identifiers are not specified');
  for (const id of ids) {
    try {
      deleteOne(context, chat, Number(id));
    } catch (error) {
      // Telegram skips messages it cannot find or delete.
      if (!(error instanceof BotApiError)) throw error;
    }
  }
  return true;
};

/** The Bot API methods that send, edit and delete messages. */
export const MESSAGE_METHODS: Record<string, MethodHandler> = {
  sendMessage,
  sendPhoto,
  sendDocument,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  deleteMessages,
};
