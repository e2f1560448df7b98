import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBotApiEmulator, type BotApiEmulator } from '../src';
import { createPlaygroundRouter, type PlaygroundMessage } from '../playground/playground-router';

let emulator: BotApiEmulator;
let server: Server;
let base: string;

beforeAll(async () => {
  emulator = createBotApiEmulator();
  await emulator.start();
  const app = express();
  app.use(createPlaygroundRouter({ emulator, heartbeatMs: 100, maxEventStreams: 3 }));
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await emulator.stop();
});

beforeEach(() => {
  emulator.reset();
});

const ALICE = { id: 501, first_name: 'Alice', language_code: 'en' };

async function post(path: string, body: unknown, contentType = 'application/json'): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A Bot API call made the way the bot makes it, over HTTP to the emulator. */
async function botCall(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulator.apiRoot()}/bot${emulator.token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  const reply = (await response.json()) as { ok: boolean; result: Record<string, unknown>; description?: string };
  if (!reply.ok) throw new Error(`${method}: ${reply.description}`);
  return reply.result;
}

/** An open Server-Sent Events stream, read event by event. */
interface EventStream {
  next(timeoutMs?: number): Promise<{ event: string; data: unknown }>;
  /** Everything received so far, comments included. */
  raw(): string;
  close(): void;
}

async function openEvents(chat: string): Promise<{ status: number; contentType: string | null; stream: EventStream }> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/events?chat=${chat}`, { signal: controller.signal });
  const contentType = response.headers.get('content-type');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let raw = '';
  let buffer = '';
  const queue: Array<{ event: string; data: unknown }> = [];
  const waiters: Array<() => void> = [];
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const chunk = decoder.decode(value, { stream: true });
        raw += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) queue.push({ event, data: JSON.parse(data) as unknown });
        }
        for (const wake of waiters.splice(0)) wake();
      }
    } catch {
      // aborted by close()
    }
  })();
  const stream: EventStream = {
    async next(timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length === 0) {
        if (Date.now() > deadline) throw new Error(`no event within ${timeoutMs} ms; got so far:\n${raw}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return queue.shift()!;
    },
    raw: () => raw,
    close: () => controller.abort(),
  };
  return { status: response.status, contentType, stream };
}

