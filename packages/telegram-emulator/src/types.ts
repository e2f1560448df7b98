/** A Telegram user as the Bot API describes it (the `User` object). */
export interface EmulatedUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** The kinds of chat the emulator knows. */
export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

/** A chat as it appears inside messages and updates (the Bot API's `Chat` object). */
export interface ChatInfo {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
}

/** A member's status in a chat, as `getChatMember` reports it. */
export type ChatMemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

/** A formatting entity of a message text, offsets and lengths in UTF-16 code units (the Bot API's `MessageEntity`). */
export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  user?: EmulatedUser;
  language?: string;
  custom_emoji_id?: string;
}

/** One button of an inline keyboard; only `text` plus one action field are meaningful. */
export interface InlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [field: string]: unknown;
}

/** A reply markup as the bot sent it: an inline keyboard, a reply keyboard, a removal or a force-reply. */
export interface ReplyMarkup {
  inline_keyboard?: InlineKeyboardButton[][];
  keyboard?: unknown[][];
  remove_keyboard?: boolean;
  force_reply?: boolean;
  [field: string]: unknown;
}

/** Link preview settings of a message (the Bot API's `LinkPreviewOptions`). */
export interface LinkPreviewOptions {
  is_disabled?: boolean;
  url?: string;
  prefer_small_media?: boolean;
  prefer_large_media?: boolean;
  show_above_text?: boolean;
}

