import { afterEach, describe, expect, it } from 'vitest';
import { createBotApiEmulator, type BotApiEmulator } from '../src/emulator';
import { createRateLimiter } from '../src/rate-limiter';
import type { EmulatorOptions } from '../src/types';

interface Answer {
  status: number;
  body: { ok: boolean; description?: string; parameters?: { retry_after?: number } };
}

let emulator: BotApiEmulator | undefined;
let apiRoot = '';
let clock = 1_700_000_000_000;

async function setup(options: EmulatorOptions): Promise<BotApiEmulator> {
  clock = 1_700_000_000_000;
  emulator = createBotApiEmulator({ now: () => clock, ...options });
  ({ apiRoot } = await emulator.start());
  return emulator;
}

async function send(chatId: number, text = 'news'): Promise<Answer> {
  const response = await fetch(`${apiRoot}/bot${emulator?.token}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chatId, text }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

describe('flood limits over HTTP', () => {
  it('answers the 31st message within a second with 429 and retry_after', async () => {
    const api = await setup({ rateLimits: true });
    for (let id = 1; id <= 31; id++) api.addChat({ id });
    for (let id = 1; id <= 30; id++) {
      expect((await send(id)).status).toBe(200);
      clock += 10;
    }
    const rejected = await send(31);
    expect(rejected.status).toBe(429);
    expect(rejected.body).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    clock += 1000;
    expect((await send(31)).status).toBe(200);
    expect(api.stats()).toMatchObject({ sent: 31, rejected429: 1, byChat: { '31': { sent: 1, rejected429: 1 } } });
  });

  it('answers a second message to the same chat within a second with 429', async () => {
    const api = await setup({ rateLimits: true });
    api.addChat({ id: 1 });
    api.addChat({ id: 2 });
    expect((await send(1)).status).toBe(200);
    clock += 400;
    const rejected = await send(1);
    expect(rejected.status).toBe(429);
    expect(rejected.body.parameters?.retry_after).toBe(1);
    expect((await send(2)).status).toBe(200);
    clock += 599;
    expect((await send(1)).status).toBe(429);
    clock += 1;
    expect((await send(1)).status).toBe(200);
  });

  it('answers the 21st message to a group within a minute with 429 and the wait in seconds', async () => {
    const api = await setup({ rateLimits: true });
    api.addChat({ id: -100, type: 'group' });
    for (let i = 0; i < 20; i++) {
      expect((await send(-100)).status).toBe(200);
      clock += 1000;
    }
    const rejected = await send(-100);
    expect(rejected.status).toBe(429);
    // The first of the 20 left the window at t0 + 60 s; it is now t0 + 20 s.
    expect(rejected.body.parameters?.retry_after).toBe(40);
    expect(rejected.body.description).toBe('Too Many Requests: retry after 40');
    clock += 40_000;
    expect((await send(-100)).status).toBe(200);
  });

  it('does not count rejected or invalid calls against the limits', async () => {
    const api = await setup({ rateLimits: { globalPerSecond: 2 } });
    api.addChat({ id: 1 });
    api.addChat({ id: 2 });
    api.addChat({ id: 3 });
    expect((await send(1, '')).status).toBe(400);
    expect((await send(1)).status).toBe(200);
    expect((await send(1)).status).toBe(429);
    expect((await send(2)).status).toBe(200);
    expect((await send(3)).status).toBe(429);
  });

  it('is off by default and can be switched at run time', async () => {
    const api = await setup({});
    api.addChat({ id: 1 });
    for (let i = 0; i < 40; i++) expect((await send(1)).status).toBe(200);
    api.setRateLimits(true);
    expect((await send(1)).status).toBe(200);
    expect((await send(1)).status).toBe(429);
    api.setRateLimits(false);
    expect((await send(1)).status).toBe(200);
  });

  it('leaves edits alone unless countEdits is set', async () => {
    const api = await setup({ rateLimits: true });
    api.addChat({ id: 1 });
    const first = (await send(1, 'v0')).body as { result?: { message_id: number } };
    const edit = async (text: string): Promise<number> =>
      (
        await fetch(`${apiRoot}/bot${api.token}/editMessageText`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ chat_id: 1, message_id: first.result?.message_id, text }),
        })
      ).status;
    expect(await edit('v1')).toBe(200);
    expect(await edit('v2')).toBe(200);
    api.setRateLimits({ countEdits: true });
    expect(await edit('v3')).toBe(200);
    expect(await edit('v4')).toBe(429);
  });
});

describe('createRateLimiter', () => {
  it('computes retry_after from the send that leaves the window first', () => {
    let now = 0;
    const limiter = createRateLimiter({ globalPerSecond: 3, perChatPerSecond: 100 }, () => now);
    expect([1, 2, 3].map((chat) => limiter.acquire(chat, false))).toEqual([undefined, undefined, undefined]);
    now = 100;
    expect(limiter.acquire(4, false)).toBe(1);
    now = 1000;
    expect(limiter.acquire(4, false)).toBeUndefined();
  });

  it('reports at least one second', () => {
    let now = 0;
    const limiter = createRateLimiter(true, () => now);
    limiter.acquire(1, false);
    now = 999;
    expect(limiter.acquire(1, false)).toBe(1);
  });
});
