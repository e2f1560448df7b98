import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserInput } from '@silkwire/telegram-emulator';
import type { Article } from '../../src/articles/article';
import { createHandlerBot, type HandlerBot } from '../helpers/handler-bot';

// /latest, /search, /filter and /quiet: commands in, what the person sees out (real handlers, emulator, real Redis).
let h: HandlerBot;
const ana: UserInput = { id: 1301, first_name: 'Ana', language_code: 'en' };
const aigul: UserInput = { id: 1302, first_name: 'Aigul', language_code: 'kk' };
const GROUP = -1001300;
const member: UserInput = { id: 1310, first_name: 'Mem' };
const admin: UserInput = { id: 1311, first_name: 'Adm' };
const HOUR = 3_600_000;
let n = 0;

async function publish(over: Partial<Article> & Pick<Article, 'title'>): Promise<void> {
  n += 1;
  const article: Article = { sourceId: `s${n}`, sourceName: 'Test Wire', guid: `g${n}`, url: `https://wire.example/${n}`, description: '', publishedAt: Date.now() - HOUR, language: 'en', topics: ['kazakhstan'], ...over };
  const saved = await h.articles.save(article);
  await h.stories.assign({ ...article, id: saved.id }, article.publishedAt ?? Date.now());
}

beforeAll(async () => {
  h = await createHandlerBot('handlers-stories');
  h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Desk' });
  h.emulator.setChatMemberStatus(GROUP, member.id, 'member');
  h.emulator.setChatMemberStatus(GROUP, admin.id, 'administrator');
  const wheat = 'Kazakhstan will export 500,000 tonnes of wheat to China through Khorgos this year, the agriculture ministry said.';
  await publish({ title: 'Kazakhstan to ship 500,000 tonnes of wheat to China by rail', description: wheat, sourceName: 'Kazinform', publishedAt: Date.now() - 3 * HOUR, topics: ['kazakhstan', 'china'] });
  await publish({ title: 'Казахстан поставит в Китай 500 тысяч тонн пшеницы', description: 'Казахстан экспортирует 500 тысяч тонн пшеницы в Китай через Хоргос.', sourceName: 'Tengrinews', language: 'ru', publishedAt: Date.now() - 2 * HOUR });
  await publish({ title: 'Қазақстан Қытайға 500 мың тонна бидай жібереді', description: 'Қазақстан Қорғас арқылы Қытайға 500 мың тонна бидай экспорттайды.', sourceName: 'Kazinform KZ', language: 'kk', publishedAt: Date.now() - 2 * HOUR });
  await publish({ title: 'Wheat harvest starts early in Kostanay', description: 'Farmers in Kostanay began the wheat harvest a week early.', sourceName: 'Astana Times', publishedAt: Date.now() - HOUR });
  await publish({ title: 'Astana hosts the Asian chess championship', description: 'Two hundred players came to Astana.', sourceName: 'Astana Times', publishedAt: Date.now() - 30 * 60_000 });
});

afterAll(async () => {
  expect(h.errors).toEqual([]);
  await h.close();
});

describe('/latest shows stories', () => {
  it('shows each story once with its sources line, in the chat language where a title exists', async () => {
    const [reply] = await h.say(ana.id, '/latest kazakhstan 5', ana);
    expect(reply!.text.match(/wheat to China by rail/g)).toHaveLength(1);
    expect(reply!.text).not.toContain('Казахстан поставит');
    expect(reply!.text).toMatch(/Kazinform, (Tengrinews|Kazinform KZ) \+1 · 3 languages · 2 h ago/);
    expect(reply!.raw_text).toMatch(/<a href="https:\/\/wire\.example\/\d+">Kazinform<\/a>/);
    expect(reply!.text.indexOf('chess')).toBeLessThan(reply!.text.indexOf('Kostanay'));
    const [kk] = await h.say(aigul.id, '/latest kazakhstan 5', aigul);
    expect(kk!.text).toContain('Қазақстан Қытайға 500 мың тонна бидай жібереді');
  });
});

