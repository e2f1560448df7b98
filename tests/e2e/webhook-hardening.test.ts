import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningProcess } from '../helpers/process';
import { createWorld, type World } from '../helpers/world';

const SECRET = 'hook-secret-for-hardening_0123456789';
const ADMIN_TOKEN = 'admin-token-for-hardening-0123456789';
let world: World;
let app: RunningProcess;
let base: string;
let path: string;

const STACK = /\bat .+:\d+:\d+|<pre>|SyntaxError|node_modules/;

beforeAll(async () => {
  world = await createWorld('hook');
  app = world.spawn(['--bot'], { PORT: '0', WEBHOOK_URL: 'https://bot.example.com', WEBHOOK_SECRET: SECRET, ADMIN_TOKEN, ADMIN_IDS: '42', NODE_ENV: 'development', LOG_LEVEL: 'debug' });
  const started = await app.waitForOutput(/silkwire started/, 20_000);
  base = (JSON.parse(started) as { url: string }).url;
  const setWebhook = world.emulator.calls('setWebhook').at(-1);
  path = new URL(String((setWebhook?.params as { url?: string }).url)).pathname;
}, 60_000);

afterAll(async () => {
  await world?.close();
});

let nextUpdateId = 700_000;
function update(chatId: number, text: string) {
  world.emulator.addChat({ id: chatId, type: 'private', first_name: 'Web' });
  const command = text.split(' ')[0]!;
  return {
    update_id: nextUpdateId++,
    message: { message_id: nextUpdateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'Web' }, text, entities: [{ type: 'bot_command', offset: 0, length: command.length }] },
  };
}

function post(body: string, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('webhook hardening', () => {
  it('refuses a request without the secret before reading its body: malformed or huge, it gets 403', async () => {
    const broken = await post('{"update_id": 1, "message": {');
    expect(broken.status).toBe(403);
    expect(await broken.text()).not.toMatch(STACK);
    const huge = await post(`{"update_id": 1, "pad": "${'x'.repeat(3_000_000)}"}`);
    expect(huge.status).toBe(403);
    const wrong = await post('{"update_id": 1, "message": {', { 'x-telegram-bot-api-secret-token': 'not-the-secret' });
    expect(wrong.status).toBe(403);
  });

  it('answers a malformed body with the secret with 400 and no stack trace, and logs it through pino', async () => {
    const broken = await post('{"update_id": 1, "message": {', { 'x-telegram-bot-api-secret-token': SECRET });
    expect(broken.status).toBe(400);
    const text = await broken.text();
    expect(text).not.toMatch(STACK);
    expect(text).not.toContain('<html');
    const line = await app.waitForOutput(/"msg":"[^"]*(request|body)[^"]*"/i, 5000);
    expect(JSON.parse(line)).toHaveProperty('level');
  });

  it('a malformed dashboard cookie is refused without a stack trace', async () => {
    const response = await fetch(`${base}/admin/queues`, { headers: { cookie: 'silkwire_admin=%E0%A4%A' } });
    expect(response.status).toBe(401);
    expect(await response.text()).not.toMatch(STACK);
    const unknown = await fetch(`${base}/admin/queues/api/nothing%E0%A4%A`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(unknown.status).toBeLessThan(500);
    expect(await unknown.text()).not.toMatch(STACK);
  });

  it('the token and the webhook secret never appear in logs, replies or /metrics', async () => {
    const token = world.emulator.token;
    const headers = { 'x-telegram-bot-api-secret-token': SECRET };
    expect((await post(JSON.stringify(update(81, '/help')), headers)).status).toBe(200);
    expect((await post(JSON.stringify(update(81, '/latest')), headers)).status).toBe(200);
    expect((await post(JSON.stringify(update(42, '/stats')), headers)).status).toBe(200);
    world.emulator.failNext('sendMessage', { code: 500, description: 'Internal Server Error' }, 2);
    expect((await post(JSON.stringify(update(82, '/start')), headers)).status).toBe(200);
    expect((await post(JSON.stringify(update(83, `/latest ${SECRET}`)), headers)).status).toBe(200);
    await world.emulator.waitFor((m) => m.chat.id === 83 && m.outgoing, 10_000);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const health = await (await fetch(`${base}/healthz`)).text();
    const replies = world.emulator.sent().map((m) => m.text).join('\n');
    for (const secret of [token, SECRET, encodeURIComponent(token)]) {
      expect(app.output()).not.toContain(secret);
      expect(metrics).not.toContain(secret);
      expect(health).not.toContain(secret);
    }
    expect(replies).not.toContain(token);
    // The person's own text may be echoed back; the secret itself is only ever in the header Telegram sends.
    expect(replies.split(SECRET).length - 1).toBeLessThanOrEqual(1);
  });

  it('finishes an acknowledged update before it exits on SIGTERM', async () => {
    const headers = { 'x-telegram-bot-api-secret-token': SECRET };
    // Three replies to one chat go out one per second: the last ones are still pending when the signal comes.
    const posts = [0, 1, 2].map(() => post(JSON.stringify(update(91, '/help')), headers));
    await world.emulator.waitFor((m) => m.chat.id === 91 && m.outgoing, 10_000);
    expect(await app.stop('SIGTERM')).toBe(0);
    // Every request got its answer (Telegram was never told "ok" for an update that was then dropped).
    expect((await Promise.all(posts)).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(world.emulator.sent(91).filter((m) => m.text.includes('/latest'))).toHaveLength(3);
  });
});
