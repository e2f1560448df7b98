import { badRequest, BotApiError } from './api-error';
import { detectEntities } from './auto-entities';
import { BOT_METHODS } from './bot-methods';
import { CHAT_METHODS } from './chat-methods';
import { createCommandStore, type BotCommand, type BotCommandScope, type CommandViewer } from './commands';
import { createEmitter } from './events';
import { createEmulatorHttpServer, errorBody, type ApiReply, type EmulatorHttpServer } from './http';
import { MESSAGE_METHODS } from './message-methods';
import type { MethodContext, MethodHandler, WebhookState } from './method-context';
import { chatMember, toTelegramMessage } from './message-json';
import { isUploadedFile, type Params } from './params';
import { createRateLimiter } from './rate-limiter';
import { callbackButtons } from './reply-markup';
import { createStatsRecorder } from './stats';
import type {
  ApiCall,
  BotApiErrorSpec,
  CallbackAnswer,
  ChatInfo,
  ChatMemberStatus,
  ChatType,
  EmulatedMessage,
  EmulatedUser,
  EmulatorEvents,
  EmulatorOptions,
  EmulatorStats,
  RateLimits,
  StormOptions,
  StormReport,
  Update,
} from './types';
import { createUpdateQueue } from './updates';
import { createWorld, inferChatType, type ChatRecord } from './world';

/** A user as tests describe them; `is_bot` is always false. */
export interface UserInput {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** A text message a user writes to the bot. */
export interface SendTextInput {
  chatId: number;
  text: string;
  /** Defaults to the private chat's user, or in groups to the last user who wrote there (else user 1000). */
  from?: UserInput;
  /** Used when the chat is new; defaults from the id (positive private, -100… supergroup, other negative group). */
  chatType?: 'private' | 'group' | 'supergroup';
  chatTitle?: string;
  replyToMessageId?: number;
}

/** A press on an inline keyboard button of a message the bot sent; give the button's `data` or its `text`. */
export interface PressButtonInput {
  chatId: number;
  messageId: number;
  data?: string;
  text?: string;
  from?: UserInput;
}

/** A change of the bot's membership in a chat, as the user or an admin makes it. */
export interface MyChatMemberInput {
  chatId: number;
  /** Defaults to 'kicked' (the user blocked the bot, or an admin removed it). */
  status?: ChatMemberStatus;
  from?: UserInput;
  chatType?: ChatType;
  chatTitle?: string;
}

/** A chat to make known to the emulator without a user writing from it. */
export interface AddChatInput {
  id: number;
  type?: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
}

/** A loopback Bot API server with a control API for tests and the playground. */
export interface BotApiEmulator {
  /** The token the emulator accepts (pass it to `new Telegraf(token, …)`). */
  readonly token: string;
  /** The bot's own user, as getMe answers. */
  readonly bot: EmulatedUser;
  /** Starts listening; pass the returned apiRoot as telegraf's `telegram.apiRoot`. */
  start(port?: number, host?: string): Promise<{ apiRoot: string }>;
  /** Stops listening and ends open connections; the state stays until `reset`. */
  stop(): Promise<void>;
  /** The apiRoot of the running server; throws when not started. */
  apiRoot(): string;

  addChat(input: AddChatInput): ChatInfo;
  sendText(input: SendTextInput): Update;
  pressButton(input: PressButtonInput): Update;
  myChatMember(input: MyChatMemberInput): Update;
  blockBot(chatId: number): Update;
  unblock(chatId: number): Update;
  setChatMemberStatus(chatId: number, userId: number, status: ChatMemberStatus): void;
  migrateGroup(chatId: number, newChatId: number): void;
  setUserDeactivated(chatId: number, deactivated?: boolean): void;
  failNext(method: string, error: BotApiErrorSpec, times?: number): void;
  setRateLimits(limits: Partial<RateLimits> | boolean): void;
  /** Starts (or with undefined, ends) a storm: shares of calls answered 429, 5xx, or not at all. */
  setStorm(storm: StormOptions | undefined): void;
  /** What the storm did so far: injected errors, unanswered calls (delivered or not) and retry_after violations. */
  stormReport(): StormReport;

