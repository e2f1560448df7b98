import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UserInput } from '@silkwire/telegram-emulator';
import { LANGUAGE_CODES, messagesFor } from '../../src/i18n';
import { sourceIdFor } from '../../src/sources/source';
import { createHandlerBot, type HandlerBot } from '../helpers/handler-bot';

// Small correctness fixes: each test here failed before its fix.
const OPERATOR: UserInput = { id: 1301, first_name: 'Op', language_code: 'en' };
const ana: UserInput = { id: 1302, first_name: 'Ana', language_code: 'en' };
const GROUP = -1001300;
let h: HandlerBot;

beforeAll(async () => {
  h = await createHandlerBot('handlers-hardening', { adminIds: [OPERATOR.id] });
  h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Ops' });
  h.emulator.setChatMemberStatus(GROUP, OPERATOR.id, 'administrator');
});

beforeEach(() => {
  h.errors.length = 0;
});

afterAll(async () => {
  await h.close();
});

async function one(chatId: number, text: string, from: UserInput, chatType?: 'private' | 'supergroup'): Promise<string> {
  const replies = await h.say(chatId, text, from, chatType);
  expect(h.errors).toEqual([]);
  expect(replies).toHaveLength(1);
  return replies[0]!.text;
}

describe('echoed input is shortened', () => {
  const huge = '<&>'.repeat(1350);

  it.each([
    ['/subscribe', `/subscribe ${huge}`],
    ['/unsubscribe', `/unsubscribe ${huge}`],
    ['/latest', `/latest ${huge}`],
    ['/timezone', `/timezone ${huge}`],
  ])('%s with a 4,050-character word answers with the word cut to 64 characters', async (_name, command) => {
    const text = await one(ana.id, command, ana);
    expect(text).toContain(`“${'<&>'.repeat(21)}…”`);
    expect(text.length).toBeLessThan(1000);
  });

  it('never cuts a character in half', async () => {
    const text = await one(ana.id, `/subscribe ${'😀'.repeat(100)}`, ana);
    expect(text).toContain(`“${'😀'.repeat(63)}…”`);
  });
});

describe('/stats', () => {
  it('is split at line boundaries into messages under 4,096 characters', async () => {
    for (let i = 0; i < 40; i++) {
      const url = `https://failing-${i}.example.com/rss`;
      await h.runtimeSources.add({ id: sourceIdFor(url), name: `Failing feed number ${i} with a long name`, url, addedAt: Date.now() });
      await h.sourceStates.recordFailure(sourceIdFor(url), `connect ECONNREFUSED ${'x'.repeat(190)} ${i}`, Date.now(), () => Date.now() + 60_000);
    }
    const replies = await h.say(OPERATOR.id, '/stats', OPERATOR);
    expect(h.errors).toEqual([]);
    expect(replies.length).toBeGreaterThan(1);
    for (const reply of replies) expect(reply.raw_text.length).toBeLessThanOrEqual(4096);
    const text = replies.map((reply) => reply.text).join('\n');
    expect(text).toMatch(/^Silkwire stats\n/);
    for (let i = 0; i < 40; i++) expect(text).toContain(`❌ Failing feed number ${i} with a long name: 1 failure — connect ECONNREFUSED`);
  });
});

describe('/exportsources', () => {
  it('works only in a private chat: in a group it says so and sends nothing', async () => {
    const text = await one(GROUP, '/exportsources', OPERATOR, 'supergroup');
    expect(text).toBe('/exportsources works only in a private chat with the bot: source URLs can carry credentials.');
    expect(h.emulator.calls('sendDocument')).toEqual([]);
  });
});

describe('unknown commands', () => {
  it('are named back, shortened and escaped, with a pointer to /help', async () => {
    expect(await one(ana.id, '/frobnicate now', ana)).toBe("I don't know the command /frobnicate. Send /help to see what I can do.");
    const long = await one(ana.id, `/${'a<b'.repeat(100)}`, ana);
    expect(long).toBe(`I don't know the command /${'a<b'.repeat(21)}…. Send /help to see what I can do.`);
  });

  it.each(LANGUAGE_CODES)('are explained in %s', async (code) => {
    const user = { id: 1400 + LANGUAGE_CODES.indexOf(code), first_name: 'U', language_code: code };
    const text = await one(user.id, '/nosuch', user);
    expect(text).toBe(messagesFor(code).unknownCommand('/nosuch'));
    expect(text).toContain('/nosuch');
    expect(text).toContain('/help');
  });

  it('plain text still gets the hint', async () => {
    expect(await one(ana.id, 'hello', ana)).toBe(messagesFor('en').privateHint);
  });

  it('in a group, answers only a command addressed to this bot', async () => {
    expect(await h.say(GROUP, '/nosuch', OPERATOR, 'supergroup')).toEqual([]);
    const text = await one(GROUP, `/nosuch@${h.emulator.bot.username}`, OPERATOR, 'supergroup');
    expect(text).toContain('/nosuch');
  });
});

describe('/subscriptions with no topics', () => {
  it('says there are none and how to subscribe, with no schedule', async () => {
    const user = { id: 1310, first_name: 'New', language_code: 'en' };
    const text = await one(user.id, '/subscriptions', user);
    expect(text).toBe('This chat\nTopics: none\nTime zone: UTC\nLanguage: English\n\nThis chat has no subscriptions. Send /subscribe to get news on Kazakhstan or China.');
  });
});

describe('subscribing twice', () => {
  const bea = { id: 1320, first_name: 'Bea', language_code: 'en' };

  it('says a topic is already subscribed, and which ones are new', async () => {
    expect(await one(bea.id, '/subscribe china', bea)).toBe('Subscribed to: China.\nDigests come every day at 08:00 (UTC).');
    expect(await one(bea.id, '/subscribe china', bea)).toBe('This chat is already subscribed to: China.\nDigests come every day at 08:00 (UTC).');
    expect(await one(bea.id, '/subscribe china kz', bea)).toBe(
      'Subscribed to: Kazakhstan.\nThis chat is already subscribed to: China.\nDigests come every day at 08:00 (UTC).',
    );
    expect((await h.chats.get(bea.id))?.topics).toEqual(['kazakhstan', 'china']);
  });

  it('says a topic was not subscribed when unsubscribing from it', async () => {
    expect(await one(bea.id, '/unsubscribe china', bea)).toBe('Done. Still subscribed to: Kazakhstan.');
    expect(await one(bea.id, '/unsubscribe china', bea)).toBe('This chat was not subscribed to: China. Still subscribed to: Kazakhstan.');
    expect(await one(bea.id, '/unsubscribe china kz', bea)).toBe('This chat was not subscribed to: China. Done. This chat has no subscriptions now.');
    expect(await one(bea.id, '/unsubscribe all', bea)).toBe('This chat has no subscriptions. Send /subscribe to get news on Kazakhstan or China.');
  });
});
