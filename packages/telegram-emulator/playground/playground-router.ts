import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { BotApiEmulator, ChatInfo, EmulatedMessage, MessageEntity, ReplyMarkup, TelegramMessage } from '../src';
import { buildRenderEntitiesBundle } from './browser-bundle';
import type { PlaygroundLogger } from './logger';
import type { RenderableEntity } from './render-entities';

/** What the playground router needs: the in-process Bot API emulator the bot talks to, and a logger. */
export interface PlaygroundDeps {
  emulator: BotApiEmulator;
  logger?: PlaygroundLogger;
  /** How often an idle event stream gets a comment line so that proxies keep it open (default 15 000 ms). */
  heartbeatMs?: number;
  /** How many event streams may be open at once (default 100). */
  maxEventStreams?: number;
}

/** One inline keyboard button as the page draws it: a callback button, an http(s) link, or an inert label. */
export interface PlaygroundButton {
  text: string;
  callback_data?: string;
  url?: string;
}

/** A message as the playground page receives it: the visible text, its entities and its inline keyboard, never raw HTML. */
export interface PlaygroundMessage {
  message_id: number;
  chat_id: number;
  /** True for the bot's messages, false for what a person wrote. */
  outgoing: boolean;
  from: { id: number; first_name: string; last_name?: string; username?: string; is_bot: boolean };
  /** Unix seconds. */
  date: number;
  edit_date?: number;
  /** How many edits were applied, so that the page never replaces a newer version with an older one. */
  edits: number;
  text: string;
  entities: RenderableEntity[];
  keyboard?: PlaygroundButton[][];
  photo?: boolean;
  /** A file the bot sent; `url` (relative to the page) downloads it when the bot uploaded its bytes. */
  document?: PlaygroundDocument;
  reply_to_message_id?: number;
}

/** A document message's file as the page shows it. */
export interface PlaygroundDocument {
  file_name: string;
  mime_type?: string;
  file_size?: number;
  url?: string;
}

/** A person the page acts as: a user id and a first name no other tab or known chat has. */
export interface PlaygroundPerson {
  id: number;
  first_name: string;
  language_code?: string;
}

// The page's files served as they are; render-entities.js is built from TypeScript when the router is created.
const ASSETS: Record<string, string> = {
  'playground.css': 'text/css; charset=utf-8',
  'playground.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};
const BUILT_ASSETS: Record<string, string> = {
  'render-entities.js': 'text/javascript; charset=utf-8',
};

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const MAX_HISTORY = 500;
const PEOPLE_NAMES = ['Aruzhan', 'Daniyar', 'Mei', 'Li Wei', 'Siti', 'Budi', 'Ivan', 'Olga', 'Sam', 'Alex', 'Nurlan', 'Yuki'];
// The group personas the page offers besides the tab's own person; never handed out to a tab.
const RESERVED_IDS = new Set([7001, 7002]);
const RESERVED_NAMES = new Set(['Aigerim', 'Chen']);
const TEXT_MAX = 4096;

const safeId = z.number().int().refine(Number.isSafeInteger, 'must be within the safe integer range');

const userSchema = z.strictObject({
  id: safeId.refine((id) => id > 0, 'must be a positive user id'),
  first_name: z.string().trim().min(1).max(64),
  last_name: z.string().trim().min(1).max(64).optional(),
  username: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,32}$/, 'must be 1 to 32 letters, digits or _')
    .optional(),
  language_code: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})?$/, 'must be a language tag such as en or zh-hans')
    .optional(),
});

const messageBody = z.strictObject({
  text: z
    .string()
    .min(1, `must be 1 to ${TEXT_MAX} characters`)
    .max(TEXT_MAX, `must be 1 to ${TEXT_MAX} characters`)
    .refine((text) => text.trim() !== '', 'must not be blank'),
  from: userSchema.optional(),
  chatType: z.enum(['private', 'group', 'supergroup']).optional(),
  chatTitle: z.string().trim().min(1).max(128).optional(),
});