  sent(chatId?: number): EmulatedMessage[];
  history(chatId: number): EmulatedMessage[];
  calls(method?: string): ApiCall[];
  callbackAnswers(): CallbackAnswer[];
  commands(scope?: BotCommandScope, languageCode?: string): BotCommand[];
  commandsFor(viewer: CommandViewer): BotCommand[];
  pendingUpdates(): Update[];
  chats(): ChatInfo[];
  stats(): EmulatorStats;

  waitFor(predicate: (message: EmulatedMessage) => boolean, timeoutMs?: number): Promise<EmulatedMessage>;
  waitForCall(match: string | ((call: ApiCall) => boolean), timeoutMs?: number): Promise<ApiCall>;
  waitForPolling(timeoutMs?: number): Promise<void>;
  isPolling(): boolean;

  on<K extends keyof EmulatorEvents>(event: K, listener: (payload: EmulatorEvents[K]) => void): () => void;
  off<K extends keyof EmulatorEvents>(event: K, listener: (payload: EmulatorEvents[K]) => void): void;
  /** Forgets chats, messages, updates, calls, commands, failures and counters; keeps listeners and update ids. */
  reset(): void;
}

// Real Bot API methods the emulator does not implement: answered with a clear 400 rather than Telegram's 404.
const NOT_EMULATED = [
  'sendVideo',
  'sendAnimation',
  'sendAudio',
  'sendVoice',
  'sendVideoNote',
  'sendMediaGroup',
  'sendLocation',
  'sendVenue',
  'sendContact',
  'sendPoll',
  'sendDice',
  'sendSticker',
  'forwardMessage',
  'forwardMessages',
  'copyMessage',
  'copyMessages',
  'editMessageMedia',
  'editMessageLiveLocation',
  'stopPoll',
  'pinChatMessage',
  'unpinChatMessage',
  'unpinAllChatMessages',
  'getChatAdministrators',
  'getChatMemberCount',
  'banChatMember',
  'unbanChatMember',
  'restrictChatMember',
  'promoteChatMember',
  'getFile',
  'getUserProfilePhotos',
  'setMessageReaction',
  'answerInlineQuery',
  'setChatMenuButton',
  'getChatMenuButton',
  'setMyName',
  'getMyName',
  'logOut',
  'close',
];

const GROUP_USER_ID = 1000;
/** Call parameters fit for the call log: uploaded files become their name, type and size. */
function loggableParams(params: Params): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    copy[key] = isUploadedFile(value)
      ? { filename: value.filename, contentType: value.contentType, size: value.size }
      : structuredClone(value);
  }
  return copy;
}

function describeMessage(message: EmulatedMessage): string {
  const text = message.text.length > 120 ? `${message.text.slice(0, 117)}...` : message.text;
  const flags = [message.edits > 0 ? `edited ${message.edits}x` : '', message.deleted ? 'deleted' : ''].filter(Boolean);
  const suffix = flags.length > 0 ? ` (${flags.join(', ')})` : '';
  return `  chat ${message.chat.id} #${message.message_id}${suffix}: ${JSON.stringify(text)}`;
}

/** Creates a Bot API emulator; nothing listens until `start`. */
/** How long a bot may take, after a 429 reaches it, to stop every sender (a Redis round trip, a timer). */
const HOLD_NOTICE_MS = 100;

