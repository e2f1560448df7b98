import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserInput } from '@silkwire/telegram-emulator';
import { createHandlerBot, type HandlerBot } from '../helpers/handler-bot';

// Commands in, what the person sees out: the real handlers against the Bot API emulator and real Redis.
let h: HandlerBot;
const ana: UserInput = { id: 1201, first_name: 'Ana <3', language_code: 'en' };
const ivan: UserInput = { id: 1202, first_name: 'Ivan', language_code: 'ru' };
const GROUP = -1001200;
const member: UserInput = { id: 1210, first_name: 'Mem' };
const admin: UserInput = { id: 1211, first_name: 'Adm' };

beforeAll(async () => {
  h = await createHandlerBot('handlers-commands');
  h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Desk' });
  h.emulator.setChatMemberStatus(GROUP, member.id, 'member');
  h.emulator.setChatMemberStatus(GROUP, admin.id, 'administrator');
});

afterAll(async () => {
  expect(h.errors).toEqual([]);
  await h.close();
});

async function one(chatId: number, text: string, from: UserInput, chatType?: 'private' | 'supergroup'): Promise<string> {
  const replies = await h.say(chatId, text, from, chatType);
  expect(replies).toHaveLength(1);
  return replies[0]!.text;
}

describe('start, help and topics', () => {
  it('welcomes by escaped name in the person\'s language, without storing more than the chat', async () => {
    expect(await one(ana.id, '/start', ana)).toMatch(/^Hello, Ana <3! I am Silkwire/);
    expect(await one(ivan.id, '/start', ivan)).toMatch(/^Здравствуйте|Привет/);
    expect((await h.chats.get(ivan.id))?.language).toBe('ru');
  });

  it('lists the commands and the topics with buttons', async () => {
    expect(await one(ana.id, '/help', ana)).toContain('/subscribe');
    const [topics] = await h.say(ana.id, '/topics', ana);
    expect(topics?.text).toMatch(/^Topics\nKazakhstan \(kazakhstan\)/);
    expect(topics?.reply_markup?.inline_keyboard?.flat().map((b) => b.callback_data)).toEqual(['t:sub:kazakhstan', 't:sub:china']);
  });
});

describe('subscriptions', () => {
  it('subscribes, lists and unsubscribes', async () => {
    expect(await one(ana.id, '/subscribe kz', ana)).toBe('Subscribed to: Kazakhstan.\nDigests come every day at 08:00 (UTC).');
    expect(await one(ana.id, '/subscriptions', ana)).toBe(
      'This chat\nTopics: Kazakhstan\nSchedule: Digests come every day at 08:00 (UTC).\nTime zone: UTC\nLanguage: English',
    );
    expect(await one(ana.id, '/unsubscribe all', ana)).toBe('Done. This chat has no subscriptions now.');
    expect((await h.chats.get(ana.id))?.topics).toEqual([]);
  });

  it('lists the chat\'s filters and quiet hours too, and drops the lines once they are removed', async () => {
    await one(ana.id, '/subscribe china', ana);
    await one(ana.id, '/filter +oil -football', ana);
    await one(ana.id, '/quiet 22:00-07:00', ana);
    expect(await one(ana.id, '/subscriptions', ana)).toBe(
      'This chat\nTopics: China\nSchedule: Digests come every day at 08:00 (UTC).\nTime zone: UTC\nLanguage: English\nFilters: +oil, -football\nQuiet hours: 22:00–07:00',
    );
    await one(ana.id, '/filter clear', ana);
    await one(ana.id, '/quiet off', ana);
    expect(await one(ana.id, '/subscriptions', ana)).toBe(
      'This chat\nTopics: China\nSchedule: Digests come every day at 08:00 (UTC).\nTime zone: UTC\nLanguage: English',
    );
    await one(ana.id, '/unsubscribe all', ana);
  });

  it('names an unknown topic back, escaped, and changes nothing', async () => {
    expect(await one(ana.id, '/subscribe <mars>', ana)).toContain('I don\'t know the topic “<mars>”. Valid topics: kazakhstan, china.');
    expect(await one(ana.id, '/unsubscribe mars', ana)).toContain('Valid topics: kazakhstan, china, all.');
    expect((await h.chats.get(ana.id))?.topics).toEqual([]);
  });

  it('offers buttons when no topic is given', async () => {
    const [pick] = await h.say(ana.id, '/subscribe', ana);
    expect(pick?.text).toBe('Which topics should this chat follow?');
    expect(pick?.reply_markup?.inline_keyboard?.flat().map((b) => b.callback_data)).toEqual(['t:sub:kazakhstan', 't:sub:china']);
  });

  it('understands "all" in other languages', async () => {
    await one(ivan.id, '/subscribe china kz', ivan);
    expect(await one(ivan.id, '/unsubscribe все', ivan)).not.toContain('«все»');
    expect((await h.chats.get(ivan.id))?.topics).toEqual([]);
  });
});

