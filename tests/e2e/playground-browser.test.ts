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
// The source's name is a bare domain, so that /latest shows it as a link Telegram would detect by itself.
const SOURCE_NAME = 'radartasik.com';

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
  let env: Record<string, string>;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let url: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'silkwire-playground-'));
    const feedsFile = join(dir, 'sources.opml');
    writeFileSync(feedsFile, opml([{ name: SOURCE_NAME, url: join(REPO_ROOT, 'src/feeds/sources/sample.rss'), language: 'id', kind: 'file' }]));
    const port = await freePort();
    env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      FEEDS_FILE: feedsFile,
      FEED_POLL_SECONDS: '2',
      LOG_LEVEL: 'info',
    };
    app = spawnScript('app/main.ts', [], env);
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
    // The source name is a bare domain: the emulator marks it as a url entity, as Telegram does, and it opens in a new tab.
    const sourceLink = page.locator('.row.bot .text a', { hasText: SOURCE_NAME }).first();
    expect(await sourceLink.getAttribute('href')).toBe(`http://${SOURCE_NAME}/`);
    expect(await sourceLink.getAttribute('target')).toBe('_blank');
    // The page says who this tab is, with the id ADMIN_IDS needs; a pre-filled field looks like a value, not a placeholder.
    const myId = await page.locator('#whoami-id').textContent();
    expect(myId).toMatch(/^\d+$/);
    expect(await page.locator('#whoami').textContent()).toContain('ADMIN_IDS');
    await page.locator('#chat-switch').click();
    const valueColour = await page.evaluate('getComputedStyle(document.getElementById("group-title")).color');
    const textColour = await page.evaluate('getComputedStyle(document.body).color');
    expect(valueColour).toBe(textColour);
    await page.locator('#chat-switch').click();

    // The example chips send their command, like tapping a command in Telegram.
    await page.locator('.chip', { hasText: '/topics' }).click();
    const topics = page.locator('.row.bot', { has: page.locator('.kb-btn') }).last();
    const china = topics.locator('.kb-btn', { hasText: 'China' });
    await china.waitFor({ timeout: 15_000 });
    expect(await china.textContent()).toBe('➕ China');
    const messageId = await topics.getAttribute('data-id');

    await china.click();
    const saved = page.locator('.toast', { hasText: 'Saved' });
    await saved.waitFor({ timeout: 10_000 });
    // A toast takes its own room: it never covers the messages.
    const [toastBox, listBox] = await Promise.all([saved.boundingBox(), page.locator('#messages').boundingBox()]);
    expect(toastBox !== null && listBox !== null && toastBox.y >= listBox.y + listBox.height).toBe(true);
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
    expect(await other.locator('#whoami-name').textContent()).not.toBe(await first.locator('#whoami-name').textContent());
    expect(await other.locator('.row').count()).toBe(0);
    await other.locator('#input').fill('/help');
    await other.locator('#input').press('Enter');
    await other.locator('.row.bot .text', { hasText: '/subscribe' }).waitFor({ timeout: 15_000 });
    // The first tab's chat did not receive the second tab's conversation.
    expect(await first.locator('.row .text', { hasText: /^\/help$/ }).count()).toBe(0);

    // Commands in the bot's reply are tappable, as in Telegram: tapping one sends it.
    const topics = other.locator('.row.bot .text .tg-command', { hasText: /^\/topics$/ }).last();
    await topics.click();
    await other.locator('.row.mine .text', { hasText: /^\/topics$/ }).waitFor({ timeout: 5_000 });
    await other.locator('.row.bot .kb-btn', { hasText: 'China' }).waitFor({ timeout: 15_000 });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('says so when a chat from "chats the emulator knows" makes you act as someone else', async () => {
    const first = context.pages()[0]!;
    const other = context.pages()[1]!;
    const firstName = (await first.locator('#whoami-name').textContent())!;
    const firstId = (await first.locator('#whoami-id').textContent())!;
    expect(await other.locator('#acting').isVisible()).toBe(false);
    await other.locator('#chat-switch').click();
    await other.locator('#known-chats a', { hasText: `(${firstId})` }).click();
    await other.locator('.status.online').waitFor({ timeout: 10_000 });
    const notice = other.locator('#acting');
    await notice.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await notice.textContent()).toContain(`You are acting as ${firstName} (user id ${firstId})`);
    await other.locator('#acting a', { hasText: 'Back to my own chat' }).click();
    await other.locator('.status.online').waitFor({ timeout: 10_000 });
    expect(await other.locator('#acting').isVisible()).toBe(false);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('makes a duplicated tab, which inherits its original\'s session storage, a person of its own', async () => {
    const first = context.pages()[0]!;
    const identity = (await first.evaluate('sessionStorage.getItem("silkwire.playground.user")')) as string;
    expect(JSON.parse(identity)).toMatchObject({ id: Number(await first.locator('#whoami-id').textContent()) });
    const copy = await context.newPage();
    copy.on('pageerror', (error) => pageErrors.push(error.message));
    await copy.addInitScript(`if (!sessionStorage.getItem("silkwire.playground.user")) sessionStorage.setItem("silkwire.playground.user", ${JSON.stringify(identity)})`);
    await copy.goto(url);
    await copy.locator('.status.online').waitFor({ timeout: 10_000 });
    expect(await copy.locator('#whoami-id').textContent()).not.toBe(await first.locator('#whoami-id').textContent());
    expect(await copy.locator('#whoami-name').textContent()).not.toBe(await first.locator('#whoami-name').textContent());
    await copy.close();
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it('shows "connection lost, retrying…" when the server goes away, keeps the draft, and recovers', async () => {
    const page = context.pages()[0]!;
    await page.locator('.status.online').waitFor({ timeout: 10_000 });
    expect(await app!.stop('SIGTERM')).toBe(0);
    const banner = page.locator('#connection');
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await banner.textContent()).toContain('Connection lost — retrying…');
    await page.locator('#input').fill('/latest');
    await page.locator('#input').press('Enter');
    await expect.poll(() => page.locator('.status').textContent(), { timeout: 5_000 }).toBe('connection lost');
    expect(await page.locator('#input').inputValue()).toBe('/latest');
    expect(await page.locator('.toast').allTextContents()).not.toContainEqual(expect.stringMatching(/fetch/i));
    expect(await page.locator('.toast.error').count()).toBe(0);

    app = spawnScript('app/main.ts', [], env);
    await app.waitForOutput(/playground ready/, 45_000);
    await banner.waitFor({ state: 'hidden', timeout: 20_000 });
    await page.locator('.status.online').waitFor({ timeout: 10_000 });
    // The restarted server's chat is a new one: the old messages are gone, the draft is sent and answered.
    await expect.poll(() => page.locator('.row').count(), { timeout: 5_000 }).toBe(0);
    await page.locator('#input').press('Enter');
    await expect.poll(() => page.locator('#input').inputValue(), { timeout: 5_000 }).toBe('');
    await page.locator('.row.mine .text', { hasText: '/latest' }).waitFor({ timeout: 5_000 });
    await page.locator('.row.bot .text a', { hasText: SEED_TITLE }).waitFor({ timeout: 30_000 });
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