export function createBotApiEmulator(options: EmulatorOptions = {}): BotApiEmulator {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const botId = options.botId ?? 6_000_000_001;
  const token = options.token ?? `${botId}:AAEmulator-test-token-not-a-secret0000`;
  const bot: EmulatedUser = {
    id: botId,
    is_bot: true,
    first_name: options.botName ?? 'Emulated Bot',
    username: options.botUsername ?? 'emulated_bot',
  };
  const maxCalls = options.maxCallHistory ?? 10_000;

  const world = createWorld();
  const events = createEmitter<EmulatorEvents>();
  const pollWaiters = new Set<() => void>();
  const updates = createUpdateQueue(() => {
    for (const wake of [...pollWaiters]) wake();
  });
  const limiter = createRateLimiter(options.rateLimits ?? false, now);
  const commandStore = createCommandStore();
  const stats = createStatsRecorder();
  const webhook: WebhookState = { url: '', hasSecretToken: false };
  const failures = new Map<string, BotApiErrorSpec[]>();
  let callLog: ApiCall[] = [];
  let storm: StormOptions | undefined = options.storm;
  let holdUntil = 0;
  /** When the bot can first know of the current hold (its 429 answered); calls before that are not violations. */
  let holdKnownAt = 0;
  const emptyStormReport = (): StormReport => ({ injected429: 0, injected5xx: 0, unansweredDelivered: [], unansweredDropped: 0, violations: [] });
  let stormReport = emptyStormReport();
  let callbackSeq = 0;
  let server: EmulatorHttpServer | undefined;
  let root: string | undefined;

  const context: MethodContext = {
    world,
    updates,
    limiter,
    commands: commandStore,
    stats,
    events,
    bot,
    now,
    strictHtml: options.strictHtml ?? true,
    callbackQueryTtlMs: options.callbackQueryTtlMs ?? 15_000,
    webhook,
    profile: new Map(),
  };

  const methods = new Map<string, { name: string; handler: MethodHandler }>();
  for (const table of [BOT_METHODS, MESSAGE_METHODS, CHAT_METHODS]) {
    for (const [name, handler] of Object.entries(table)) methods.set(name.toLowerCase(), { name, handler });
  }
  const notEmulated = new Map(NOT_EMULATED.map((name) => [name.toLowerCase(), name]));

  const recordCall = (call: ApiCall): void => {
    callLog.push(call);
    if (callLog.length > maxCalls) callLog = callLog.slice(callLog.length - maxCalls);
    stats.call(call.ok);
    events.emit('call', structuredClone(call));
  };

  const delay = async (): Promise<void> => {
    const latency = options.latencyMs;
    if (latency === undefined || latency.max <= 0) return;
    const ms = latency.min + random() * Math.max(0, latency.max - latency.min);
    await new Promise((resolve) => setTimeout(resolve, ms));
  };

  /** Decides what a storm does to one call arriving at `time`, before Telegram acts on it. */
  const stormOf = (name: string, params: Params, time: number): BotApiError | 'hang' | 'hang-delivered' | undefined => {
    if (storm === undefined || !(storm.methods ?? ['sendMessage']).includes(name)) return undefined;
    if (time < holdUntil) {
      // A call that left the bot before the 429's answer could reach it is refused too, but it is no violation.
      if (time >= holdKnownAt) stormReport.violations.push({ method: name, chatId: params.chat_id, time, holdUntil });
      const retryAfter = Math.max(1, Math.ceil((holdUntil - time) / 1000));
      return new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    const draw = random();
    const share429 = storm.share429 ?? 0;
    const share5xx = storm.share5xx ?? 0;
    if (draw < share429) {
      const { min, max } = storm.retryAfterSeconds ?? { min: 1, max: 3 };
      const retryAfter = min + Math.floor(random() * (max - min + 1));
      holdUntil = time + retryAfter * 1000;
      // NOTE: the bot learns of the hold when this answer reaches it: after the call's latency, plus a moment to act.
      holdKnownAt = time + (options.latencyMs?.max ?? 0) + HOLD_NOTICE_MS;
      stormReport.injected429++;
      return new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    if (draw < share429 + share5xx) {
      stormReport.injected5xx++;
      return new BotApiError(502, 'Bad Gateway');
    }
    if (draw < share429 + share5xx + (storm.shareUnanswered ?? 0)) {
      return random() < (storm.unansweredDelivered ?? 0.5) ? 'hang-delivered' : 'hang';
    }
    return undefined;
  };

  // NOTE: Telegram counts a call (flood limits, retry_after) when it arrives and acts on it then; the latency is
  // spent on the way back. So the call is handled at receipt and only the answer waits.
  const handleCall = async (method: string, params: Params, signal: AbortSignal): Promise<ApiReply> => {
    const time = now();
    const entry = methods.get(method.toLowerCase());
    const name = entry?.name ?? notEmulated.get(method.toLowerCase()) ?? method;
    let reply: ApiReply;
    let result: unknown;
    let failure: BotApiError | undefined;
    const stormed = stormOf(name, params, time);
    try {
      if (entry === undefined) {
        const known = notEmulated.get(method.toLowerCase());
        throw known === undefined ? new BotApiError(404, 'Not Found') : badRequest(`method ${known} is not emulated`);
      }
      if (stormed instanceof BotApiError) throw stormed;
      const injected = failures.get(entry.name)?.shift();
      if (injected !== undefined) throw BotApiError.from(injected);
      if (stormed === 'hang') {
        stormReport.unansweredDropped++;
        result = undefined;
      } else {
        result = await entry.handler(params, context, signal);
        if (stormed === 'hang-delivered') {
          const sent = result as { message_id?: number; chat?: { id?: number } } | undefined;
          stormReport.unansweredDelivered.push({ chatId: Number(sent?.chat?.id), messageId: Number(sent?.message_id) });
        }
      }
      reply = { status: 200, body: { ok: true, result } };
    } catch (error) {
      failure =
        error instanceof BotApiError
          ? error
          : new BotApiError(500, `Internal Server Error: ${error instanceof Error ? error.message : String(error)}`);
      reply = { status: failure.code, body: errorBody(failure) };
    }
    const call: ApiCall = {
      method: name,
      params: loggableParams(params),
      time,
      status: reply.status,
      ok: failure === undefined,
    };
    if (failure === undefined) call.result = structuredClone(result);
    else {
      call.description = failure.description;
      if (failure.parameters !== undefined) call.parameters = { ...failure.parameters };
    }
    if (stormed === 'hang' || stormed === 'hang-delivered') {
      call.unanswered = true;
      if (stormed === 'hang') Object.assign(call, { ok: false, status: 0 });
      recordCall(call);
      // The client gives up (its timeout) or the emulator stops; either way the connection closes unanswered.
      if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      return reply;
    }
    recordCall(call);
    await delay();
    return reply;
  };

  const defaultUser = (chat: ChatRecord): EmulatedUser => {
    if (chat.info.type === 'private') {
      const known = world.users.get(chat.info.id);
      if (known !== undefined) return known;
      return {
        id: chat.info.id,
        is_bot: false,
        first_name: chat.info.first_name ?? `User ${chat.info.id}`,
        username: chat.info.username ?? `user${chat.info.id}`,
        language_code: 'en',
      };
    }
    if (chat.lastUserId !== undefined) return world.user(chat.lastUserId);
    return (
      world.users.get(GROUP_USER_ID) ?? {
        id: GROUP_USER_ID,
        is_bot: false,
        first_name: 'Group Member',
        username: 'group_member',
        language_code: 'en',
      }
    );
  };

  const asUser = (input: UserInput): EmulatedUser => ({ ...input, is_bot: false });

  const ensureChat = (
    chatId: number,
    type: ChatType | undefined,
    title: string | undefined,
    from: UserInput | undefined,
  ): { chat: ChatRecord; created: boolean } => {
    const known = world.chats.get(chatId);
    if (known !== undefined) {
      if (title !== undefined && known.info.type !== 'private') known.info.title = title;
      return { chat: known, created: false };
    }
    const chatType = type ?? inferChatType(chatId);
    const info: ChatInfo = { id: chatId, type: chatType };
    if (chatType === 'private') {
      info.first_name = from?.first_name ?? `User ${chatId}`;
      if (from?.last_name !== undefined) info.last_name = from.last_name;
      info.username = from?.username ?? `user${chatId}`;
    } else {
      info.title = title ?? `Group ${chatId}`;
    }
    return { chat: world.addChat(info), created: true };
  };

  const pushUpdate = (payload: Omit<Update, 'update_id'>): Update => {
    const update = updates.push(payload);
    events.emit('update', structuredClone(update));
    return structuredClone(update);
  };

  const changeBotStatus = (
    chat: ChatRecord,
    oldStatus: ChatMemberStatus,
    status: ChatMemberStatus,
    from: EmulatedUser,
  ): Update => {
    chat.botStatus = status;
    return pushUpdate({
      my_chat_member: {
        chat: { ...chat.info },
        from: { ...from },
        date: Math.floor(now() / 1000),
        old_chat_member: chatMember(bot, oldStatus),
        new_chat_member: chatMember(bot, status),
      },
    });
  };

  const waitForEvent = <T>(
    find: () => T | undefined,
    subscribe: (check: () => void) => () => void,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let settled = false;
      let unsubscribe = (): void => undefined;
      const timer = setTimeout(() => settle(() => reject(new Error(describe()))), timeoutMs);
      const settle = (finish: () => void): void => {
        if (settled) return;
        settled = true;
        unsubscribe();
        clearTimeout(timer);
        finish();
      };
      const check = (): void => {
        if (settled) return;
        let found: T | undefined;
        try {
          found = find();
        } catch (error) {
          settle(() => reject(error instanceof Error ? error : new Error(String(error))));
          return;
        }
        if (found !== undefined) settle(() => resolve(found));
      };
      check();
      if (settled) return;
      unsubscribe = subscribe(check);
    });

  const describeState = (what: string, timeoutMs: number): string => {
    const sent = world.messages.filter((message) => message.outgoing);
    const lines = [`${what} timed out after ${timeoutMs} ms.`];
    lines.push(sent.length === 0 ? 'The bot sent no messages.' : `The bot sent ${sent.length} message(s):`);
    for (const message of sent.slice(-20)) lines.push(describeMessage(message));
    const failed = callLog.filter((call) => !call.ok && call.method !== 'getUpdates').slice(-10);
    if (failed.length > 0) {
      lines.push('Failed calls:');
      for (const call of failed) lines.push(`  ${call.method} -> ${call.status} ${call.description ?? ''}`);
    }
    const pending = updates.pending().length;
    if (pending > 0) lines.push(`${pending} update(s) not yet fetched by the bot (is it polling?).`);
    return lines.join('\n');
  };

  const emulator: BotApiEmulator = {
    token,
    bot: { ...bot },

    async start(port = 0, host = '127.0.0.1') {
      if (server !== undefined) throw new Error('The emulator is already started');
      const created = createEmulatorHttpServer({
        token,
        handle: ({ method, params, signal }) => handleCall(method, params, signal),
      });
      const address = await created.listen(port, host);
      server = created;
      root = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      return { apiRoot: root };
    },

    async stop() {
      const running = server;
      server = undefined;
      root = undefined;
      updates.release();
      await running?.close();
    },

    apiRoot() {
      if (root === undefined) throw new Error('The emulator is not started');
      return root;
    },

    addChat(input) {
      const type = input.type ?? inferChatType(input.id);
      const info: ChatInfo = { ...input, type };
      if (type === 'private') info.first_name ??= `User ${input.id}`;
      else info.title ??= `Group ${input.id}`;
      return { ...world.addChat(info).info };
    },

    sendText(input) {
      if (typeof input.text !== 'string' || input.text.trim() === '') throw new Error('sendText: text must not be empty');
      if (input.text.length > 4096) throw new Error('sendText: text is longer than 4096 characters');
      const { chat } = ensureChat(input.chatId, input.chatType, input.chatTitle, input.from);
      if (chat.migratedTo !== undefined) {
        throw new Error(`sendText: chat ${input.chatId} was migrated to ${chat.migratedTo}; write to the new id`);
      }
      const user = input.from === undefined ? defaultUser(chat) : asUser(input.from);
      world.rememberUser(user);
      chat.lastUserId = user.id;
      if (chat.botStatus === 'kicked' || chat.botStatus === 'left') {
        if (chat.info.type !== 'private') {
          throw new Error(
            `sendText: the bot is not in chat ${chat.info.id}; add it with myChatMember({ chatId, status: 'member' })`,
          );
        }
        // Writing to a bot you blocked means pressing "Restart": Telegram unblocks it first.
        changeBotStatus(chat, chat.botStatus, 'member', user);
      }
      let replyTo: EmulatedMessage | undefined;
      if (input.replyToMessageId !== undefined) {
        replyTo = chat.messages.get(input.replyToMessageId);
        if (replyTo === undefined) throw new Error(`sendText: no message ${input.replyToMessageId} in chat ${chat.info.id}`);
      }
      const message = world.addMessage(chat, {
        from: user,
        outgoing: false,
        date: Math.floor(now() / 1000),
        text: input.text,
        raw_text: input.text,
        entities: detectEntities(input.text),
      });
      if (replyTo !== undefined) message.reply_to_message_id = replyTo.message_id;
      return pushUpdate({ message: toTelegramMessage(message, replyTo) });
    },

    pressButton(input) {
      const chat = world.chats.get(input.chatId);
      if (chat === undefined) throw new Error(`pressButton: unknown chat ${input.chatId}`);
      const message = chat.messages.get(input.messageId);
      if (message === undefined || message.deleted || !message.outgoing) {
        throw new Error(`pressButton: the bot has no message ${input.messageId} in chat ${input.chatId}`);
      }
      if (input.data === undefined && input.text === undefined) throw new Error('pressButton: give data or text');
      const buttons = callbackButtons(message.reply_markup);
      const button = buttons.find((candidate) =>
        input.data !== undefined ? candidate.callback_data === input.data : candidate.text === input.text,
      );
      if (button === undefined || button.callback_data === undefined) {
        const available = buttons.map(
          (candidate) => `${JSON.stringify(candidate.text)}=${JSON.stringify(candidate.callback_data)}`,
        );
        throw new Error(
          `pressButton: message ${input.messageId} in chat ${input.chatId} has no callback button ` +
            `${JSON.stringify(input.data ?? input.text)}; its buttons: [${available.join(', ')}]`,
        );
      }
      const user = input.from === undefined ? defaultUser(chat) : asUser(input.from);
      world.rememberUser(user);
      const id = String(4_400_000_000_000_000 + ++callbackSeq);
      world.callbackQueries.set(id, {
        id,
        chatId: chat.info.id,
        messageId: message.message_id,
        data: button.callback_data,
        from: user,
        createdAt: now(),
        answered: false,
      });
      return pushUpdate({
        callback_query: {
          id,
          from: { ...user },
          message: toTelegramMessage(message),
          chat_instance: String(8_000_000_000_000 + Math.abs(chat.info.id)),
          data: button.callback_data,
        },
      });
    },

    myChatMember(input) {
      const { chat, created } = ensureChat(input.chatId, input.chatType, input.chatTitle, input.from);
      const oldStatus: ChatMemberStatus = created && chat.info.type !== 'private' ? 'left' : chat.botStatus;
      const from = input.from === undefined ? defaultUser(chat) : asUser(input.from);
      return changeBotStatus(chat, oldStatus, input.status ?? 'kicked', from);
    },

    blockBot(chatId) {
      return emulator.myChatMember({ chatId, status: 'kicked' });
    },

    unblock(chatId) {
      return emulator.myChatMember({ chatId, status: 'member' });
    },

    setChatMemberStatus(chatId, userId, status) {
      const { chat } = ensureChat(chatId, undefined, undefined, undefined);
      if (userId === bot.id) chat.botStatus = status;
      else chat.members.set(userId, status);
    },

    migrateGroup(chatId, newChatId) {
      const old = world.chats.get(chatId);
      if (old === undefined || old.info.type !== 'group') throw new Error(`migrateGroup: ${chatId} is not a known group`);
      if (world.chats.has(newChatId)) throw new Error(`migrateGroup: chat ${newChatId} already exists`);
      const supergroup = world.addChat({ id: newChatId, type: 'supergroup', title: old.info.title ?? `Group ${newChatId}` });
      supergroup.botStatus = old.botStatus;
      supergroup.members = new Map(old.members);
      if (old.lastUserId !== undefined) supergroup.lastUserId = old.lastUserId;
      old.migratedTo = newChatId;
      const from = defaultUser(old);
      const date = Math.floor(now() / 1000);
      pushUpdate({
        message: { message_id: old.nextMessageId++, from, chat: { ...old.info }, date, migrate_to_chat_id: newChatId },
      });
      pushUpdate({
        message: {
          message_id: supergroup.nextMessageId++,
          from,
          chat: { ...supergroup.info },
          date,
          migrate_from_chat_id: chatId,
        },
      });
    },

    setUserDeactivated(chatId, deactivated = true) {
      ensureChat(chatId, undefined, undefined, undefined).chat.deactivated = deactivated;
    },

    failNext(method, error, times = 1) {
      const name = methods.get(method.toLowerCase())?.name;
      if (name === undefined) throw new Error(`failNext: the emulator does not implement ${method}`);
      const queue = failures.get(name) ?? [];
      for (let i = 0; i < times; i++) queue.push({ ...error });
      failures.set(name, queue);
    },

    setRateLimits(limits) {
      limiter.configure(limits);
    },

    setStorm(next) {
      storm = next;
      if (next === undefined) holdUntil = 0;
    },

    stormReport: () => structuredClone(stormReport),

    sent(chatId) {
      return world.messages
        .filter((message) => message.outgoing && (chatId === undefined || message.chat.id === chatId))
        .map((message) => structuredClone(message));
    },

    history(chatId) {
      return [...(world.chats.get(chatId)?.messages.values() ?? [])].map((message) => structuredClone(message));
    },

    calls(method) {
      const wanted = method?.toLowerCase();
      return callLog
        .filter((call) => wanted === undefined || call.method.toLowerCase() === wanted)
        .map((call) => structuredClone(call));
    },

    callbackAnswers: () => structuredClone(world.callbackAnswers),
    commands: (scope, languageCode) => commandStore.get(scope, languageCode),
    commandsFor: (viewer) => commandStore.resolve(viewer),
    pendingUpdates: () => structuredClone(updates.pending()),
    chats: () => [...world.chats.values()].map((chat) => ({ ...chat.info })),
    stats: () => stats.snapshot(),

    waitFor(predicate, timeoutMs = 5000) {
      return waitForEvent(
        () => {
          for (const message of world.messages) {
            if (!message.outgoing) continue;
            const snapshot = structuredClone(message);
            if (predicate(snapshot)) return snapshot;
          }
          return undefined;
        },
        (check) => {
          const offMessage = events.on('message', check);
          const offEdit = events.on('edit', check);
          return () => {
            offMessage();
            offEdit();
          };
        },
        timeoutMs,
        () => describeState('waitFor', timeoutMs),
      );
    },

    waitForCall(match, timeoutMs = 5000) {
      const predicate =
        typeof match === 'string' ? (call: ApiCall) => call.method.toLowerCase() === match.toLowerCase() : match;
      return waitForEvent(
        () => {
          const found = callLog.find((call) => predicate(structuredClone(call)));
          return found === undefined ? undefined : structuredClone(found);
        },
        (check) => events.on('call', check),
        timeoutMs,
        () => describeState('waitForCall', timeoutMs),
      );
    },

    waitForPolling(timeoutMs = 5000) {
      return waitForEvent(
        () => (updates.isWaiting() ? true : undefined),
        (check) => {
          pollWaiters.add(check);
          return () => pollWaiters.delete(check);
        },
        timeoutMs,
        () => describeState('waitForPolling', timeoutMs),
      ).then(() => undefined);
    },

    isPolling: () => updates.isWaiting(),
    on: (event, listener) => events.on(event, listener),
    off: (event, listener) => events.off(event, listener),

    reset() {
      world.reset();
      updates.drop();
      commandStore.clear();
      limiter.clear();
      stats.reset();
      failures.clear();
      stormReport = emptyStormReport();
      holdUntil = 0;
      context.profile.clear();
      webhook.url = '';
      webhook.hasSecretToken = false;
      delete webhook.maxConnections;
      delete webhook.allowedUpdates;
      callLog = [];
    },
  };
  return emulator;
}