const pressBody = z.strictObject({
  messageId: safeId.refine((id) => id > 0, 'must be a positive message id'),
  data: z
    .string()
    .min(1)
    .refine((data) => Buffer.byteLength(data, 'utf8') <= 64, 'must be at most 64 bytes'),
  from: userSchema.optional(),
});

const personBody = z.strictObject({
  language_code: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})?$/, 'must be a language tag such as en or zh-hans')
    .optional(),
});

const memberBody = z.strictObject({
  status: z.enum(['creator', 'administrator', 'member', 'restricted', 'left', 'kicked']),
  /** The group's title, used when this call is the first the emulator hears of the group. */
  chatTitle: z.string().trim().min(1).max(128).optional(),
});

/** A 400 answer with a message that says what was wrong. */
class BadInput extends Error {}

/** Parses a chat id from a path or query: an integer, not 0, within JavaScript's safe range. */
function parseChatId(raw: unknown): number {
  if (typeof raw !== 'string' || !/^-?\d{1,16}$/.test(raw)) {
    throw new BadInput('chat id must be a non-zero integer, e.g. 123456789 or -1001234567890');
  }
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id === 0) throw new BadInput('chat id must be a non-zero integer within ±9007199254740991');
  return id;
}

function parseUserId(raw: unknown): number {
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw)) throw new BadInput('user id must be a positive integer');
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new BadInput('user id must be a positive integer within 9007199254740991');
  return id;
}

function parseBody<T>(schema: z.ZodType<T>, req: Request): T {
  if (!req.is('application/json')) throw new BadInput('send a JSON body with Content-Type: application/json');
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.map(String).join('.');
    return where === '' ? issue.message : `${where}: ${issue.message}`;
  });
  throw new BadInput(problems.join('; '));
}

function checkChatKind(chatId: number, chatType: string | undefined, fromId: number | undefined): void {
  if (chatId > 0 && chatType !== undefined && chatType !== 'private') throw new BadInput('a positive chat id is a private chat');
  if (chatId < 0 && chatType === 'private') throw new BadInput('a private chat has a positive id (the user id)');
  if (chatId > 0 && fromId !== undefined && fromId !== chatId) throw new BadInput('in a private chat, from.id must equal the chat id');
}

function entityView(entity: MessageEntity): RenderableEntity {
  const view: RenderableEntity = { type: entity.type, offset: entity.offset, length: entity.length };
  if (entity.url !== undefined) view.url = entity.url;
  if (entity.language !== undefined) view.language = entity.language;
  return view;
}

function keyboardView(markup: ReplyMarkup | undefined): PlaygroundButton[][] | undefined {
  const rows = markup?.inline_keyboard;
  if (!Array.isArray(rows) || rows.length === 0) return undefined;
  return rows.map((row) =>
    (Array.isArray(row) ? row : []).map((button) => {
      const view: PlaygroundButton = { text: String(button.text) };
      if (typeof button.callback_data === 'string') view.callback_data = button.callback_data;
      else if (typeof button.url === 'string') view.url = button.url;
      return view;
    }),
  );
}

function senderView(user: { id: number; first_name: string; last_name?: string; username?: string; is_bot: boolean }): PlaygroundMessage['from'] {
  const view: PlaygroundMessage['from'] = { id: user.id, first_name: user.first_name, is_bot: user.is_bot };
  if (user.last_name !== undefined) view.last_name = user.last_name;
  if (user.username !== undefined) view.username = user.username;
  return view;
}

