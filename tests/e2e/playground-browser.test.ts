import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opml } from '../helpers/feed-server';
import { spawnScript, type RunningProcess } from '../helpers/process';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis';
import { REPO_ROOT } from '../helpers/shared';

const CHROMIUM = '/usr/bin/chromium';
const SEED_TITLE = 'China Tegaskan Dukungan Terhadap Pemerintah Kazakhstan';
const SEED_URL = 'https://radartasik.disway.id/read/88996/radartasik.com';
const SCREENSHOT = '/tmp/playground.png';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`NOTICE: ${CHROMIUM} not found; browser test skipped (apt-get install chromium)`);

/** A port nobody listens on right now, for the product's HTTP server. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.skipIf(!haveChromium)('playground in a real browser: npm start without a token', () => {
  const prefix = uniquePrefix('playground');
  let dir: string;
  let app: RunningProcess | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let url: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'silkwire-playground-'));
    const feedsFile = join(dir, 'sources.opml');
    writeFileSync(feedsFile, opml([{ name: 'Silkwire sample', url: join(REPO_ROOT, 'src/feeds/sources/sample.rss'), language: 'id', kind: 'file' }]));
    const port = await freePort();
    app = spawnScript('app/main.ts', [], {
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      FEEDS_FILE: feedsFile,
      FEED_POLL_SECONDS: '2',
      LOG_LEVEL: 'info',
    });
    url = `http://127.0.0.1:${port}/`;
    const line = await app.waitForOutput(new RegExp(`playground.*http://127\\.0\\.0\\.1:${port}/`), 45_000);
    expect(line).toContain(url);
    // The bundled sample article must be in the store before /latest can show it.
    await app.waitForOutput(/"created":1\b.*source ingested/, 30_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 900, height: 1000 } });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    try {
      await deletePrefix(redis, prefix);
    } finally {
      await redis.quit();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('shows /latest with the seed article as a link, and /topics buttons that subscribe and update the message', async () => {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    await expect.poll(() => page.locator('h1').textContent()).toContain('you are chatting with the real bot through a built-in Telegram emulator');
    await page.locator('.status.online').waitFor({ timeout: 10_000 });

    await page.locator('#input').fill('/latest');
    await page.locator('#input').press('Enter');
    await page.locator('.row.mine .text', { hasText: '/latest' }).waitFor({ timeout: 5_000 });
    const link = page.locator('.row.bot .text a', { hasText: SEED_TITLE });
    await link.waitFor({ timeout: 15_000 });
    expect(await link.getAttribute('href')).toBe(SEED_URL);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await page.locator('.row.bot .sender').first().textContent()).toBe('Silkwire');
    expect(await page.locator('.row.bot .meta').first().textContent()).toMatch(/\d{1,2}:\d{2}/);

    // The example chips send their command, like tapping a command in Telegram.
    await page.locator('.chip', { hasText: '/topics' }).click();
    const topics = page.locator('.row.bot', { has: page.locator('.kb-btn') }).last();
    const china = topics.locator('.kb-btn', { hasText: 'China' });
    await china.waitFor({ timeout: 15_000 });
    expect(await china.textContent()).toBe('➕ China');
    const messageId = await topics.getAttribute('data-id');

    await china.click();
    await page.locator('.toast', { hasText: 'Saved' }).waitFor({ timeout: 10_000 });
    const updated = page.locator(`.row.bot[data-id="${messageId}"]`);
    await expect.poll(() => updated.locator('.kb-btn', { hasText: 'China' }).textContent(), { timeout: 10_000 }).toBe('✖️ China');
    expect(await updated.locator('.meta').textContent()).toMatch(/^edited /);
    expect(await updated.locator('.text').textContent()).toContain('China');

    await page.screenshot({ path: SCREENSHOT });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('gives another tab its own private chat', async () => {
    const first = context.pages()[0]!;
    const other = await context.newPage();
    other.on('pageerror', (error) => pageErrors.push(error.message));
    await other.goto(url);
    await other.locator('.status.online').waitFor({ timeout: 10_000 });
    expect(await other.locator('#me-id').textContent()).not.toBe(await first.locator('#me-id').textContent());
    expect(await other.locator('.row').count()).toBe(0);
    await other.locator('#input').fill('/help');
    await other.locator('#input').press('Enter');
    await other.locator('.row.bot .text', { hasText: '/subscribe' }).waitFor({ timeout: 15_000 });
    // The first tab's chat did not receive the second tab's conversation.
    expect(await first.locator('.row .text', { hasText: /^\/help$/ }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
