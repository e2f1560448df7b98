import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectEntities } from '../src/auto-entities';
import { createBotApiEmulator, type BotApiEmulator } from '../src/emulator';
import type { MessageEntity } from '../src/types';

/** The detected entities as `type:covered text@offset`, easy to read in a failure. */
function found(text: string, existing: MessageEntity[] = []): string[] {
  return detectEntities(text, existing).map((entity) => `${entity.type}:${text.slice(entity.offset, entity.offset + entity.length)}@${entity.offset}`);
}

describe('detectEntities: bot commands', () => {
  it('finds a command at the start, mid-text and with the bot username', () => {
    expect(found('/help')).toEqual(['bot_command:/help@0']);
    expect(found('Send /help@silkwire_bot or /start now')).toEqual(['bot_command:/help@silkwire_bot@5', 'bot_command:/start@27']);
    expect(found('Try /latest china 3.')).toEqual(['bot_command:/latest@4']);
    expect(found('(/subscribe)')).toEqual(['bot_command:/subscribe@1']);
  });

  it('skips slashes inside words, paths, fractions and tags', () => {
    expect(found('a/b /c/d 1/2 and/or <b>/x</b> //x')).toEqual([]);
    expect(found('/help_me!')).toEqual(['bot_command:/help_me@0']);
    expect(found('/hélp')).toEqual([]);
  });

  it('finds commands beside Cyrillic and Chinese text', () => {
    expect(found('Нажмите /help, чтобы узнать больше')).toEqual(['bot_command:/help@8']);
    expect(found('请发送 /subscribe china 订阅')).toEqual(['bot_command:/subscribe@4']);
    // A letter right before the slash makes it part of a word, whatever the script.
    expect(found('发送/help')).toEqual([]);
  });
});

describe('detectEntities: URLs', () => {
  it('finds http(s) URLs and leaves sentence punctuation outside', () => {
    expect(found('See https://astanatimes.com/2024/01/news-item/.')).toEqual(['url:https://astanatimes.com/2024/01/news-item/@4']);
    expect(found('Go to https://x.kz/path?q=1#frag! Or http://example.org, or https://example.com:8443/a;')).toEqual([
      'url:https://x.kz/path?q=1#frag@6',
      'url:http://example.org@37',
      'url:https://example.com:8443/a@60',
    ]);
    expect(found('"https://example.com/a"')).toEqual(['url:https://example.com/a@1']);
  });

  it('keeps balanced brackets and drops an unbalanced closing one', () => {
    expect(found('(see https://en.wikipedia.org/wiki/Almaty_(city))')).toEqual(['url:https://en.wikipedia.org/wiki/Almaty_(city)@5']);
    expect(found('(https://example.com/a)')).toEqual(['url:https://example.com/a@1']);
  });

  it('finds bare domains with a known top-level domain, but not file names or e-mail addresses', () => {
    expect(found('Read astanatimes.com and www.example.org/news today')).toEqual(['url:astanatimes.com@5', 'url:www.example.org/news@25']);
    expect(found('notes.txt, e.g. Node.js, me@example.com')).toEqual([]);
  });

  it('finds URLs beside Cyrillic and Chinese text', () => {
    expect(found('Смотрите https://пример.рф/новости, а также /help.')).toEqual(['url:https://пример.рф/новости@9', 'bot_command:/help@44']);
    expect(found('请看https://example.com。然后 /subscribe china')).toEqual(['url:https://example.com@2', 'bot_command:/subscribe@25']);
    expect(found('新闻：xinhuanet.cn，更多')).toEqual(['url:xinhuanet.cn@3']);
  });

  it('counts offsets in UTF-16 code units, so an emoji before a link counts twice', () => {
    const text = '🇰🇿 📰 news.kz 😀 /help';
    expect(detectEntities(text)).toEqual([
      { type: 'url', offset: 8, length: 7 },
      { type: 'bot_command', offset: 19, length: 5 },
    ]);
    expect(text.slice(8, 15)).toBe('news.kz');
  });

  it('does not make a command of a URL path', () => {
    expect(found('https://example.com/help')).toEqual(['url:https://example.com/help@0']);
  });
});

describe('detectEntities: existing entities', () => {
  it('adds nothing inside code, pre, text links or mentions, but does inside bold and quotes', () => {
    const text = 'Run /help at https://x.kz or /start';
    expect(found(text, [{ type: 'code', offset: 4, length: 5 }])).toEqual(['url:https://x.kz@13', 'bot_command:/start@29']);
    expect(found(text, [{ type: 'pre', offset: 0, length: text.length }])).toEqual([]);
    expect(found(text, [{ type: 'text_link', offset: 13, length: 12, url: 'https://y.kz' }])).toEqual(['bot_command:/help@4', 'bot_command:/start@29']);
    expect(found(text, [{ type: 'bold', offset: 0, length: text.length }, { type: 'blockquote', offset: 0, length: text.length }])).toHaveLength(3);
  });
});

describe('the emulator adds detected entities as Telegram does', () => {
  let emulator: BotApiEmulator;
  let apiRoot: string;

  beforeEach(async () => {
    emulator = createBotApiEmulator();
    ({ apiRoot } = await emulator.start());
    emulator.addChat({ id: 5 });
  });

  afterEach(async () => {
    await emulator.stop();
  });

  const send = async (params: Record<string, unknown>) => {
    const response = await fetch(`${apiRoot}/bot${emulator.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: 5, ...params }),
    });
    return (await response.json()) as { ok: boolean; result: { entities?: MessageEntity[] } };
  };

  it('to what the bot sends, in the Bot API order, around its own HTML entities', async () => {
    const html = '<b>Commands</b>: /help, <code>/stats</code>, <a href="https://x.kz/a">site</a> and https://astanatimes.com/feed/.';
    const { ok, result } = await send({ text: html, parse_mode: 'HTML' });
    expect(ok).toBe(true);
    expect(result.entities).toEqual([
      { type: 'bold', offset: 0, length: 8 },
      { type: 'bot_command', offset: 10, length: 5 },
      { type: 'code', offset: 17, length: 6 },
      { type: 'text_link', offset: 25, length: 4, url: 'https://x.kz/a' },
      { type: 'url', offset: 34, length: 'https://astanatimes.com/feed/'.length },
    ]);
    expect(emulator.sent(5)[0]?.entities).toEqual(result.entities);
  });

  it('to what a person writes, commands and links alike', () => {
    const update = emulator.sendText({ chatId: 5, text: '/addsource https://example.com/rss' });
    expect(update.message?.entities).toEqual([
      { type: 'bot_command', offset: 0, length: 10 },
      { type: 'url', offset: 11, length: 23 },
    ]);
  });
});