describe('playground page and assets', () => {
  it('serves the chat page with the intro, the example commands and a strict content security policy', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('Silkwire playground</strong> — you are chatting with the real bot through a built-in Telegram emulator');
    for (const command of ['/start', '/latest', '/latest china 3', '/subscribe china', '/digest instant', '/topics', '/help']) {
      expect(html).toContain(`data-command="${command}"`);
    }
    expect(html).toContain('src="assets/playground.js"');
  });

  it('serves the page script, the renderer built from TypeScript and the styles, and nothing else from assets', async () => {
    const script = await fetch(`${base}/assets/playground.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("from './render-entities.js'");
    const renderer = await fetch(`${base}/assets/render-entities.js`);
    expect(renderer.headers.get('content-type')).toMatch(/^text\/javascript/);
    const source = await renderer.text();
    expect(source).toContain('Built at start from playground/render-entities.ts');
    expect(source).toMatch(/export\s*\{[^}]*renderEntitiesToHtml/);
    expect(source).not.toContain(': string');
    expect((await fetch(`${base}/assets/playground.css`)).headers.get('content-type')).toMatch(/^text\/css/);
    for (const path of ['/assets/index.html', '/assets/constructor', '/assets/..%2Fplayground-router.ts', '/assets/render-entities.ts', '/assets/%2e%2e%2f%2e%2e%2fpackage.json']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
  });

  it('answers /api/info with the bot name', async () => {
    const info = (await (await fetch(`${base}/api/info`)).json()) as { bot: { first_name: string; username: string } };
    expect(info.bot).toMatchObject({ first_name: emulator.bot.first_name, username: emulator.bot.username });
  });
});

describe('POST /api/chats/:chatId/messages', () => {
  it('injects the message as an update the bot will fetch, from the given person', async () => {
    const { status, body } = await post('/api/chats/501/messages', { text: '/latest china 3', from: ALICE });
    expect(status).toBe(201);
    const pending = emulator.pendingUpdates();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.message).toMatchObject({
      text: '/latest china 3',
      chat: { id: 501, type: 'private' },
      from: { id: 501, first_name: 'Alice', language_code: 'en', is_bot: false },
      entities: [{ type: 'bot_command', offset: 0, length: 7 }],
    });
    expect(body.update_id).toBe(pending[0]!.update_id);
    expect(body.message).toMatchObject({ message_id: pending[0]!.message!.message_id, chat_id: 501, outgoing: false, text: '/latest china 3' });
  });

  it('writes into a group as the chosen person', async () => {
    const { status } = await post('/api/chats/-1001234567890/messages', {
      text: '/subscribe china',
      from: ALICE,
      chatType: 'supergroup',
      chatTitle: 'Testers',
    });
    expect(status).toBe(201);
    expect(emulator.pendingUpdates()[0]!.message).toMatchObject({
      chat: { id: -1001234567890, type: 'supergroup', title: 'Testers' },
      from: { id: 501 },
    });
  });

  it('accepts a text of exactly 4096 characters', async () => {
    expect((await post('/api/chats/501/messages', { text: 'x'.repeat(4096) })).status).toBe(201);
  });

  const tooLong = 'x'.repeat(4097);
  it.each<[string, string, unknown, string?]>([
    ['a chat id that is not a number', '/api/chats/abc/messages', { text: 'hi' }],
    ['chat id 0', '/api/chats/0/messages', { text: 'hi' }],
    ['a fractional chat id', '/api/chats/1.5/messages', { text: 'hi' }],
    ['a chat id beyond the safe range', '/api/chats/9007199254740993/messages', { text: 'hi' }],
    ['a chat id with 17 digits', '/api/chats/12345678901234567/messages', { text: 'hi' }],
    ['a chat id in exponent form', '/api/chats/1e5/messages', { text: 'hi' }],
    ['an empty text', '/api/chats/501/messages', { text: '' }],
    ['a blank text', '/api/chats/501/messages', { text: ' \n ' }],
    ['a text of 4097 characters', '/api/chats/501/messages', { text: tooLong }],
    ['a text that is not a string', '/api/chats/501/messages', { text: 42 }],
    ['no text', '/api/chats/501/messages', {}],
    ['an unknown field', '/api/chats/501/messages', { text: 'hi', html: '<b>x</b>' }],
    ['a body that is an array', '/api/chats/501/messages', ['hi']],
    ['a body that is null', '/api/chats/501/messages', null],
    ['a body that is not JSON', '/api/chats/501/messages', '{"text": ', 'application/json'],
    ['a body that is not sent as JSON', '/api/chats/501/messages', '{"text":"hi"}', 'text/plain'],
    ['a sender with a fractional id', '/api/chats/501/messages', { text: 'hi', from: { id: 501.5, first_name: 'A' } }],
    ['a sender without a name', '/api/chats/501/messages', { text: 'hi', from: { id: 501 } }],
    ['a sender with a bad language', '/api/chats/501/messages', { text: 'hi', from: { ...ALICE, language_code: '<script>' } }],
    ['a private chat written by someone else', '/api/chats/502/messages', { text: 'hi', from: ALICE }],
    ['a private chat type on a negative id', '/api/chats/-5/messages', { text: 'hi', chatType: 'private' }],
    ['a group type on a positive id', '/api/chats/501/messages', { text: 'hi', chatType: 'group' }],
    ['an unknown chat type', '/api/chats/-5/messages', { text: 'hi', chatType: 'channel' }],
  ])('rejects %s with 400 and a JSON error, injecting nothing', async (_case, path, body, contentType) => {
    const { status, body: reply } = await post(path, body, contentType);
    expect(status).toBe(400);
    expect(typeof reply.error).toBe('string');
    expect(reply.error).not.toBe('');
    expect(emulator.pendingUpdates()).toEqual([]);
  });

  it('explains what is wrong with the text', async () => {
    const { body } = await post('/api/chats/501/messages', { text: tooLong });
    expect(body.error).toBe('text: must be 1 to 4096 characters');
  });

  it('answers 413 for a body far too large', async () => {
    const { status, body } = await post('/api/chats/501/messages', { text: 'x'.repeat(100_000) });
    expect(status).toBe(413);
    expect(body.error).toBe('the body is too large');
  });

  it('answers 409 with the reason when the emulator refuses (the bot was removed from the group)', async () => {
    emulator.myChatMember({ chatId: -42, status: 'left', chatType: 'group' });
    const before = emulator.pendingUpdates().length;
    const { status, body } = await post('/api/chats/-42/messages', { text: 'hello' });
    expect(status).toBe(409);
    expect(String(body.error)).toContain('the bot is not in chat -42');
    expect(emulator.pendingUpdates()).toHaveLength(before);
  });
});

describe('GET /api/chats/:chatId/messages', () => {
  it("returns the chat's history, the person's messages and the bot's, with entities and keyboards but no raw HTML", async () => {
    await post('/api/chats/501/messages', { text: '/topics', from: ALICE });
    await botCall('sendMessage', {
      chat_id: 501,
      text: '<b>Topics</b> 🇰🇿 <a href="https://example.com/kz">Kazakhstan</a>',
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: '➕ China', callback_data: 't:sub:china' }], [{ text: 'Site', url: 'https://example.com' }]] },
    });
    const response = await fetch(`${base}/api/chats/501/messages`);
    expect(response.status).toBe(200);
    const { chat, messages } = (await response.json()) as { chat: { id: number; type: string }; messages: PlaygroundMessage[] };
    expect(chat).toMatchObject({ id: 501, type: 'private', first_name: 'Alice' });
    expect(messages.map((message) => [message.outgoing, message.text])).toEqual([
      [false, '/topics'],
      [true, 'Topics 🇰🇿 Kazakhstan'],
    ]);
    const bot = messages[1]!;
    expect(bot.from).toMatchObject({ is_bot: true, first_name: emulator.bot.first_name });
    expect(bot.entities).toEqual([
      { type: 'bold', offset: 0, length: 6 },
      { type: 'text_link', offset: 12, length: 10, url: 'https://example.com/kz' },
    ]);
    expect(bot.keyboard).toEqual([[{ text: '➕ China', callback_data: 't:sub:china' }], [{ text: 'Site', url: 'https://example.com' }]]);
    expect(JSON.stringify(messages)).not.toContain('<b>');
  });

  it('leaves deleted messages out and answers an unknown chat with an empty history', async () => {
    await post('/api/chats/501/messages', { text: 'hi', from: ALICE });
    const sent = await botCall('sendMessage', { chat_id: 501, text: 'gone soon' });
    await botCall('deleteMessage', { chat_id: 501, message_id: sent.message_id });
    const history = (await (await fetch(`${base}/api/chats/501/messages`)).json()) as { messages: PlaygroundMessage[] };
    expect(history.messages.map((message) => message.text)).toEqual(['hi']);
    expect(await (await fetch(`${base}/api/chats/777/messages`)).json()).toEqual({ chat: null, messages: [] });
  });

  it('rejects a bad chat id with 400', async () => {
    const response = await fetch(`${base}/api/chats/12abc/messages`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/chat id/);
  });
});

describe('POST /api/chats/:chatId/press', () => {
  it('presses an inline button: the bot gets the callback query with its data', async () => {
    await post('/api/chats/501/messages', { text: '/topics', from: ALICE });
    const sent = await botCall('sendMessage', {
      chat_id: 501,
      text: 'Topics',
      reply_markup: { inline_keyboard: [[{ text: '➕ China', callback_data: 't:sub:china' }]] },
    });
    const { status, body } = await post('/api/chats/501/press', { messageId: sent.message_id, data: 't:sub:china', from: ALICE });
    expect(status).toBe(202);
    const query = emulator.pendingUpdates().at(-1)!.callback_query;
    expect(query).toMatchObject({ data: 't:sub:china', from: { id: 501 }, message: { message_id: sent.message_id } });
    expect(body.callback_query_id).toBe(query!.id);
  });

  it('answers 409 for a button the message does not have, and 400 for malformed presses', async () => {
    await post('/api/chats/501/messages', { text: 'hi', from: ALICE });
    const sent = await botCall('sendMessage', { chat_id: 501, text: 'no buttons' });
    const before = emulator.pendingUpdates().length;
    const missing = await post('/api/chats/501/press', { messageId: sent.message_id, data: 'forged' });
    expect(missing.status).toBe(409);
    expect(String(missing.body.error)).toContain('has no callback button');
    for (const bad of [{ messageId: 0, data: 'x' }, { messageId: '1', data: 'x' }, { messageId: 1, data: '' }, { messageId: 1, data: 'й'.repeat(33) }, { messageId: 1 }]) {
      expect((await post('/api/chats/501/press', bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect(emulator.pendingUpdates()).toHaveLength(before);
  });
});

describe('PUT /api/chats/:chatId/members/:userId', () => {
  it("sets a person's role in a group, which getChatMember then reports to the bot", async () => {
    const response = await fetch(`${base}/api/chats/-100777/members/501`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'administrator' }),
    });
    expect(response.status).toBe(200);
    expect(await botCall('getChatMember', { chat_id: -100777, user_id: 501 })).toMatchObject({ status: 'administrator' });
  });

  it('names a group on first contact, so that the creator of a new group sees its title', async () => {
    const response = await fetch(`${base}/api/chats/-1009876543210/members/501`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'creator', chatTitle: 'Astana desk' }),
    });
    expect(response.status).toBe(200);
    expect(emulator.chats()).toContainEqual({ id: -1009876543210, type: 'supergroup', title: 'Astana desk' });
    expect(await botCall('getChatMember', { chat_id: -1009876543210, user_id: 501 })).toMatchObject({ status: 'creator' });
  });

  it.each([
    ['a private chat', '/api/chats/501/members/501', { status: 'administrator' }],
    ['an unknown status', '/api/chats/-100777/members/501', { status: 'owner' }],
    ['a negative user id', '/api/chats/-100777/members/-3', { status: 'member' }],
    ['the bot itself', '/api/chats/-100777/members/BOT', { status: 'member' }],
  ])('rejects %s with 400', async (_case, path, body) => {
    const response = await fetch(`${base}${path.replace('BOT', String(emulator.bot.id))}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
  });
});

