import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBotApiEmulator } from '../src/emulator';
import type { BotApiEmulator } from '../src/emulator';
import type { Update } from '../src/types';

interface ApiAnswer {
  status: number;
  body: {
    ok: boolean;
    result?: unknown;
    error_code?: number;
    description?: string;
    parameters?: { retry_after?: number; migrate_to_chat_id?: number };
  };
}

let emulator: BotApiEmulator;
let apiRoot: string;

async function answer(response: Response): Promise<ApiAnswer> {
  return { status: response.status, body: (await response.json()) as ApiAnswer['body'] };
}

/** Calls a Bot API method with a JSON body, as telegraf does. */
async function call(method: string, params: Record<string, unknown> = {}, token = emulator.token): Promise<ApiAnswer> {
  const response = await fetch(`${apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return answer(response);
}

async function result<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
  const { status, body } = await call(method, params);
  if (!body.ok) throw new Error(`${method} failed: ${status} ${body.description}`);
  return body.result as T;
}

async function expectError(method: string, params: Record<string, unknown>, code: number, description: string | RegExp) {
  const { status, body } = await call(method, params);
  expect(status).toBe(code);
  expect(body.ok).toBe(false);
  expect(body.error_code).toBe(code);
  if (typeof description === 'string') expect(body.description).toBe(description);
  else expect(body.description).toMatch(description);
  return body;
}

beforeEach(async () => {
  emulator = createBotApiEmulator();
  ({ apiRoot } = await emulator.start());
});

afterEach(async () => {
  await emulator.stop();
});

describe('HTTP protocol', () => {
  it('answers getMe with the bot user', async () => {
    const me = await result<{ id: number; is_bot: boolean; username: string }>('getMe');
    expect(me).toMatchObject({ id: emulator.bot.id, is_bot: true, username: 'emulated_bot' });
  });

  it('answers a wrong token with 401 Unauthorized', async () => {
    const { status, body } = await call('getMe', {}, '123:wrong');
    expect(status).toBe(401);
    expect(body).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
  });

  it('answers an unknown method or path with 404 Not Found', async () => {
    const { status, body } = await call('noSuchMethod');
    expect(status).toBe(404);
    expect(body).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
    const other = await answer(await fetch(`${apiRoot}/favicon.ico`));
    expect(other.status).toBe(404);
  });

  it('says plainly when a real method is not emulated', async () => {
    await expectError('sendVideo', { chat_id: 1 }, 400, 'Bad Request: method sendVideo is not emulated');
  });

  it('accepts method names in any case', async () => {
    expect((await call('GETME')).body.ok).toBe(true);
  });

  it('accepts urlencoded bodies and query-string parameters', async () => {
    emulator.addChat({ id: 5 });
    const form = await answer(
      await fetch(`${apiRoot}/bot${emulator.token}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          chat_id: '5',
          text: '<b>form</b>',
          parse_mode: 'HTML',
          reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] }),
        }),
      }),
    );
    expect(form.status).toBe(200);
    const query = await answer(await fetch(`${apiRoot}/bot${emulator.token}/sendMessage?chat_id=5&text=query`));
    expect(query.status).toBe(200);
    const sent = emulator.sent(5);
    expect(sent.map((message) => message.text)).toEqual(['form', 'query']);
    expect(sent[0]?.entities).toEqual([{ type: 'bold', offset: 0, length: 4 }]);
    expect(sent[0]?.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] });
  });

  it('accepts multipart bodies with uploaded files', async () => {
    emulator.addChat({ id: 5 });
    const form = new FormData();
    form.append('chat_id', '5');
    form.append('caption', '<i>photo</i>');
    form.append('parse_mode', 'HTML');
    form.append('photo', new Blob([Buffer.from('not really a jpeg')], { type: 'image/jpeg' }), 'cat.jpg');
    const { status, body } = await answer(
      await fetch(`${apiRoot}/bot${emulator.token}/sendPhoto`, { method: 'POST', body: form }),
    );
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ caption: 'photo', caption_entities: [{ type: 'italic', offset: 0, length: 5 }] });
    expect(emulator.sent(5)[0]?.photo).toMatchObject({ source: 'upload', value: 'cat.jpg', size: 17 });
    expect(emulator.calls('sendPhoto')[0]?.params.photo).toEqual({ filename: 'cat.jpg', contentType: 'image/jpeg', size: 17 });
  });

  it('sends an uploaded document with its caption, name, type, size and bytes', async () => {
    emulator.addChat({ id: 5 });
    const form = new FormData();
    form.append('chat_id', '5');
    form.append('caption', 'Sources as OPML: see /help or https://example.com/docs.');
    form.append('document', new Blob([Buffer.from('<opml version="2.0"/>')]), 'silkwire-sources.opml');
    const { status, body } = await answer(
      await fetch(`${apiRoot}/bot${emulator.token}/sendDocument`, { method: 'POST', body: form }),
    );
    expect(status).toBe(200);
    const caption = 'Sources as OPML: see /help or https://example.com/docs.';
    expect(body.result).toMatchObject({
      caption,
      caption_entities: [
        { type: 'bot_command', offset: caption.indexOf('/help'), length: 5 },
        { type: 'url', offset: caption.indexOf('https'), length: 'https://example.com/docs'.length },
      ],
      document: { file_name: 'silkwire-sources.opml', mime_type: 'text/x-opml', file_size: 21 },
    });
    expect(body.result).not.toHaveProperty('text');
    const [message] = emulator.sent(5);
    expect(message?.text).toBe(caption);
    expect(Buffer.from(message?.document?.data ?? []).toString('utf8')).toBe('<opml version="2.0"/>');
    expect(emulator.calls('sendDocument')[0]?.params.document).toMatchObject({ filename: 'silkwire-sources.opml', size: 21 });
  });

  it('sends a document by URL or file_id, and refuses a request without one', async () => {
    emulator.addChat({ id: 5 });
    const byUrl = await result<{ document: { file_id: string; file_name: string } }>('sendDocument', { chat_id: 5, document: 'https://example.com/files/report.pdf' });
    expect(byUrl.document.file_name).toBe('report.pdf');
    const again = await result<{ document: { file_id: string } }>('sendDocument', { chat_id: 5, document: byUrl.document.file_id });
    expect(again.document.file_id).toBe(byUrl.document.file_id);
    await expectError('sendDocument', { chat_id: 5 }, 400, 'Bad Request: there is no document in the request');
    const [first] = emulator.sent(5);
    await expectError('editMessageText', { chat_id: 5, message_id: first?.message_id, text: 'x' }, 400, 'Bad Request: there is no text in the message to edit');
    const edited = await result<{ caption: string }>('editMessageCaption', { chat_id: 5, message_id: first?.message_id, caption: 'The report' });
    expect(edited.caption).toBe('The report');
  });

  it('records every call with its outcome and never the token', async () => {
    await call('getMe');
    await call('sendMessage', { chat_id: 404, text: 'x' });
    const calls = emulator.calls();
    expect(calls.map((entry) => [entry.method, entry.status, entry.ok])).toEqual([
      ['getMe', 200, true],
      ['sendMessage', 400, false],
    ]);
    expect(calls[1]?.description).toBe('Bad Request: chat not found');
    expect(JSON.stringify(calls)).not.toContain(emulator.token);
  });

  it('waits the configured latency before answering', async () => {
    const slow = createBotApiEmulator({ latencyMs: { min: 60, max: 60 } });
    const { apiRoot: slowRoot } = await slow.start();
    try {
      const started = Date.now();
      const response = await fetch(`${slowRoot}/bot${slow.token}/getMe`);
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    } finally {
      await slow.stop();
    }
  });
});