describe('/search', () => {
  it('finds stories in any language, best matches first, shown as /latest shows them', async () => {
    const [reply] = await h.say(ana.id, '/search wheat China', ana);
    const text = reply!.text;
    expect(text).toMatch(/^Stories matching “wheat China”/);
    // Both words (the wheat export story) before one word (the harvest, newer).
    expect(text.indexOf('wheat to China by rail')).toBeGreaterThan(0);
    expect(text.indexOf('wheat to China by rail')).toBeLessThan(text.indexOf('Wheat harvest starts early'));
    expect(text).not.toContain('chess');
    const [ru] = await h.say(ana.id, '/search пшеницы', ana);
    expect(ru!.text).toContain('wheat to China by rail');
    const [none] = await h.say(ana.id, '/search <b>zebra</b>', ana);
    expect(none!.raw_text).toContain('“&lt;b&gt;zebra&lt;/b&gt;”');
    const [usage] = await h.say(ana.id, '/search', ana);
    expect(usage!.text).toContain('Send /search with words');
  });

  it('is open to every member of a group', async () => {
    const [reply] = await h.say(GROUP, '/search chess', member, 'supergroup');
    expect(reply!.text).toContain('Astana hosts the Asian chess championship');
  });
});

describe('/filter', () => {
  it('shows, adds, explains and clears the chat filters', async () => {
    const [none] = await h.say(ana.id, '/filter', ana);
    expect(none!.text).toContain('This chat has no filters');
    const [set] = await h.say(ana.id, '/filter +Oil +石油 -football', ana);
    expect(set!.text).toContain('Only stories with: +oil, +石油');
    expect(set!.text).toContain('Never stories with: -football');
    expect(set!.text).toContain('Filters apply to digests and alerts');
    expect((await h.chats.get(ana.id))!.filters).toEqual({ include: ['oil', '石油'], exclude: ['football'] });
    const [bad] = await h.say(ana.id, '/filter oil', ana);
    expect(bad!.text).toContain('“oil” is not a filter word');
    expect((await h.chats.get(ana.id))!.filters).toEqual({ include: ['oil', '石油'], exclude: ['football'] });
    const [cleared] = await h.say(ana.id, '/filter clear', ana);
    expect(cleared!.text).toContain('Filters removed');
    expect((await h.chats.get(ana.id))!.filters).toBeUndefined();
  });

  it('answers in Kazakh, and in a group lets anyone look but only administrators change', async () => {
    const [kk] = await h.say(aigul.id, '/filter +мұнай', aigul);
    expect(kk!.text).toContain('+мұнай');
    expect(kk!.text).toContain('Сүзгілер дайджестер мен хабарламаларға қолданылады');
    const [look] = await h.say(GROUP, '/filter', member, 'supergroup');
    expect(look!.text).toContain('This chat has no filters');
    const [refused] = await h.say(GROUP, '/filter +oil', member, 'supergroup');
    expect(refused!.text).toBe("Only this group's administrators can change its subscriptions and settings.");
    expect((await h.chats.get(GROUP))!.filters).toBeUndefined();
    const [ok] = await h.say(GROUP, '/filter +oil', admin, 'supergroup');
    expect(ok!.text).toContain('Only stories with: +oil');
  });
});

describe('/quiet', () => {
  it('sets quiet hours in the chat zone, explains them, and removes them', async () => {
    await h.say(ana.id, '/timezone Asia/Almaty', ana);
    await h.say(ana.id, '/digest instant', ana);
    const [set] = await h.say(ana.id, '/quiet 23:00-07:00', ana);
    expect(set!.text).toBe('Quiet hours: 23:00–07:00 (Asia/Almaty). Instant alerts in this window wait and come together, as one message, at 07:00.');
    expect((await h.chats.get(ana.id))!.quiet).toEqual({ from: '23:00', to: '07:00' });
    const [bad] = await h.say(ana.id, '/quiet 23:00-25:00', ana);
    expect(bad!.text).toContain('Send /quiet with a time window');
    expect((await h.chats.get(ana.id))!.quiet).toEqual({ from: '23:00', to: '07:00' });
    const [off] = await h.say(ana.id, '/quiet off', ana);
    expect(off!.text).toBe('Quiet hours removed: instant alerts come at any time again.');
    expect((await h.chats.get(ana.id))!.quiet).toBeUndefined();
  });

  it('is for administrators only in a group', async () => {
    const [refused] = await h.say(GROUP, '/quiet 22:00-06:00', member, 'supergroup');
    expect(refused!.text).toBe("Only this group's administrators can change its subscriptions and settings.");
    expect((await h.chats.get(GROUP))!.quiet).toBeUndefined();
  });

  it('is listed in /help with /filter and /search', async () => {
    const [help] = await h.say(ana.id, '/help', ana);
    expect(help!.text).toContain('/filter – Keyword filters');
    expect(help!.text).toContain('/search – Search the stories');
    expect(help!.text).toContain('/quiet – Hold alerts at night');
  });
});