describe('GET /api/events', () => {
  it('streams the bot messages, edits, deletions, callback answers and chat actions of one chat only', async () => {
    await post('/api/chats/501/messages', { text: '/topics', from: ALICE });
    await post('/api/chats/502/messages', { text: 'other chat' });
    const { status, contentType, stream } = await openEvents('501');
    try {
      expect(status).toBe(200);
      expect(contentType).toMatch(/^text\/event-stream/);
      // The instance tells the page whether the server restarted (and its messages are gone) since it last connected.
      const info = (await (await fetch(`${base}/api/info`)).json()) as { instance: string };
      expect(info.instance).toMatch(/^[0-9a-f-]{36}$/);
      expect(await stream.next()).toEqual({ event: 'ready', data: { chat_id: 501, instance: info.instance } });

      await botCall('sendMessage', { chat_id: 502, text: 'not for 501' });
      const sent = await botCall('sendMessage', {
        chat_id: 501,
        text: '<b>China</b> 🐼 <i>news</i>',
        parse_mode: 'HTML',
        reply_markup: { inline_keyboard: [[{ text: '➕ China', callback_data: 't:sub:china' }]] },
      });
      const message = await stream.next();
      expect(message.event).toBe('message');
      expect(message.data).toMatchObject({
        message_id: sent.message_id,
        chat_id: 501,
        outgoing: true,
        text: 'China 🐼 news',
        entities: [
          { type: 'bold', offset: 0, length: 5 },
          { type: 'italic', offset: 9, length: 4 },
        ],
        keyboard: [[{ text: '➕ China', callback_data: 't:sub:china' }]],
      });

      await post('/api/chats/501/press', { messageId: sent.message_id, data: 't:sub:china' });
      const query = emulator.pendingUpdates().at(-1)!.callback_query!;
      await botCall('answerCallbackQuery', { callback_query_id: query.id, text: 'Saved' });
      expect(await stream.next()).toEqual({ event: 'callback_answer', data: { message_id: sent.message_id, text: 'Saved', show_alert: false } });

      await botCall('editMessageText', {
        chat_id: 501,
        message_id: sent.message_id,
        text: 'China',
        reply_markup: { inline_keyboard: [[{ text: '✖️ China', callback_data: 't:unsub:china' }]] },
      });
      expect(await stream.next()).toMatchObject({
        event: 'edit',
        data: { message_id: sent.message_id, text: 'China', edits: 1, keyboard: [[{ text: '✖️ China', callback_data: 't:unsub:china' }]] },
      });

      await botCall('sendChatAction', { chat_id: 501, action: 'typing' });
      expect(await stream.next()).toEqual({ event: 'chat_action', data: { action: 'typing' } });

      await botCall('deleteMessage', { chat_id: 501, message_id: sent.message_id });
      expect(await stream.next()).toEqual({ event: 'delete', data: { message_id: sent.message_id, chat_id: 501 } });

      await post('/api/chats/501/messages', { text: 'from another tab', from: ALICE });
      expect(await stream.next()).toMatchObject({ event: 'message', data: { chat_id: 501, outgoing: false, text: 'from another tab', from: { id: 501 } } });

      expect(stream.raw()).not.toContain('not for 501');
      expect(stream.raw()).not.toContain('other chat');
    } finally {
      stream.close();
    }
  });

  it('sends heartbeat comments while idle', async () => {
    const { stream } = await openEvents('501');
    try {
      await stream.next();
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(stream.raw()).toMatch(/^: heartbeat$/m);
    } finally {
      stream.close();
    }
  });

  it('rejects a missing or bad chat id with 400', async () => {
    for (const query of ['', '?chat=', '?chat=abc', '?chat=0', '?chat=1&chat=2', '?chat=99999999999999999']) {
      const response = await fetch(`${base}/api/events${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/json/);
    }
  });

  it('unsubscribes when the page goes away: closed streams free their slot and get nothing more', async () => {
    const opened = await Promise.all([openEvents('501'), openEvents('501'), openEvents('501')]);
    for (const { stream } of opened) await stream.next();
    const refused = await fetch(`${base}/api/events?chat=501`);
    expect(refused.status).toBe(503);
    for (const { stream } of opened) stream.close();
    // The server notices the closed connections on its side; wait until a slot is free again.
    let status = 0;
    for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      const again = await openEvents('501');
      status = again.status;
      again.stream.close();
    }
    expect(status).toBe(200);
  });
});

describe('POST /api/people', () => {
  it('hands every tab a different person, never a known chat or a group persona', async () => {
    emulator.addChat({ id: 777, first_name: 'Mei' });
    const people: Array<{ id: number; first_name: string; language_code?: string }> = [];
    for (let i = 0; i < 30; i++) {
      const { status, body } = await post('/api/people', { language_code: 'ru' });
      expect(status).toBe(201);
      people.push(body as (typeof people)[number]);
    }
    expect(new Set(people.map((person) => person.id)).size).toBe(30);
    expect(new Set(people.map((person) => person.first_name)).size).toBe(30);
    for (const person of people) {
      expect(person.id).toBeGreaterThan(0);
      expect(Number.isSafeInteger(person.id)).toBe(true);
      expect(['Mei', 'Aigerim', 'Chen']).not.toContain(person.first_name);
      expect(person.language_code).toBe('ru');
    }
    expect(people.some((person) => / \d+$/.test(person.first_name))).toBe(true);
  });

  it('refuses a bad language tag and changes nothing', async () => {
    const { status, body } = await post('/api/people', { language_code: 'English!' });
    expect(status).toBe(400);
    expect(body.error).toMatch(/^language_code: must be a language tag/);
  });
});

describe('documents the bot sends', () => {
  it('shows them as a file with name and size, and serves the bytes as a download', async () => {
    emulator.addChat({ id: 501, first_name: 'Alice' });
    const form = new FormData();
    form.append('chat_id', '501');
    form.append('caption', 'Your export');
    form.append('document', new Blob([Buffer.from('<html><script>alert(1)</script></html>')]), 'page.html');
    const response = await fetch(`${emulator.apiRoot()}/bot${emulator.token}/sendDocument`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const history = (await (await fetch(`${base}/api/chats/501/messages`)).json()) as { messages: PlaygroundMessage[] };
    const [message] = history.messages;
    expect(message).toMatchObject({ text: 'Your export', document: { file_name: 'page.html', mime_type: 'text/html', file_size: 38 } });
    const download = await fetch(`${base}/${message!.document!.url!}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(download.headers.get('content-disposition')).toBe('attachment; filename=page.html');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await download.text()).toBe('<html><script>alert(1)</script></html>');
    expect((await fetch(`${base}/api/chats/501/messages/999/document`)).status).toBe(404);
  });
});