/** The page's view of a message the emulator holds. */
function messageView(message: EmulatedMessage): PlaygroundMessage {
  const view: PlaygroundMessage = {
    message_id: message.message_id,
    chat_id: message.chat.id,
    outgoing: message.outgoing,
    from: senderView(message.from),
    date: message.date,
    edits: message.edits,
    text: message.text,
    entities: message.entities.map(entityView),
  };
  if (message.edit_date !== undefined) view.edit_date = message.edit_date;
  const keyboard = keyboardView(message.reply_markup);
  if (keyboard !== undefined) view.keyboard = keyboard;
  if (message.photo !== undefined) view.photo = true;
  if (message.document !== undefined) {
    const document: PlaygroundDocument = { file_name: message.document.file_name ?? 'file' };
    if (message.document.mime_type !== undefined) document.mime_type = message.document.mime_type;
    if (message.document.file_size !== undefined) document.file_size = message.document.file_size;
    if (message.document.data !== undefined) document.url = `api/chats/${message.chat.id}/messages/${message.message_id}/document`;
    view.document = document;
  }
  if (message.reply_to_message_id !== undefined) view.reply_to_message_id = message.reply_to_message_id;
  return view;
}

/** The page's view of a person's message from an update; undefined for service messages without text. */
function updateMessageView(message: TelegramMessage | undefined): PlaygroundMessage | undefined {
  if (message?.text === undefined || message.from === undefined) return undefined;
  const view: PlaygroundMessage = {
    message_id: message.message_id,
    chat_id: message.chat.id,
    outgoing: false,
    from: senderView(message.from),
    date: message.date,
    edits: 0,
    text: message.text,
    entities: (message.entities ?? []).map(entityView),
  };
  if (message.reply_to_message !== undefined) view.reply_to_message_id = message.reply_to_message.message_id;
  return view;
}

function chatView(chat: ChatInfo): ChatInfo {
  const view: ChatInfo = { id: chat.id, type: chat.type };
  if (chat.title !== undefined) view.title = chat.title;
  if (chat.first_name !== undefined) view.first_name = chat.first_name;
  if (chat.last_name !== undefined) view.last_name = chat.last_name;
  if (chat.username !== undefined) view.username = chat.username;
  return view;
}

/** Runs an emulator control call; its refusals (unknown message, no such button, bot not in the group) become 409s. */
function refusable<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw Object.assign(new Error(error instanceof Error ? error.message : String(error)), { status: 409 });
  }
}