describe('settings', () => {
  it('sets digests, instant alerts and explains bad input', async () => {
    expect(await one(ana.id, '/digest 07:30,19:00', ana)).toBe('Saved. Digests come every day at 07:30, 19:00 (UTC).');
    expect(await one(ana.id, '/digest 25:00', ana)).toContain('Send /digest with up to 6 times a day');
    expect(await one(ana.id, '/digest 1:00,2:00,3:00,4:00,5:00,6:00,7:00', ana)).toContain('At most 6 digests a day');
    expect(await one(ana.id, '/digest instant', ana)).toContain('instant alerts');
  });

  it('sets the zone and names a bad one', async () => {
    expect(await one(ana.id, '/timezone Asia/Almaty', ana)).toMatch(/^Time zone set to Asia\/Almaty \(local time now: \d\d:\d\d\)\./);
    expect(await one(ana.id, '/timezone Mars/<Olympus>', ana)).toMatch(/^“Mars\/<Olympus>” is not a time zone I know\.\nSend \/timezone/);
    expect(await one(ana.id, '/timezone', ana)).toMatch(/^Send \/timezone/);
    expect((await h.chats.get(ana.id))?.zone).toBe('Asia/Almaty');
  });

  it('switches the language and answers in it', async () => {
    expect(await one(ana.id, '/language xx', ana)).toContain('en (English)');
    expect(await one(ana.id, '/language ru', ana)).toContain('по-русски');
    expect(await one(ana.id, '/help', ana)).toContain('/subscribe');
    expect((await h.chats.get(ana.id))?.language).toBe('ru');
    await one(ana.id, '/language en', ana);
  });
});

describe('latest', () => {
  it('says there is nothing yet, and explains bad arguments', async () => {
    expect(await one(ana.id, '/latest china', ana)).toMatch(/^No articles on China yet/);
    expect(await one(ana.id, '/latest 99', ana)).toMatch(/^The number of articles must be a whole number from 1 to 20/);
    expect(await one(ana.id, '/latest pluto', ana)).toContain('I don\'t know the topic “pluto”');
  });
});

describe('groups', () => {
  it('lets only administrators change a group; anyone may read', async () => {
    for (const command of ['/subscribe china', '/unsubscribe china', '/digest instant', '/timezone UTC+5', '/language ru']) {
      expect(await one(GROUP, command, member, 'supergroup')).toBe("Only this group's administrators can change its subscriptions and settings.");
    }
    expect(await one(GROUP, '/subscriptions', member, 'supergroup')).toContain('Topics: none');
    expect(await one(GROUP, '/subscribe china', admin, 'supergroup')).toMatch(/^Subscribed to: China\./);
    expect((await h.chats.get(GROUP))?.topics).toEqual(['china']);
  });

  it('stays silent on plain talk in a group and on commands for another bot', async () => {
    expect(await h.say(GROUP, 'hello all', member, 'supergroup')).toEqual([]);
    expect(await h.say(GROUP, '/latest@some_other_bot', member, 'supergroup')).toEqual([]);
  });
});

describe('everything else', () => {
  it('answers plain text in a private chat with a hint', async () => {
    expect(await one(ana.id, 'hello?', ana)).toContain('/help');
  });

  it('does not create a chat for a bot removed from a chat it never knew', async () => {
    await h.handle(h.emulator.myChatMember({ chatId: -1001299, status: 'kicked', chatType: 'supergroup', chatTitle: 'Gone' }) as never);
    expect(await h.chats.get(-1001299)).toBeUndefined();
  });
});
