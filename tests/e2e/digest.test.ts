import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss } from '../helpers/feed-server';
import type { RunningProcess } from '../helpers/process';
import { createWorld, type World } from '../helpers/world';

let world: World;
let app: RunningProcess;
const items: Array<{ title: string; link: string; pubDate: Date }> = [];
const dana = { id: 601, first_name: 'Dana', language_code: 'en' };

function publish(title: string): void {
  items.unshift({ title, link: `https://wire.example/${encodeURIComponent(title)}`, pubDate: new Date() });
  world.feeds.set('/kz.rss', rss('KZ Wire', items));
}

/** The next whole UTC minute at least `leadMs` away, as HH:MM, and its time. */
function nextMinute(leadMs: number): { hhmm: string; at: number } {
  const at = Math.ceil((Date.now() + leadMs) / 60_000) * 60_000;
  const d = new Date(at);
  return { hhmm: `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`, at };
}

beforeAll(async () => {
  world = await createWorld('digest', { rateLimits: true, latencyMs: { min: 50, max: 100 } });
  publish('Astana hosts regional summit');
  publish('Almaty metro extends line');
  world.setSources([{ name: 'KZ Wire', url: world.feeds.url('/kz.rss') }]);
  app = world.spawn([], { PORT: '0' });
  await world.emulator.waitForPolling(20_000);
  await app.waitForOutput(/"created":2\b.*source ingested/, 20_000);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe('digests at the chat times', () => {
  it('sends the first digest at its time with the last day of articles, and the next with only new ones', async () => {
    await world.ask(601, '/subscribe kazakhstan', dana);
    const first = nextMinute(8000);
    expect((await world.ask(601, `/digest ${first.hhmm}`, dana)).text).toContain(`every day at ${first.hhmm} (UTC)`);
    const digest1 = await world.emulator.waitFor((m) => m.chat.id === 601 && m.text.includes('Your Silkwire digest'), 100_000);
    expect(digest1.date * 1000).toBeGreaterThanOrEqual(first.at - 1000);
    expect(digest1.date * 1000).toBeLessThanOrEqual(first.at + 30_000);
    expect(digest1.text).toContain('Astana hosts regional summit');
    expect(digest1.text).toContain('Almaty metro extends line');

    publish('Caspian oil output rises in Atyrau');
    await app.waitForOutput(/"created":1\b.*source ingested/, 20_000);
    const second = nextMinute(5000);
    await world.ask(601, `/digest ${second.hhmm}`, dana);
    const digest2 = await world.emulator.waitFor((m) => m.chat.id === 601 && m.message_id > digest1.message_id && m.text.includes('Your Silkwire digest'), 100_000);
    expect(digest2.text).toContain('Caspian oil output rises in Atyrau');
    expect(digest2.text).not.toContain('Astana hosts');
    expect(digest2.text).not.toContain('Almaty metro');
    expect(world.emulator.stats().rejected429).toBe(0);
  }, 220_000);
});