function errorStatus(error: unknown): number {
  if (error instanceof BadInput) return 400;
  const status = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

function errorMessage(error: unknown, status: number): string {
  if (status >= 500) return 'internal error';
  const type = typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;
  if (type === 'entity.parse.failed') return 'the body is not valid JSON';
  if (type === 'entity.too.large') return 'the body is too large';
  return error instanceof Error ? error.message : 'bad request';
}

/**
 * The playground: a chat page and a small JSON + Server-Sent Events API through which a person talks to the real bot
 * via the in-process Bot API emulator (`/`, `/assets/*`, `/api/info`, `/api/people`, `/api/chats`,
 * `/api/chats/:chatId/messages`, `/api/chats/:chatId/messages/:messageId/document`, `/api/chats/:chatId/press`, `/api/chats/:chatId/members/:userId`, `/api/events?chat=`).
 */
export function createPlaygroundRouter(deps: PlaygroundDeps): Router {
  const { emulator } = deps;
  const logger = deps.logger?.child({ component: 'playground' });
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const maxEventStreams = deps.maxEventStreams ?? 100;
  const publicDir = new URL('./public/', import.meta.url);
  const page = readFileSync(new URL('index.html', publicDir));
  const assets = new Map(Object.entries(ASSETS).map(([name, type]) => [name, { type, body: readFileSync(new URL(name, publicDir)) }]));
  assets.set('render-entities.js', { type: BUILT_ASSETS['render-entities.js']!, body: Buffer.from(buildRenderEntitiesBundle(), 'utf8') });
  let openStreams = 0;
  // Changes when the server restarts, so that an open page knows its messages belong to a world that is gone.
  const instance = randomUUID();

  const router = express.Router();
  router.use('/api', express.json({ limit: '64kb', strict: true }));

  router.get('/', (req, res) => {
    const path = req.originalUrl.split('?')[0] ?? '';
    if (req.baseUrl !== '' && path === req.baseUrl) {
      // Mounted under a prefix and asked without the trailing slash: the page's relative URLs need it.
      const query = req.originalUrl.slice(path.length);
      res.redirect(301, `${req.baseUrl}/${query}`);
      return;
    }
    res.set(SECURITY_HEADERS).set('cache-control', 'no-cache').type('html').send(page);
  });

  router.get('/assets/:name', (req, res, next) => {
    const known = Object.hasOwn(ASSETS, req.params.name) || Object.hasOwn(BUILT_ASSETS, req.params.name);
    const asset = known ? assets.get(req.params.name) : undefined;
    if (asset === undefined) {
      next();
      return;
    }
    res.set(SECURITY_HEADERS).set('cache-control', 'no-cache').type(asset.type).send(asset.body);
  });

  router.get('/api/info', (_req, res) => {
    const bot = emulator.bot;
    res.json({ bot: { id: bot.id, first_name: bot.first_name, username: bot.username }, limits: { text: TEXT_MAX }, instance });
  });

  // Ids and names handed to tabs so far, so that two tabs never get the same person.
  const handedOut = { ids: new Set<number>(), names: new Set<string>() };
  router.post('/api/people', (req, res) => {
    const body = parseBody(personBody, req);
    const known = emulator.chats();
    const takenIds = new Set([...handedOut.ids, ...RESERVED_IDS, ...known.map((chat) => chat.id)]);
    const takenNames = new Set([...handedOut.names, ...RESERVED_NAMES, ...known.flatMap((chat) => (chat.first_name === undefined ? [] : [chat.first_name]))]);
    let id: number;
    do id = randomInt(100_000_000, 2_000_000_000);
    while (takenIds.has(id));
    const start = randomInt(0, PEOPLE_NAMES.length);
    let name: string | undefined;
    for (let round = 1; name === undefined; round++) {
      for (let i = 0; i < PEOPLE_NAMES.length && name === undefined; i++) {
        const candidate = `${PEOPLE_NAMES[(start + i) % PEOPLE_NAMES.length]}${round > 1 ? ` ${round}` : ''}`;
        if (!takenNames.has(candidate)) name = candidate;
      }
    }
    handedOut.ids.add(id);
    handedOut.names.add(name);
    const person: PlaygroundPerson = { id, first_name: name };
    if (body.language_code !== undefined) person.language_code = body.language_code;
    logger?.debug({ id }, 'playground person handed out');
    res.status(201).json(person);
  });

  router.get('/api/chats', (_req, res) => {
    res.json({ chats: emulator.chats().map(chatView) });
  });

  router.get('/api/chats/:chatId/messages', (req, res) => {
    const chatId = parseChatId(req.params.chatId);
    const chat = emulator.chats().find((candidate) => candidate.id === chatId);
    const messages = emulator
      .history(chatId)
      .filter((message) => !message.deleted)
      .slice(-MAX_HISTORY)
      .map(messageView);
    res.json({ chat: chat === undefined ? null : chatView(chat), messages });
  });

  router.get('/api/chats/:chatId/messages/:messageId/document', (req, res) => {
    const chatId = parseChatId(req.params.chatId);
    const messageId = Number(req.params.messageId);
    const message = emulator.history(chatId).find((candidate) => candidate.message_id === messageId && !candidate.deleted);
    const document = message?.document;
    if (document?.data === undefined) {
      res.status(404).json({ error: 'no such document' });
      return;
    }
    // NOTE: always a download of opaque bytes, never rendered here, so that a bot's HTML file cannot run in the page.
    res
      .set(SECURITY_HEADERS)
      .set('cache-control', 'no-store')
      .attachment(document.file_name ?? 'file')
      .type('application/octet-stream')
      .send(Buffer.from(document.data));
  });

  router.post('/api/chats/:chatId/messages', (req, res) => {
    const chatId = parseChatId(req.params.chatId);
    const body = parseBody(messageBody, req);
    checkChatKind(chatId, body.chatType, body.from?.id);
    const update = refusable(() =>
      emulator.sendText({
        chatId,
        text: body.text,
        ...(body.from !== undefined ? { from: body.from } : {}),
        ...(body.chatType !== undefined ? { chatType: body.chatType } : {}),
        ...(body.chatTitle !== undefined ? { chatTitle: body.chatTitle } : {}),
      }),
    );
    logger?.debug({ chatId, updateId: update.update_id }, 'playground message injected');
    res.status(201).json({ update_id: update.update_id, message: updateMessageView(update.message) ?? null });
  });

  router.post('/api/chats/:chatId/press', (req, res) => {
    const chatId = parseChatId(req.params.chatId);
    const body = parseBody(pressBody, req);
    checkChatKind(chatId, undefined, body.from?.id);
    const update = refusable(() =>
      emulator.pressButton({
        chatId,
        messageId: body.messageId,
        data: body.data,
        ...(body.from !== undefined ? { from: body.from } : {}),
      }),
    );
    logger?.debug({ chatId, updateId: update.update_id }, 'playground button pressed');
    res.status(202).json({ update_id: update.update_id, callback_query_id: update.callback_query?.id ?? null });
  });

  router.put('/api/chats/:chatId/members/:userId', (req, res) => {
    const chatId = parseChatId(req.params.chatId);
    const userId = parseUserId(req.params.userId);
    const body = parseBody(memberBody, req);
    if (chatId > 0) throw new BadInput('members and roles exist in group chats only (negative chat ids)');
    if (userId === emulator.bot.id) throw new BadInput("the bot's own membership is not changed here");
    if (body.chatTitle !== undefined && !emulator.chats().some((chat) => chat.id === chatId)) {
      emulator.addChat({ id: chatId, title: body.chatTitle });
    }
    emulator.setChatMemberStatus(chatId, userId, body.status);
    logger?.debug({ chatId, userId, status: body.status }, 'playground member status set');
    res.json({ chat_id: chatId, user_id: userId, status: body.status });
  });

  router.get('/api/events', (req, res) => {
    const chatId = parseChatId(req.query.chat);
    if (openStreams >= maxEventStreams) {
      res.status(503).json({ error: 'too many open event streams' });
      return;
    }
    openStreams += 1;
    res.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    const send = (event: string, data: unknown): void => {
      if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    res.write('retry: 2000\n\n');
    send('ready', { chat_id: chatId, instance });
    const unsubscribe = [
      emulator.on('message', (message) => {
        if (message.chat.id === chatId) send('message', messageView(message));
      }),
      emulator.on('edit', (message) => {
        if (message.chat.id === chatId) send('edit', messageView(message));
      }),
      emulator.on('delete', (message) => {
        if (message.chat.id === chatId) send('delete', { message_id: message.message_id, chat_id: chatId });
      }),
      emulator.on('update', (update) => {
        const message = update.message?.chat.id === chatId ? updateMessageView(update.message) : undefined;
        if (message !== undefined) send('message', message);
      }),
      emulator.on('callback_answer', (answer) => {
        if (answer.chatId !== chatId) return;
        send('callback_answer', {
          message_id: answer.messageId ?? null,
          text: answer.text ?? '',
          show_alert: answer.show_alert,
        });
      }),
      emulator.on('chat_action', (action) => {
        if (action.chatId === chatId) send('chat_action', { action: action.action });
      }),
    ];
    const heartbeat = setInterval(() => {
      if (!res.writableEnded) res.write(': heartbeat\n\n');
    }, heartbeatMs);
    logger?.debug({ chatId, openStreams }, 'playground event stream opened');
    res.once('close', () => {
      clearInterval(heartbeat);
      for (const off of unsubscribe) off();
      openStreams -= 1;
      logger?.debug({ chatId, openStreams }, 'playground event stream closed');
    });
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = errorStatus(error);
    if (status >= 500) logger?.error({ err: error }, 'playground request failed');
    res.status(status).json({ error: errorMessage(error, status) });
  });

  return router;
}