/** A file received in a multipart request. */
export interface UploadedFile {
  kind: 'uploaded-file';
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

/** The photo of a photo message, described by where it came from rather than by its pixels. */
export interface SentPhoto {
  source: 'upload' | 'url' | 'file_id';
  /** The URL or file_id as given, or the uploaded file's name. */
  value: string;
  size?: number;
  file_id: string;
}

/** The file of a document message: where it came from, its name and type, and for uploads the bytes themselves. */
export interface SentDocument {
  source: 'upload' | 'url' | 'file_id';
  /** The URL or file_id as given, or the uploaded file's name. */
  value: string;
  file_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
  /** The uploaded bytes, so that tests and the playground can read the file. */
  data?: Uint8Array;
}

/** A message in an emulated chat, either sent by the bot (`outgoing`) or injected as a user's message. */
export interface EmulatedMessage {
  message_id: number;
  chat: ChatInfo;
  from: EmulatedUser;
  outgoing: boolean;
  /** Unix seconds. */
  date: number;
  edit_date?: number;
  /** The visible text (the caption for photos and documents), after entity parsing and trimming. */
  text: string;
  /** The text exactly as the bot sent it, before parsing (HTML or Markdown source). */
  raw_text: string;
  parse_mode?: string;
  entities: MessageEntity[];
  reply_markup?: ReplyMarkup;
  link_preview_options?: LinkPreviewOptions;
  disable_web_page_preview?: boolean;
  reply_to_message_id?: number;
  photo?: SentPhoto;
  document?: SentDocument;
  /** How many successful edits were applied. */
  edits: number;
  deleted: boolean;
}

/** A message as the Bot API serialises it inside updates and method results. */
export interface TelegramMessage {
  message_id: number;
  from?: EmulatedUser;
  chat: ChatInfo;
  date: number;
  edit_date?: number;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  caption_entities?: MessageEntity[];
  photo?: { file_id: string; file_unique_id: string; width: number; height: number; file_size?: number }[];
  document?: { file_id: string; file_unique_id: string; file_name?: string; mime_type?: string; file_size?: number };
  reply_markup?: ReplyMarkup;
  reply_to_message?: TelegramMessage;
  link_preview_options?: LinkPreviewOptions;
  migrate_to_chat_id?: number;
  migrate_from_chat_id?: number;
}

/** A chat member entry (the Bot API's `ChatMember`, reduced to what the emulator tracks). */
export interface ChatMember {
  status: ChatMemberStatus;
  user: EmulatedUser;
  until_date?: number;
  [field: string]: unknown;
}

/** A change of the bot's own membership in a chat (the Bot API's `ChatMemberUpdated`). */
export interface ChatMemberUpdated {
  chat: ChatInfo;
  from: EmulatedUser;
  date: number;
  old_chat_member: ChatMember;
  new_chat_member: ChatMember;
}

/** A button press on an inline keyboard (the Bot API's `CallbackQuery`). */
export interface CallbackQuery {
  id: string;
  from: EmulatedUser;
  message?: TelegramMessage;
  chat_instance: string;
  data?: string;
}

/** An update waiting in the getUpdates queue. */
export interface Update {
  update_id: number;
  message?: TelegramMessage;
  edited_message?: TelegramMessage;
  callback_query?: CallbackQuery;
  my_chat_member?: ChatMemberUpdated;
  chat_member?: ChatMemberUpdated;
}

/** An update before the queue gives it an id. */
export type UpdatePayload = Omit<Update, 'update_id'>;

/** Extra data on a Bot API error (the Bot API's `ResponseParameters`). */
export interface ResponseParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

/** An error to answer with, as `failNext` takes it. */
export interface BotApiErrorSpec {
  code: number;
  description: string;
  parameters?: ResponseParameters;
}

/** One Bot API call the emulator received and answered. */
export interface ApiCall {
  method: string;
  /** The parameters as received; uploaded files are replaced by their name, type and size. */
  params: Record<string, unknown>;
  /** When the call arrived, epoch milliseconds from the emulator's clock. */
  time: number;
  /** The HTTP status answered: 200, or the error code. */
  status: number;
  ok: boolean;
  description?: string;
  parameters?: ResponseParameters;
  result?: unknown;
  /** Never answered (a storm): the client gave up waiting. */
  unanswered?: boolean;
}

/** Telegram's flood limits as the emulator enforces them. */
export interface RateLimits {
  /** Messages per sliding second across all chats (Telegram: about 30). */
  globalPerSecond: number;
  /** Messages per sliding second in one chat (Telegram: about 1). */
  perChatPerSecond: number;
  /** Messages per sliding minute in one group or supergroup (Telegram: 20). */
  perGroupPerMinute: number;
  /** Whether editMessageText/editMessageCaption/editMessageReplyMarkup count as messages. */
  countEdits: boolean;
  /** Messages per sliding second sent with `allow_paid_broadcast` (Telegram: up to 1000); they do not count against `globalPerSecond`. */
  paidBroadcastPerSecond: number;
}

/** A share of Telegram's answers going wrong, as in a Telegram outage; each share is a probability in [0, 1]. */
export interface StormOptions {
  /** Answered 429 with a retry_after that holds for the whole bot: anything sent before it ends is a violation. */
  share429?: number;
  /** The retry_after of those 429s, whole seconds (default 1–3). */
  retryAfterSeconds?: { min: number; max: number };
  /** Answered 502 Bad Gateway without acting on the call. */
  share5xx?: number;
  /** Never answered: the request hangs until the client gives up (or the emulator stops). */
  shareUnanswered?: number;
  /** Of the unanswered calls, the share Telegram acted on anyway (the message was delivered); default 0.5. */
  unansweredDelivered?: number;
  /** The methods the storm hits (default sendMessage). */
  methods?: string[];
}

/** What a storm did, for tests to reconcile against what the bot saw. */
export interface StormReport {
  injected429: number;
  injected5xx: number;
  /** Unanswered calls the emulator acted on (a message exists for each; a retry of it is a legitimate duplicate). */
  unansweredDelivered: Array<{ chatId: number; messageId: number }>;
  /** Unanswered calls the emulator dropped (nothing was delivered). */
  unansweredDropped: number;
  /** Calls that arrived while a storm 429's retry_after was in force (each answered 429 again). */
  violations: Array<{ method: string; chatId: unknown; time: number; holdUntil: number }>;
}

/** What `createBotApiEmulator` accepts; every field has a default. */
export interface EmulatorOptions {
  token?: string;
  botId?: number;
  botUsername?: string;
  botName?: string;
  /** `false` (default) disables flood limits, `true` enables Telegram's defaults, an object overrides some. */
  rateLimits?: Partial<RateLimits> | boolean;
  /** A random delay before each answer, in milliseconds. */
  latencyMs?: { min: number; max: number };
  /** The clock, epoch milliseconds; used for dates, call times, rate limits and callback expiry. */
  now?: () => number;
  /** A source of randomness in [0, 1), used for latency. */
  random?: () => number;
  /** How long a callback query can be answered, in milliseconds (default 15 000). */
  callbackQueryTtlMs?: number;
  /** Reject a bare `&` in HTML that does not start an entity (default true; Telegram itself shows it as is). */
  strictHtml?: boolean;
  /** How many calls `calls()` keeps, oldest dropped first (default 10 000). */
  maxCallHistory?: number;
  /** Answer a share of calls with 429, 5xx or nothing at all (off by default); see `setStorm`. */
  storm?: StormOptions;
}

/** An answer the bot gave to a button press. */
export interface CallbackAnswer {
  callback_query_id: string;
  chatId?: number;
  messageId?: number;
  data?: string;
  text?: string;
  show_alert: boolean;
  url?: string;
  cache_time?: number;
  time: number;
}

/** A chat action (such as "typing") the bot showed. */
export interface ChatActionEvent {
  chatId: number;
  action: string;
  time: number;
}

/** Per-chat counters in `stats()`. */
export interface ChatStats {
  sent: number;
  edited: number;
  rejected429: number;
}

/** Counters of what the bot did. */
export interface EmulatorStats {
  calls: number;
  sent: number;
  edited: number;
  deleted: number;
  rejected429: number;
  /** Calls answered with any error (4xx or 5xx), including 429s. */
  errors: number;
  byChat: Record<string, ChatStats>;
}

/** The events the emulator emits, for tests and the playground. */
export interface EmulatorEvents {
  /** The bot sent a message. */
  message: EmulatedMessage;
  /** The bot edited a message (the message after the edit). */
  edit: EmulatedMessage;
  /** The bot deleted a message (the message as it was, flagged deleted). */
  delete: EmulatedMessage;
  /** A Bot API call was answered. */
  call: ApiCall;
  /** The bot answered a callback query. */
  callback_answer: CallbackAnswer;
  /** The bot showed a chat action. */
  chat_action: ChatActionEvent;
  /** An update was queued for the bot (a user's message, a button press, a membership change). */
  update: Update;
}
