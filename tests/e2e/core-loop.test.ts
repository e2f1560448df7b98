import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss } from '../helpers/feed-server';
import type { RunningProcess } from '../helpers/process';
import { createWorld, type World } from '../helpers/world';

const SEED_TITLE = 'China Tegaskan Dukungan Terhadap Pemerintah Kazakhstan';
const SEED_URL = 'https://radartasik.disway.id/read/88996/radartasik.com';
const HOUR = 3_600_000;

let world: World;
let app: RunningProcess;

beforeAll(async () => {
  world = await createWorld('core');
  const now = Date.now();
  world.feeds.set(
    '/radartasik.rss',
    rss(
      'Radar Tasikmalaya',
      [
        {
          title: SEED_TITLE,
          link: `${SEED_URL}?utm_source=rss&fbclid=abc`,
          description: 'Menteri pertahanan China menegaskan Beijing menentang intervensi asing di Kazakhstan.',
          pubDate: new Date(now - 2 * HOUR),
        },
        { title: 'Harga cabai naik di pasar Tasikmalaya', link: 'https://radartasik.example/cabai', pubDate: new Date(now - HOUR) },
      ],
      'id',
    ),
  );
  world.feeds.set(
    '/world.rss',
    rss('World wire', [
      { title: 'Xi Jinping opens trade fair in Shanghai', link: 'https://wire.example/xi', pubDate: new Date(now - 3 * HOUR) },
      { title: 'Football: late goal decides the derby', link: 'https://wire.example/football', pubDate: new Date(now - 30 * 60_000) },
      { title: '<b>Beijing</b> & partners: 5 < 6 deal', link: 'https://wire.example/accord', pubDate: new Date(now - 4 * HOUR) },
    ]),
  );
  world.setSources([
    { name: 'Radar Tasikmalaya', url: world.feeds.url('/radartasik.rss'), language: 'id' },
    { name: 'World <Wire>', url: world.feeds.url('/world.rss'), language: 'en' },
  ]);
  app = world.spawn();
  await world.emulator.waitForPolling(20_000);
  await app.waitForOutput(/"created":1\b.*source ingested/, 20_000);
  await app.waitForOutput(/"created":2\b.*source ingested/, 20_000);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe('core loop: feeds in, articles classified, /latest out', () => {
  it('answers /latest kazakhstan with the seed story: linked title, a summary from its lead, its source and age', async () => {
    const reply = await world.ask(101, '/latest kazakhstan', { id: 101, first_name: 'Ana', language_code: 'en' });
    expect(reply.text).toContain('Latest on Kazakhstan');
    expect(reply.text).toContain(SEED_TITLE);
    expect(reply.text).toContain(`${SEED_TITLE}\nMenteri pertahanan China menegaskan Beijing menentang intervensi asing di Kazakhstan.\nRadar Tasikmalaya · 2 h ago`);
    expect(reply.entities).toContainEqual(expect.objectContaining({ type: 'text_link', url: SEED_URL }));
    expect(reply.text).not.toContain('cabai');
    expect(reply.text).not.toContain('Xi Jinping');
    expect(reply.link_preview_options?.is_disabled).toBe(true);
  });

  it('answers /latest china with both China articles, newest first, with titles escaped', async () => {
    const reply = await world.ask(101, '/latest china');
    const text = reply.text;
    expect(text).toContain(SEED_TITLE);
    expect(text).toContain('Xi Jinping opens trade fair in Shanghai');
    expect(text).toContain('Beijing & partners: 5 < 6 deal');
    expect(text.indexOf(SEED_TITLE)).toBeLessThan(text.indexOf('Xi Jinping'));
    expect(text.indexOf('Xi Jinping')).toBeLessThan(text.indexOf('Beijing & partners'));
    expect(text).toContain('World <Wire>');
    expect(text).not.toContain('Football');
  });

  it.each([['/latest tiongkok 1'], ['/latest 中国 1'], ['/latest китай 1'], ['/latest cn 1']])('understands the alias in %s', async (command) => {
    const reply = await world.ask(102, command);
    expect(reply.text).toContain(SEED_TITLE);
    expect(reply.text).not.toContain('Xi Jinping');
  });

  it('with no topic shows both topics and never the off-topic articles', async () => {
    const reply = await world.ask(103, '/latest');
    expect(reply.text).toContain('Latest on Kazakhstan and China');
    for (const title of [SEED_TITLE, 'Xi Jinping opens trade fair in Shanghai']) expect(reply.text).toContain(title);
    expect(reply.text).not.toMatch(/Football|cabai/);
  });

  it('explains an unknown topic or a bad count and keeps working', async () => {
    const unknown = await world.ask(104, '/latest mars');
    expect(unknown.text).toContain('mars');
    expect(unknown.text).toContain('kazakhstan, china');
    const bad = await world.ask(104, '/latest china 500');
    expect(bad.text).toContain('from 1 to 20');
    expect(bad.text).toContain('Topics: kazakhstan, china');
    const good = await world.ask(104, '/latest kz 1');
    expect(good.text).toContain(SEED_TITLE);
  });

  it('welcomes in the person language and falls back to English', async () => {
    expect((await world.ask(201, '/start', { id: 201, first_name: 'Siti', language_code: 'id' })).text).toMatch(/^Halo, Siti! Saya Silkwire/);
    expect((await world.ask(202, '/start', { id: 202, first_name: 'Иван', language_code: 'ru' })).text).toMatch(/^Здравствуйте, Иван!/);
    expect((await world.ask(203, '/start', { id: 203, first_name: 'Hans', language_code: 'de' })).text).toMatch(/^Hello, Hans! I am Silkwire/);
  });

  it('lists every command in /help and the topics in /topics, and hints at /help for other text', async () => {
    const help = await world.ask(101, '/help');
    for (const command of ['/latest', '/topics', '/subscribe', '/digest', '/timezone', '/language', '/help']) expect(help.text).toContain(command);
    const topics = await world.ask(101, '/topics');
    expect(topics.text).toContain('kazakhstan');
    expect(topics.text).toContain('china');
    const hint = await world.ask(101, 'hello bot');
    expect(hint.text).toContain('/help');
  });

  it('registered its commands, per language', () => {
    expect(world.emulator.commands().map((c) => c.command)).toContain('latest');
    expect(world.emulator.commands(undefined, 'ru').find((c) => c.command === 'latest')?.description).toMatch(/статьи/);
  });

  it('fetches each source once per cycle, conditionally, however many people ask', async () => {
    const before = world.feeds.requests('/world.rss');
    await Promise.all([1, 2, 3, 4, 5].map((i) => world.ask(300 + i, '/latest')));
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const fetched = world.feeds.requests('/world.rss') - before;
    expect(fetched).toBeGreaterThanOrEqual(2);
    expect(fetched).toBeLessThanOrEqual(5);
  });

  it('never writes the bot token to its output', () => {
    expect(app.output()).toContain('source ingested');
    expect(app.output()).not.toContain(world.emulator.token);
  });
});