describe('getUpdates', () => {
  it('answers at once with no updates when timeout is 0', async () => {
    expect(await result<Update[]>('getUpdates', { timeout: 0 })).toEqual([]);
  });

  it('holds a long poll until the timeout passes', async () => {
    const started = Date.now();
    expect(await result<Update[]>('getUpdates', { timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('answers a held long poll as soon as an update arrives', async () => {
    const poll = result<Update[]>('getUpdates', { timeout: 30 });
    await emulator.waitForPolling();
    const update = emulator.sendText({ chatId: 7, text: '/start hello' });
    const updates = await poll;
    expect(updates).toEqual([update]);
    expect(updates[0]?.message).toMatchObject({
      chat: { id: 7, type: 'private' },
      from: { id: 7, is_bot: false },
      text: '/start hello',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    });
  });

  it('confirms updates below the offset and honours limit and negative offsets', async () => {
    const ids = [1, 2, 3, 4].map((n) => emulator.sendText({ chatId: 7, text: `m${n}` }).update_id);
    expect((await result<Update[]>('getUpdates')).map((u) => u.update_id)).toEqual(ids);
    expect((await result<Update[]>('getUpdates', { offset: ids[1] })).map((u) => u.update_id)).toEqual(ids.slice(1));
    expect((await result<Update[]>('getUpdates', { limit: 1 })).map((u) => u.update_id)).toEqual([ids[1]]);
    expect((await result<Update[]>('getUpdates', { offset: -1 })).map((u) => u.update_id)).toEqual([ids[3]]);
    expect(emulator.pendingUpdates().map((u) => u.update_id)).toEqual([ids[3]]);
    expect(await result<Update[]>('getUpdates', { offset: (ids[3] ?? 0) + 1 })).toEqual([]);
    expect(emulator.pendingUpdates()).toEqual([]);
  });

  it('delivers only the allowed update types', async () => {
    await result('getUpdates', { allowed_updates: ['callback_query'] });
    emulator.sendText({ chatId: 7, text: 'ignored' });
    expect(await result<Update[]>('getUpdates')).toEqual([]);
    await result('getUpdates', { allowed_updates: [] });
    emulator.sendText({ chatId: 7, text: 'seen' });
    expect((await result<Update[]>('getUpdates')).map((u) => u.message?.text)).toEqual(['seen']);
  });

  it('ends an older long poll with 409 Conflict when another getUpdates arrives', async () => {
    const first = call('getUpdates', { timeout: 30 });
    await emulator.waitForPolling();
    const second = call('getUpdates', { timeout: 30 });
    const conflict = await first;
    expect(conflict.status).toBe(409);
    expect(conflict.body.description).toBe(
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    );
    await emulator.waitForPolling();
    emulator.sendText({ chatId: 7, text: 'for the survivor' });
    const survivor = await second;
    expect((survivor.body.result as Update[])[0]?.message?.text).toBe('for the survivor');
  });

  it('refuses getUpdates while a webhook is set', async () => {
    await expectError('setWebhook', { url: 'http://insecure.example/hook' }, 400, /An HTTPS URL must be provided/);
    expect(await result('setWebhook', { url: 'https://bot.example/hook' })).toBe(true);
    expect(await result('getWebhookInfo')).toMatchObject({ url: 'https://bot.example/hook', pending_update_count: 0 });
    await expectError(
      'getUpdates',
      {},
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
    emulator.sendText({ chatId: 7, text: 'pending' });
    expect(await result('deleteWebhook', { drop_pending_updates: true })).toBe(true);
    expect(await result('getUpdates')).toEqual([]);
  });
});

describe('sendMessage', () => {
  beforeEach(() => {
    emulator.addChat({ id: 1 });
  });

  it('returns the message and records it with its entities and options', async () => {
    const message = await result<{ message_id: number; text: string; chat: { id: number } }>('sendMessage', {
      chat_id: '1',
      text: '<b>Hello</b> <a href="https://example.com">world</a>',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      message_thread_id: 9,
    });
    expect(message).toMatchObject({ text: 'Hello world', chat: { id: 1, type: 'private' } });
    const [sent] = emulator.sent(1);
    expect(sent).toMatchObject({
      message_id: message.message_id,
      text: 'Hello world',
      raw_text: '<b>Hello</b> <a href="https://example.com">world</a>',
      parse_mode: 'HTML',
      entities: [
        { type: 'bold', offset: 0, length: 5 },
        { type: 'text_link', offset: 6, length: 5, url: 'https://example.com' },
      ],
      link_preview_options: { is_disabled: true },
      outgoing: true,
      edits: 0,
      deleted: false,
    });
  });

  it('rejects an unknown chat, a missing chat_id and an empty text', async () => {
    await expectError('sendMessage', { chat_id: 99, text: 'x' }, 400, 'Bad Request: chat not found');
    await expectError('sendMessage', { chat_id: '@nobody', text: 'x' }, 400, 'Bad Request: chat not found');
    await expectError('sendMessage', { text: 'x' }, 400, 'Bad Request: chat_id is empty');
    await expectError('sendMessage', { chat_id: 1, text: '' }, 400, 'Bad Request: message text is empty');
    await expectError('sendMessage', { chat_id: 1, text: ' \n ' }, 400, 'Bad Request: message text is empty');
    await expectError(
      'sendMessage',
      { chat_id: 1, text: '<b></b>', parse_mode: 'HTML' },
      400,
      'Bad Request: message text is empty',
    );
    expect(emulator.sent()).toEqual([]);
  });

  it('rejects invalid HTML with the parse error', async () => {
    await expectError(
      'sendMessage',
      { chat_id: 1, text: 'Tom & Jerry <3', parse_mode: 'HTML' },
      400,
      /^Bad Request: can't parse entities: /,
    );
    await expectError(
      'sendMessage',
      { chat_id: 1, text: '<b>x</i>', parse_mode: 'HTML' },
      400,
      'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"',
    );
    await expectError('sendMessage', { chat_id: 1, text: 'x', parse_mode: 'BBCode' }, 400, 'Bad Request: unsupported parse_mode');
  });

  it('counts the length after entity parsing', async () => {
    const visible4096 = `<b>${'a'.repeat(4000)}</b><i>${'b'.repeat(96)}</i>`;
    expect((await call('sendMessage', { chat_id: 1, text: visible4096, parse_mode: 'HTML' })).status).toBe(200);
    const escaped4096 = '&amp;'.repeat(4096);
    expect((await call('sendMessage', { chat_id: 1, text: escaped4096, parse_mode: 'HTML' })).status).toBe(200);
    expect(emulator.sent(1)[1]?.text).toBe('&'.repeat(4096));
    const visible4097 = `<b>${'a'.repeat(4000)}</b><i>${'b'.repeat(97)}</i>`;
    await expectError('sendMessage', { chat_id: 1, text: visible4097, parse_mode: 'HTML' }, 400, 'Bad Request: message is too long');
    await expectError('sendMessage', { chat_id: 1, text: '😀'.repeat(2049) }, 400, 'Bad Request: message is too long');
  });

  it('trims surrounding whitespace like Telegram', async () => {
    await result('sendMessage', { chat_id: 1, text: '\n  <b>x</b> y  \n', parse_mode: 'HTML' });
    expect(emulator.sent(1)[0]).toMatchObject({ text: 'x y', entities: [{ type: 'bold', offset: 0, length: 1 }] });
  });

  it('validates inline keyboards', async () => {
    const keyboard = (button: Record<string, unknown>) => ({ inline_keyboard: [[{ text: 'b', ...button }]] });
    await expectError(
      'sendMessage',
      { chat_id: 1, text: 'x', reply_markup: keyboard({ callback_data: 'x'.repeat(65) }) },
      400,
      'Bad Request: BUTTON_DATA_INVALID',
    );
    await expectError(
      'sendMessage',
      { chat_id: 1, text: 'x', reply_markup: keyboard({ callback_data: 'я'.repeat(33) }) },
      400,
      'Bad Request: BUTTON_DATA_INVALID',
    );
    await expectError('sendMessage', { chat_id: 1, text: 'x', reply_markup: keyboard({}) }, 400, /Text buttons are unallowed/);
    await expectError(
      'sendMessage',
      { chat_id: 1, text: 'x', reply_markup: '{not json' },
      400,
      "Bad Request: can't parse reply keyboard markup JSON object",
    );
    expect((await call('sendMessage', { chat_id: 1, text: 'x', reply_markup: keyboard({ callback_data: 'x'.repeat(64) }) })).status).toBe(200);
  });

  it('checks reply targets', async () => {
    await expectError(
      'sendMessage',
      { chat_id: 1, text: 'x', reply_parameters: { message_id: 77 } },
      400,
      'Bad Request: message to be replied not found',
    );
    const first = await result<{ message_id: number }>('sendMessage', { chat_id: 1, text: 'first' });
    const reply = await result<{ reply_to_message?: { message_id: number } }>('sendMessage', {
      chat_id: 1,
      text: 'reply',
      reply_parameters: { message_id: first.message_id },
    });
    expect(reply.reply_to_message?.message_id).toBe(first.message_id);
    expect(
      (await call('sendMessage', { chat_id: 1, text: 'x', reply_parameters: { message_id: 77, allow_sending_without_reply: true } }))
        .status,
    ).toBe(200);
  });
});

describe('edits and deletes', () => {
  const keyboard = { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] };
  let messageId: number;

  beforeEach(async () => {
    emulator.addChat({ id: 1 });
    ({ message_id: messageId } = await result<{ message_id: number }>('sendMessage', {
      chat_id: 1,
      text: '<b>v1</b>',
      parse_mode: 'HTML',
      reply_markup: keyboard,
    }));
  });

  it('edits the text and shows the edit in sent()', async () => {
    const edited = await result<{ text: string; edit_date: number }>('editMessageText', {
      chat_id: 1,
      message_id: messageId,
      text: 'v2',
      reply_markup: keyboard,
    });
    expect(edited.text).toBe('v2');
    expect(edited.edit_date).toBeGreaterThan(0);
    expect(emulator.sent(1)).toHaveLength(1);
    expect(emulator.sent(1)[0]).toMatchObject({ text: 'v2', entities: [], edits: 1, reply_markup: keyboard });
  });

  it('answers "message is not modified" for an identical edit', async () => {
    await expectError(
      'editMessageText',
      { chat_id: 1, message_id: messageId, text: '<b>v1</b>', parse_mode: 'HTML', reply_markup: keyboard },
      400,
      /^Bad Request: message is not modified: specified new message content and reply markup are exactly the same/,
    );
  });

  it('removes the inline keyboard when an edit omits reply_markup, as Telegram does', async () => {
    await result('editMessageText', { chat_id: 1, message_id: messageId, text: '<b>v1</b>', parse_mode: 'HTML' });
    expect(emulator.sent(1)[0]?.reply_markup).toBeUndefined();
  });

  it('answers "message to edit not found" for unknown or deleted messages', async () => {
    await expectError('editMessageText', { chat_id: 1, message_id: 999, text: 'x' }, 400, 'Bad Request: message to edit not found');
    expect(await result('deleteMessage', { chat_id: 1, message_id: messageId })).toBe(true);
    expect(emulator.sent(1)[0]?.deleted).toBe(true);
    await expectError('editMessageText', { chat_id: 1, message_id: messageId, text: 'x' }, 400, 'Bad Request: message to edit not found');
    await expectError('deleteMessage', { chat_id: 1, message_id: messageId }, 400, 'Bad Request: message to delete not found');
  });

  it('edits the reply markup alone', async () => {
    const other = { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] };
    await result('editMessageReplyMarkup', { chat_id: 1, message_id: messageId, reply_markup: other });
    expect(emulator.sent(1)[0]).toMatchObject({ text: 'v1', reply_markup: other, edits: 1 });
    await expectError('editMessageReplyMarkup', { chat_id: 1, message_id: messageId, reply_markup: other }, 400, /message is not modified/);
  });
});

describe('chats, members and callback queries', () => {
  it('answers 403 once the user blocked the bot, and queues my_chat_member', async () => {
    emulator.sendText({ chatId: 3, text: 'hi' });
    const update = emulator.blockBot(3);
    expect(update.my_chat_member).toMatchObject({
      chat: { id: 3 },
      old_chat_member: { status: 'member', user: { id: emulator.bot.id } },
      new_chat_member: { status: 'kicked' },
    });
    await expectError('sendMessage', { chat_id: 3, text: 'x' }, 403, 'Forbidden: bot was blocked by the user');
    emulator.unblock(3);
    expect((await call('sendMessage', { chat_id: 3, text: 'x' })).status).toBe(200);
  });

  it('unblocks when a blocked user writes again (Restart)', async () => {
    emulator.sendText({ chatId: 3, text: 'hi' });
    emulator.blockBot(3);
    emulator.sendText({ chatId: 3, text: '/start' });
    const kinds = emulator.pendingUpdates().map((u) => u.my_chat_member?.new_chat_member.status ?? u.message?.text);
    expect(kinds).toEqual(['hi', 'kicked', 'member', '/start']);
    expect((await call('sendMessage', { chat_id: 3, text: 'welcome back' })).status).toBe(200);
  });

  it('answers 403 for kicked groups and deactivated users', async () => {
    emulator.myChatMember({ chatId: -5, chatType: 'group', status: 'member' });
    emulator.blockBot(-5);
    await expectError('sendMessage', { chat_id: -5, text: 'x' }, 403, 'Forbidden: bot was kicked from the group chat');
    emulator.addChat({ id: 4 });
    emulator.setUserDeactivated(4);
    await expectError('sendMessage', { chat_id: 4, text: 'x' }, 403, 'Forbidden: user is deactivated');
  });

  it('answers 400 with migrate_to_chat_id after a group became a supergroup', async () => {
    emulator.sendText({ chatId: -42, text: 'hi', chatType: 'group', chatTitle: 'Newsroom' });
    emulator.migrateGroup(-42, -1001234567890);
    const body = await expectError(
      'sendMessage',
      { chat_id: -42, text: 'x' },
      400,
      'Bad Request: group chat was upgraded to a supergroup chat',
    );
    expect(body.parameters).toEqual({ migrate_to_chat_id: -1001234567890 });
    const sent = await result<{ chat: { id: number; type: string; title: string } }>('sendMessage', {
      chat_id: -1001234567890,
      text: 'x',
    });
    expect(sent.chat).toMatchObject({ id: -1001234567890, type: 'supergroup', title: 'Newsroom' });
    const service = emulator.pendingUpdates().slice(-2).map((u) => u.message);
    expect(service[0]).toMatchObject({ chat: { id: -42 }, migrate_to_chat_id: -1001234567890 });
    expect(service[1]).toMatchObject({ chat: { id: -1001234567890 }, migrate_from_chat_id: -42 });
  });

  it('reports member statuses with getChatMember', async () => {
    emulator.sendText({ chatId: -7, text: 'hi', chatType: 'supergroup', from: { id: 11, first_name: 'Aru' } });
    expect(await result('getChatMember', { chat_id: -7, user_id: 11 })).toMatchObject({
      status: 'member',
      user: { id: 11, first_name: 'Aru' },
    });
    emulator.setChatMemberStatus(-7, 11, 'administrator');
    expect(await result('getChatMember', { chat_id: -7, user_id: 11 })).toMatchObject({ status: 'administrator' });
    expect(await result('getChatMember', { chat_id: -7, user_id: emulator.bot.id })).toMatchObject({ status: 'member' });
    emulator.sendText({ chatId: 11, text: 'hi' });
    expect(await result('getChatMember', { chat_id: 11, user_id: 11 })).toMatchObject({ status: 'member' });
    await expectError('getChatMember', { chat_id: -8, user_id: 11 }, 400, 'Bad Request: chat not found');
    expect(await result('getChat', { chat_id: -7 })).toMatchObject({ id: -7, type: 'supergroup' });
  });

  it('answers callback queries once, and rejects unknown ids', async () => {
    await expectError(
      'answerCallbackQuery',
      { callback_query_id: '12345' },
      400,
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    );
    emulator.addChat({ id: 1 });
    const { message_id } = await result<{ message_id: number }>('sendMessage', {
      chat_id: 1,
      text: 'pick',
      reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] },
    });
    expect(() => emulator.pressButton({ chatId: 1, messageId: message_id, data: 'no' })).toThrow(/its buttons: \["Yes"="yes"\]/);
    expect(() => emulator.pressButton({ chatId: 1, messageId: 999, data: 'yes' })).toThrow(/no message 999/);
    const update = emulator.pressButton({ chatId: 1, messageId: message_id, text: 'Yes' });
    const queryId = update.callback_query?.id;
    expect(update.callback_query).toMatchObject({ data: 'yes', from: { id: 1 }, message: { message_id, text: 'pick' } });
    expect(await result('answerCallbackQuery', { callback_query_id: queryId, text: 'Done' })).toBe(true);
    expect(emulator.callbackAnswers()).toMatchObject([{ callback_query_id: queryId, text: 'Done', data: 'yes', show_alert: false }]);
    await expectError('answerCallbackQuery', { callback_query_id: queryId }, 400, /query is too old/);
  });

  it('expires callback queries that are not answered in time', async () => {
    let clock = 1_700_000_000_000;
    const timed = createBotApiEmulator({ now: () => clock, callbackQueryTtlMs: 15_000 });
    const { apiRoot: timedRoot } = await timed.start();
    try {
      const post = async (method: string, params: Record<string, unknown>) =>
        answer(
          await fetch(`${timedRoot}/bot${timed.token}/${method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(params),
          }),
        );
      timed.addChat({ id: 1 });
      const sent = await post('sendMessage', {
        chat_id: 1,
        text: 'pick',
        reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] },
      });
      const messageId = (sent.body.result as { message_id: number }).message_id;
      const early = timed.pressButton({ chatId: 1, messageId, data: 'yes' }).callback_query?.id;
      const late = timed.pressButton({ chatId: 1, messageId, data: 'yes' }).callback_query?.id;
      clock += 10_000;
      expect((await post('answerCallbackQuery', { callback_query_id: early })).status).toBe(200);
      clock += 6_000;
      const expired = await post('answerCallbackQuery', { callback_query_id: late });
      expect(expired.status).toBe(400);
      expect(expired.body.description).toMatch(/query is too old/);
    } finally {
      await timed.stop();
    }
  });

  it('emits chat actions and validates them', async () => {
    emulator.addChat({ id: 1 });
    const actions: string[] = [];
    emulator.on('chat_action', (event) => actions.push(event.action));
    expect(await result('sendChatAction', { chat_id: 1, action: 'typing' })).toBe(true);
    await expectError('sendChatAction', { chat_id: 1, action: 'dancing' }, 400, 'Bad Request: wrong parameter action in request');
    expect(actions).toEqual(['typing']);
  });
});

describe('commands', () => {
  it('stores command lists by scope and language', async () => {
    const general = [{ command: 'start', description: 'Start' }, { command: 'latest', description: 'Latest news' }];
    const russian = [{ command: 'start', description: 'Начать' }];
    expect(await result('setMyCommands', { commands: general })).toBe(true);
    expect(await result('setMyCommands', { commands: russian, language_code: 'ru', scope: { type: 'all_private_chats' } })).toBe(true);
    expect(await result('getMyCommands')).toEqual(general);
    expect(await result('getMyCommands', { language_code: 'ru', scope: { type: 'all_private_chats' } })).toEqual(russian);
    expect(await result('getMyCommands', { language_code: 'ru' })).toEqual([]);
    expect(emulator.commands()).toEqual(general);
    expect(emulator.commands({ type: 'all_private_chats' }, 'ru')).toEqual(russian);
    expect(emulator.commandsFor({ chatId: 5, chatType: 'private', languageCode: 'ru' })).toEqual(russian);
    expect(emulator.commandsFor({ chatId: 5, chatType: 'private', languageCode: 'kk' })).toEqual(general);
    expect(emulator.commandsFor({ chatId: -5, chatType: 'group', languageCode: 'ru' })).toEqual(general);
    expect(await result('deleteMyCommands')).toBe(true);
    expect(emulator.commands()).toEqual([]);
  });

  it('rejects invalid commands', async () => {
    await expectError('setMyCommands', { commands: [{ command: 'Start', description: 'x' }] }, 400, 'Bad Request: BOT_COMMAND_INVALID');
    await expectError('setMyCommands', { commands: [{ command: 'start', description: '' }] }, 400, 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
  });
});

describe('control API', () => {
  it('fails the next calls of a method on request', async () => {
    emulator.addChat({ id: 1 });
    emulator.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } }, 2);
    for (let i = 0; i < 2; i++) {
      const body = await expectError('sendMessage', { chat_id: 1, text: 'x' }, 429, 'Too Many Requests: retry after 3');
      expect(body.parameters).toEqual({ retry_after: 3 });
    }
    expect((await call('sendMessage', { chat_id: 1, text: 'x' })).status).toBe(200);
    expect(() => emulator.failNext('sendTelepathy', { code: 500, description: 'x' })).toThrow(/does not implement/);
  });

  it('waitFor resolves with messages sent before or after, and explains a timeout', async () => {
    emulator.addChat({ id: 1 });
    await result('sendMessage', { chat_id: 1, text: 'early' });
    expect((await emulator.waitFor((m) => m.text === 'early')).chat.id).toBe(1);
    const later = emulator.waitFor((m) => m.text === 'later', 2000);
    await result('sendMessage', { chat_id: 1, text: 'later' });
    expect((await later).text).toBe('later');
    await call('sendMessage', { chat_id: 1, text: '<oops>', parse_mode: 'HTML' });
    const error = await emulator.waitFor((m) => m.text === 'never', 50).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('waitFor timed out after 50 ms');
    expect((error as Error).message).toContain('chat 1 #1: "early"');
    expect((error as Error).message).toContain('sendMessage -> 400 Bad Request: can\'t parse entities: Unsupported start tag "oops"');
  });

  it('emits message, edit, delete and call events', async () => {
    emulator.addChat({ id: 1 });
    const seen: string[] = [];
    emulator.on('message', (m) => seen.push(`message:${m.text}`));
    emulator.on('edit', (m) => seen.push(`edit:${m.text}`));
    emulator.on('delete', (m) => seen.push(`delete:${m.message_id}`));
    const off = emulator.on('call', (c) => seen.push(`call:${c.method}`));
    const { message_id } = await result<{ message_id: number }>('sendMessage', { chat_id: 1, text: 'a' });
    off();
    await result('editMessageText', { chat_id: 1, message_id, text: 'b' });
    await result('deleteMessage', { chat_id: 1, message_id });
    expect(seen).toEqual(['message:a', 'call:sendMessage', 'edit:b', `delete:${message_id}`]);
  });

  it('keeps history of both directions and counts in stats()', async () => {
    emulator.sendText({ chatId: 1, text: 'hi' });
    await result('sendMessage', { chat_id: 1, text: 'hello' });
    expect(emulator.history(1).map((m) => [m.outgoing, m.text])).toEqual([
      [false, 'hi'],
      [true, 'hello'],
    ]);
    expect(emulator.stats()).toMatchObject({ sent: 1, rejected429: 0, byChat: { '1': { sent: 1 } } });
  });

  it('reset() forgets everything but keeps update ids increasing', async () => {
    const before = emulator.sendText({ chatId: 1, text: 'hi' }).update_id;
    await result('sendMessage', { chat_id: 1, text: 'hello' });
    emulator.reset();
    expect(emulator.sent()).toEqual([]);
    expect(emulator.calls()).toEqual([]);
    expect(emulator.pendingUpdates()).toEqual([]);
    expect(emulator.chats()).toEqual([]);
    await expectError('sendMessage', { chat_id: 1, text: 'x' }, 400, 'Bad Request: chat not found');
    expect(emulator.sendText({ chatId: 1, text: 'again' }).update_id).toBeGreaterThan(before);
  });
});
