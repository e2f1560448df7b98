import { afterEach, describe, expect, it } from 'vitest';
import { createBotApiEmulator, type BotApiEmulator } from '../src/emulator';
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

function send(chatId: number, extra: Record<string, unknown> = {}, signal?: AbortSignal): Promise<Answer> {
  return fetch(`${apiRoot}/bot${emulator?.token}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chatId, text: 'news', ...extra }),
    ...(signal ? { signal } : {}),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as Answer['body'] }));
}

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

describe('counting at receipt', () => {
  it('acts on a send when it arrives; the latency is spent on the answer', async () => {
    const api = await setup({ latencyMs: { min: 30, max: 30 } });
    api.addChat({ id: 1 });
    const order: string[] = [];
    const off = api.on('message', () => void order.push('delivered'));
    await send(1).then(() => order.push('answered'));
    off();
    expect(order).toEqual(['delivered', 'answered']);
  });

  it('counts paid broadcasts against their own limit, not the free 30 a second', async () => {
    const api = await setup({ rateLimits: true });
    for (let id = 1; id <= 61; id++) api.addChat({ id });
    for (let id = 1; id <= 30; id++) expect((await send(id)).status).toBe(200);
    expect((await send(31)).status).toBe(429);
    for (let id = 32; id <= 61; id++) expect((await send(id, { allow_paid_broadcast: true })).status).toBe(200);
    clock += 1001;
    api.setRateLimits({ paidBroadcastPerSecond: 5 });
    for (let id = 1; id <= 5; id++) expect((await send(id, { allow_paid_broadcast: true })).status).toBe(200);
    expect((await send(6, { allow_paid_broadcast: true })).status).toBe(429);
  });
});

describe('storms', () => {
  it('answers 429 with retry_after 1–3 s that holds for the whole bot, and records sends made before it ends', async () => {
    const api = await setup({ storm: { share429: 1 }, random: () => 0.5 });
    api.addChat({ id: 1 });
    api.addChat({ id: 2 });
    const first = await send(1);
    expect(first.status).toBe(429);
    const retryAfter = first.body.parameters?.retry_after ?? 0;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3);
    api.setStorm({ share429: 0 });
    clock += retryAfter * 1000 - 1;
    expect((await send(2)).status).toBe(429);
    clock += 1;
    expect((await send(2)).status).toBe(200);
    const report = api.stormReport();
    expect(report.injected429).toBe(1);
    expect(report.violations).toEqual([{ method: 'sendMessage', chatId: 2, time: 1_700_000_000_000 + retryAfter * 1000 - 1, holdUntil: 1_700_000_000_000 + retryAfter * 1000 }]);
    expect(api.sent().map((message) => message.chat.id)).toEqual([2]);
  });

  it('answers 502 without delivering', async () => {
    const api = await setup({ storm: { share5xx: 1 } });
    api.addChat({ id: 1 });
    expect((await send(1)).status).toBe(502);
    expect(api.sent()).toEqual([]);
    expect(api.stormReport().injected5xx).toBe(1);
  });

  it('leaves a call unanswered until the client gives up, and records whether it delivered it', async () => {
    const api = await setup({ storm: { shareUnanswered: 1, unansweredDelivered: 1 } });
    api.addChat({ id: 1 });
    const controller = new AbortController();
    const off = api.on('message', () => controller.abort());
    await expect(send(1, {}, controller.signal)).rejects.toThrow();
    off();
    expect(api.sent().map((message) => message.chat.id)).toEqual([1]);
    const { unansweredDelivered, unansweredDropped } = api.stormReport();
    expect(unansweredDelivered).toEqual([{ chatId: 1, messageId: api.sent()[0]!.message_id }]);
    expect(unansweredDropped).toBe(0);

    api.setStorm({ shareUnanswered: 1, unansweredDelivered: 0 });
    const second = new AbortController();
    const offCall = api.on('call', () => second.abort());
    await expect(send(1, {}, second.signal)).rejects.toThrow();
    offCall();
    expect(api.sent()).toHaveLength(1);
    expect(api.stormReport().unansweredDropped).toBe(1);
    expect(api.calls('sendMessage').map((call) => [call.ok, call.unanswered])).toEqual([
      [true, true],
      [false, true],
    ]);
  });

  it('leaves other methods alone by default', async () => {
    const api = await setup({ storm: { share5xx: 1 } });
    const response = await fetch(`${apiRoot}/bot${api.token}/getMe`);
    expect(response.status).toBe(200);
  });
});
