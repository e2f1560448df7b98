import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss } from '../helpers/feed-server';
import type { RunningProcess } from '../helpers/process';
import { createWorld, type World } from '../helpers/world';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const SECRET = 'webhook-secret-for-tests_0123456789';
let world: World;
let app: RunningProcess;
let base: string;

beforeAll(async () => {
  world = await createWorld('ops');
  world.feeds.set('/cn.rss', rss('CN Wire', [{ title: 'Xi Jinping speaks in Beijing', link: 'https://wire.example/xi', pubDate: new Date() }]));
  world.setSources([{ name: 'CN Wire', url: world.feeds.url('/cn.rss') }]);
  app = world.spawn([], { PORT: '0', ADMIN_TOKEN, ADMIN_IDS: '42', ALLOW_PRIVATE_SOURCES: '1' });
  await world.emulator.waitForPolling(20_000);
  const started = await app.waitForOutput(/silkwire started/, 20_000);
  base = (JSON.parse(started) as { url: string }).url;
  await app.waitForOutput(/source ingested/, 20_000);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe('operations', () => {
  it('reports health as JSON', async () => {
    const response = await fetch(`${base}/healthz`);
    const body = (await response.json()) as { status: string; checks: { redis: { ok: boolean } } };
    expect(response.status).toBe(200);
    expect(body.checks.redis.ok).toBe(true);
  });

  it('exposes Prometheus metrics after traffic', async () => {
    await world.ask(42, '/latest china');
    await new Promise((resolve) => setTimeout(resolve, 300)); // the update is counted once its handler returns
    const text = await (await fetch(`${base}/metrics`)).text();
    if (!text.includes('silkwire_updates_handled_total{')) console.log(text.split('\n').filter((l) => l.startsWith('silkwire')).join('\n'));
    expect(text).toMatch(/silkwire_updates_handled_total\{type="message"\} [1-9]/);
    expect(text).toMatch(/silkwire_messages_sent_total\{method="sendMessage"\} [1-9]/);
    expect(text).toMatch(/silkwire_feed_fetches_total\{source="[^"]+",result="ok"\} 1/);
    expect(text).toMatch(/silkwire_articles_stored\{index="china"\} 1/);
    expect(text).toContain('silkwire_queue_jobs');
  });

  it('serves the queue dashboard only with the admin token', async () => {
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    expect((await fetch(`${base}/admin/queues`, { headers: { authorization: 'Bearer wrong-token-xxxxxxxxxxxxxxxx' } })).status).toBe(401);
    const ok = await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<html');
  });

  it('admin commands answer admins only', async () => {
    expect((await world.ask(43, '/stats')).text).toContain('operators only');
    const stats = await world.ask(42, '/stats');
    expect(stats.text).toMatch(/chats/i);
    const sources = await world.ask(42, '/sources');
    expect(sources.text).toContain('CN Wire');
  });

  it('stops cleanly on SIGTERM with exit code 0', async () => {
    expect(await app.stop('SIGTERM')).toBe(0);
    expect(app.output()).toContain('shutting down');
  });
});

describe('webhook mode', () => {
  it('sets the webhook with the secret, refuses requests without it, and answers updates', async () => {
    const hook = world.spawn(['--bot'], { PORT: '0', WEBHOOK_URL: 'https://bot.example.com', WEBHOOK_SECRET: SECRET });
    const started = await hook.waitForOutput(/silkwire started/, 20_000);
    const url = (JSON.parse(started) as { url: string }).url;
    const setWebhook = world.emulator.calls('setWebhook').at(-1);
    const hookUrl = String((setWebhook?.params as { url?: string }).url);
    expect(hookUrl).toMatch(/^https:\/\/bot\.example\.com\/telegram\/webhook\/[0-9a-f]{32}$/);
    expect((setWebhook?.params as { secret_token?: string }).secret_token).toBe(SECRET);
    const path = new URL(hookUrl).pathname;
    const update = { update_id: 999001, message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: 77, type: 'private' }, from: { id: 77, is_bot: false, first_name: 'Web' }, text: '/help', entities: [{ type: 'bot_command', offset: 0, length: 5 }] } };
    world.emulator.addChat({ id: 77, type: 'private', first_name: 'Web' });
    const denied = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(update) });
    expect(denied.status).toBe(403);
    const accepted = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
    expect(accepted.status).toBe(200);
    const reply = await world.emulator.waitFor((m) => m.chat.id === 77 && m.outgoing, 10_000);
    expect(reply.text).toContain('/latest');
    expect(hook.output()).not.toContain(SECRET);
    await hook.stop();
  });
});
