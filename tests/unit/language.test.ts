import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLanguage, primaryLanguageSubtag } from '../../src/classify/language';
import { SHARED_DIR, SHARED_FEEDS_AVAILABLE, sharedFeed } from '../helpers/shared';

const SEED_PATH = resolve(SHARED_DIR, 'seed/000_f3d4b3f224281650.txt');

interface Item {
  title: string;
  description: string;
  language?: string;
}

/** Titles and descriptions of an RSS file read with the given encoding (plain regex extraction, no parser). */
function rssItems(name: string, encoding = 'utf-8'): Item[] {
  const xml = new TextDecoder(encoding).decode(readFileSync(sharedFeed(name)));
  const text = (block: string, tag: string): string => {
    const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(block);
    return (m?.[1] ?? '')
      .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
      .replace(/&lt;[\s\S]*?&gt;|<[^>]*>/g, ' ')
      .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
      .replace(/&[a-z]+;/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  };
  const language = /<language>([^<]*)<\/language>/.exec(xml)?.[1];
  return (xml.match(/<item[\s>][\s\S]*?<\/item>/g) ?? []).map((block) => ({
    title: text(block, 'title'),
    description: text(block, 'description'),
    language,
  }));
}

describe('detectLanguage: the seed article', () => {
  it('reads the title alone as Indonesian', () => {
    expect(detectLanguage('China Tegaskan Dukungan Terhadap Pemerintah Kazakhstan')).toBe('id');
  });

  it.skipIf(!SHARED_FEEDS_AVAILABLE)('reads the title with the first paragraph, and the whole text, as Indonesian', () => {
    const seed = readFileSync(SEED_PATH, 'utf8');
    const [title = '', , , , firstParagraph = ''] = seed.split('\n');
    expect(detectLanguage(`${title}\n${firstParagraph}`)).toBe('id');
    expect(detectLanguage(seed)).toBe('id');
    // An English hint (a mislabelled feed) does not override clear text.
    expect(detectLanguage(seed, 'en')).toBe('id');
  });
});

describe('detectLanguage: English', () => {
  it.each([
    'Kazakhstan signs new oil deal with Chevron',
    'Why Young Adults in China Are Leaning Into Living Alone',
    'Iran Is Beautiful',
    'My Dream for Iran',
    'NATO May Not Survive the Trump Era',
    "Xi Jinping's purge of the military",
    'Lula da Silva meets Xi Jinping in Beijing',
    'María Machado Gives Trump Her Nobel Peace Prize as She Presses Him to Support Democracy in Venezuela',
    'El Salvador president says the country will keep bitcoin',
    'Protesters killed as unrest spreads',
    'A European Moment: E.U. Leaders Push Back Against U.S. Claim',
    'Menteri says the talks went well', // a stray Indonesian word does not flip it
  ])('%s', (text) => {
    expect(detectLanguage(text)).toBe('en');
  });
});

describe('detectLanguage: Indonesian', () => {
  it.each([
    'China Tegaskan Dukungan Terhadap Pemerintah Kazakhstan',
    'Presiden AS dan China bertemu di Beijing',
    'Harga minyak naik setelah keputusan OPEC',
    'Menteri Luar Negeri menegaskan dukungan untuk Kazakhstan',
    'Pemerintah Tiongkok umumkan kebijakan baru',
    'Kerusuhan itu mendorong pengerahan pasukan',
    'Jokowi kunjungi Astana',
    'Indonesia dan Kazakhstan perkuat kerja sama perdagangan',
    'Polisi tangkap pelaku pencurian di Jakarta',
    'Katanya, harganya akan turun tahun depan',
  ])('%s', (text) => {
    expect(detectLanguage(text)).toBe('id');
  });
});

describe('detectLanguage: Russian', () => {
  it.each([
    'Президент Казахстана встретился с журналистами',
    'В Китае…',
    'В Китае открылся новый завод',
    'Токаев подписал указ о назначении',
    'Тоқаев встретился с Си Цзиньпином', // a Kazakh-spelt name inside Russian text
    'Казахстан и Китай подписали соглашение',
    'Цены на нефть выросли после решения ОПЕК',
    'Новые правила для водителей',
    'Астана',
  ])('%s', (text) => {
    expect(detectLanguage(text)).toBe('ru');
  });
});

describe('detectLanguage: Kazakh', () => {
  it.each([
    'Қазақстанда жаңа заң…',
    'Қазақстанда жаңа заң қабылданды',
    'Астана мен Алматы арасында жаңа пойыз',
    'Тоқаев жаңа министрді тағайындады',
    'Қытай мен Ресей келісім жасады',
    'Президент халыққа жолдау жариялады',
    'Мемлекет басшысы Бейжіңде Си Цзиньпинмен кездесті',
    'Ауа райы жақсарады',
  ])('%s', (text) => {
    expect(detectLanguage(text)).toBe('kk');
  });
});

describe('detectLanguage: Chinese', () => {
  it.each([
    '中哈关系…',
    '习近平会见…',
    '习近平会见哈萨克斯坦总统托卡耶夫',
    '習近平出席峰會', // traditional
    '苹果发布iPhone 16 Pro', // Latin brand name inside Chinese
    '中国经济持续恢复，GDP增长5.2%',
  ])('%s', (text) => {
    expect(detectLanguage(text)).toBe('zh');
  });

  it('ignores a wrong English hint on Chinese text', () => {
    expect(detectLanguage('阮一峰的网络日志：科技爱好者周刊', 'en')).toBe('zh');
  });
});

describe('detectLanguage: other languages fall back to the hint', () => {
  it.each<[string, string | undefined, string]>([
    ['Dow Jones fecha em baixa de 0,68%', 'pt-PT', 'pt'],
    ['Dow Jones fecha em baixa de 0,68%', undefined, 'und'],
    ['Governo anuncia novas medidas para a economia', 'pt-br', 'pt'],
    ['El gobierno de España anuncia nuevas medidas', 'es', 'es'],
    ['El gobierno de España anuncia nuevas medidas', undefined, 'und'],
    ['Nie zastanawiało mnie dlaczego tak jest.', 'pl', 'pl'],
    ['Nie zastanawiało mnie dlaczego tak jest.', undefined, 'und'],
    ['Le président de la République est arrivé à Pékin', 'fr-FR', 'fr'],
    ['Die Regierung hat sich nicht auf einen Plan geeinigt', 'de', 'de'],
    ['Il governo non ha ancora deciso per la riforma', 'it', 'it'],
    ['東京でオリンピックが開かれた', 'ja', 'ja'],
    ['東京でオリンピックが開かれた', undefined, 'und'],
    ['서울에서 회담이 열렸다', 'ko-KR', 'ko'],
    ['مرحبا بالعالم', 'ar', 'ar'],
    ['Президент України зустрівся з прем’єром', 'uk', 'uk'],
  ])('%s (hint %s) → %s', (text, hint, expected) => {
    expect(detectLanguage(text, hint)).toBe(expected);
  });

  it('returns "und", not the hint, when the hint names one of our languages but the text is another', () => {
    expect(detectLanguage('Dow Jones fecha em baixa de 0,68%', 'en')).toBe('und');
    expect(detectLanguage('Nie zastanawiało mnie dlaczego tak jest.', 'id')).toBe('und');
    expect(detectLanguage('東京でオリンピックが開かれた', 'zh-CN')).toBe('und');
  });

  it('never calls Portuguese, Spanish or Polish text English or Indonesian', () => {
    for (const text of [
      'O presidente da China visitou o Brasil e assinou acordos',
      'El presidente de China visitó México y firmó acuerdos',
      'Prezydent Chin odwiedził Polskę i podpisał umowy',
    ]) {
      expect(['en', 'id']).not.toContain(detectLanguage(text, 'en'));
    }
  });
});

describe('detectLanguage: too little text uses the hint', () => {
  it.each<[string, string | undefined, string]>([
    ['Kazakhstan', 'en-Us', 'en'],
    ['Kazakhstan', 'id', 'id'],
    ['Kazakhstan', undefined, 'und'],
    ['Xi Jinping', 'pt-PT', 'pt'],
    ['', 'ru', 'ru'],
    ['', undefined, 'und'],
    ['12345 — 2026', 'en', 'en'],
    ['🙂', undefined, 'und'],
    ['Астана', 'kk', 'kk'],
    ['Астана', 'bg', 'bg'],
    ['Астана', 'en', 'ru'],
    ['東京', 'ja', 'ja'],
  ])('%j (hint %s) → %s', (text, hint, expected) => {
    expect(detectLanguage(text, hint)).toBe(expected);
  });

  it('lets clear text win over a hint for one of our languages', () => {
    expect(detectLanguage('Президент Казахстана встретился с журналистами', 'kk')).toBe('ru');
    expect(detectLanguage('Қазақстанда жаңа заң қабылданды', 'ru')).toBe('kk');
    expect(detectLanguage('Protesters killed as unrest spreads', 'kn')).toBe('en');
  });
});

describe('primaryLanguageSubtag', () => {
  it.each<[string | undefined, string | undefined]>([
    ['pt-PT', 'pt'],
    ['en-Us', 'en'],
    ['EN', 'en'],
    ['en_GB', 'en'],
    [' ru ', 'ru'],
    ['zh-Hans-CN', 'zh'],
    ['in', 'id'],
    ['kz', 'kk'],
    ['cn', 'zh'],
    ['fil', 'fil'],
    ['', undefined],
    [undefined, undefined],
    ['english', undefined],
    ['x-default', undefined],
    ['12', undefined],
  ])('%j → %j', (tag, expected) => {
    expect(primaryLanguageSubtag(tag)).toBe(expected);
  });
});

describe.skipIf(!SHARED_FEEDS_AVAILABLE)('detectLanguage on the shared feed corpus', () => {
  const languages = (name: string, encoding?: string, useHint = true): string[] =>
    rssItems(name, encoding).map((item) =>
      detectLanguage(`${item.title}\n${item.description}`, useHint ? item.language : undefined),
    );

  it('time-world.rss: every item is English', () => {
    const found = languages('time-world.rss');
    expect(found.length).toBe(100);
    expect(new Set(found)).toEqual(new Set(['en']));
  });

  it('economist-asia.rss: every item is English, with no <language> to lean on', () => {
    const found = languages('economist-asia.rss');
    expect(found.length).toBe(300);
    expect(new Set(found)).toEqual(new Set(['en']));
  });

  it('varthabharathi-cdata-ws.rss: English items despite <language>kn</language>', () => {
    const found = languages('varthabharathi-cdata-ws.rss');
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found)).toEqual(new Set(['en']));
  });

  it('jn-iso8859-1.rss (Portuguese, ISO-8859-1): pt from the pt-pt hint, never en or id', () => {
    const found = languages('jn-iso8859-1.rss', 'latin1');
    expect(found.length).toBe(40);
    expect(new Set(found)).toEqual(new Set(['pt']));
    const withoutHint = languages('jn-iso8859-1.rss', 'latin1', false);
    expect(withoutHint.filter((l) => l === 'en' || l === 'id')).toEqual([]);
  });

  it('medium-pl-substring-trap.rss (Polish): not English or Indonesian', () => {
    const found = languages('medium-pl-substring-trap.rss');
    expect(found.length).toBe(3);
    expect(found.filter((l) => l === 'en' || l === 'id')).toEqual([]);
  });

  it('oren-windows1251.rss and koi8r-nodecl.rss: Russian', () => {
    const oren = languages('oren-windows1251.rss', 'windows-1251');
    expect(oren.length).toBe(10);
    expect(new Set(oren)).toEqual(new Set(['ru']));
    expect(languages('koi8r-nodecl.rss', 'koi8-r')).toEqual(['ru']);
  });
});
