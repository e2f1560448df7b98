import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/text/sentences';
import { MAX_SUMMARY, summarise } from '../../src/text/summary';

describe('splitSentences', () => {
  it.each<[string, string, string[]]>([
    ['en: titles, U.S. and decimals', 'Dr. Smith met U.S. officials on Monday. Inflation rose 3.5% in May. Prices fell.', ['Dr. Smith met U.S. officials on Monday.', 'Inflation rose 3.5% in May.', 'Prices fell.']],
    ['en: question and exclamation, quotes', 'Is it over? "Yes!" he said. Then he left.', ['Is it over?', '"Yes!" he said.', 'Then he left.']],
    ['ru: т.н., им. and г.', 'В т.н. зоне роста работает ун-т им. Аль-Фараби. Рост составил 3,5% в 2024 г. Итоги подведут в мае.', ['В т.н. зоне роста работает ун-т им. Аль-Фараби.', 'Рост составил 3,5% в 2024 г. Итоги подведут в мае.']],
    ['kk: initials and two sentences', 'Қ. Тоқаев Астанада кездесу өткізді. Тараптар ынтымақтастықты талқылады.', ['Қ. Тоқаев Астанада кездесу өткізді.', 'Тараптар ынтымақтастықты талқылады.']],
    ['zh: 。！？ without spaces', '国家统计局今天发布数据。同比增长5.2%！这是好消息吗？是的。', ['国家统计局今天发布数据。', '同比增长5.2%！', '这是好消息吗？', '是的。']],
    ['id: Jl. and dll.', 'Kantor di Jl. Sudirman dibuka kembali. Barang seperti beras, gula, dll. naik harga. Pemerintah bertindak.', ['Kantor di Jl. Sudirman dibuka kembali.', 'Barang seperti beras, gula, dll. naik harga.', 'Pemerintah bertindak.']],
  ])('%s', (_, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

describe('summarise', () => {
  it('en: takes the lead sentences, not the title, within 300 characters', () => {
    const summary = summarise({
      title: 'Kazakhstan and China sign $1.5 billion deal',
      description: 'Kazakhstan and China sign $1.5 billion deal. The agreement covers a new railway line from Dostyk to Moyynty. Officials said work starts in March.',
    });
    expect(summary).toBe('The agreement covers a new railway line from Dostyk to Moyynty. Officials said work starts in March.');
  });

  it('en: a long sentence is cut at a word boundary with an ellipsis', () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const summary = summarise({ title: 'T', description: `${words}.` });
    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY);
    expect(summary.endsWith('…')).toBe(true);
    expect(summary.slice(0, -1)).toMatch(/word\d+$/);
    expect(words.startsWith(summary.slice(0, -1))).toBe(true);
    expect(words.charAt(summary.length - 1)).toBe(' ');
  });

  it('ru: skips boilerplate and reads the body when the description only repeats the title', () => {
    const summary = summarise({
      title: 'Токаев провёл встречу с Си Цзиньпином',
      description: 'Токаев провёл встречу с Си Цзиньпином',
      content: 'Фото: Акорда. Президенты обсудили торговлю и транзит. Стороны подписали 20 документов на сумму 1,5 млрд долларов.',
    });
    expect(summary).toBe('Президенты обсудили торговлю и транзит. Стороны подписали 20 документов на сумму 1,5 млрд долларов.');
  });

  it('kk: lead sentence in Kazakh', () => {
    const summary = summarise({
      title: 'Тоқаев Қытай төрағасымен кездесті',
      description: 'Мемлекет басшысы Ақордада ҚХР төрағасы Си Цзиньпинді қабылдады. Тараптар сауда мен көлік мәселелерін талқылады.',
    });
    expect(summary).toBe('Мемлекет басшысы Ақордада ҚХР төрағасы Си Цзиньпинді қабылдады. Тараптар сауда мен көлік мәселелерін талқылады.');
  });

  it('zh: cuts a long sentence at a clause boundary, never mid-word', () => {
    const clause = '中哈两国元首在阿斯塔纳举行会谈，';
    const description = `${clause.repeat(30)}双方签署了合作文件。`;
    const summary = summarise({ title: '习近平同托卡耶夫会谈', description });
    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY);
    expect(summary.endsWith('谈…')).toBe(true);
    expect(description.startsWith(summary.slice(0, -1))).toBe(true);
  });

  it('zh: joins two short sentences without a space', () => {
    expect(summarise({ title: '国家统计局发布数据', description: '国家统计局今天发布了三月份经济数据。一季度国内生产总值同比增长5.3%。' })).toBe(
      '国家统计局今天发布了三月份经济数据。一季度国内生产总值同比增长5.3%。',
    );
  });

  it('id: drops "Baca juga" and keeps the lead', () => {
    expect(
      summarise({
        title: 'Kazakhstan dan Tiongkok teken perjanjian',
        description: 'Baca juga: Harga minyak naik. Presiden Tokayev dan Xi Jinping meneken 20 perjanjian di Astana pada Senin.',
      }),
    ).toBe('Presiden Tokayev dan Xi Jinping meneken 20 perjanjian di Astana pada Senin.');
  });

  it('is empty when the article has nothing beyond its title', () => {
    expect(summarise({ title: 'Leaders meet in Astana', description: 'Leaders meet in Astana' })).toBe('');
    expect(summarise({ title: 'Leaders meet in Astana' })).toBe('');
  });
});
