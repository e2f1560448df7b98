import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHandlers } from '../../handlers';
import type { BotApiEmulator } from '@silkwire/telegram-emulator';
import type { ChatStore } from '../../src/chats/chat-store';
import { createTestCore, type TestCore } from '../helpers/core';

// Handler tests: updates in (crafted, as a modified client could send them), recorded Bot API calls out.
let test: TestCore;
let chatStore: ChatStore;
let emulator: BotApiEmulator;
let bot: Telegraf;
let nextUpdate = 1;

function callback(chatId: number, chatType: 'private' | 'supergroup', userId: number, data: string, messageId = 1): Update {
  return {
    update_id: nextUpdate++,
    callback_query: {
      id: `cb-${nextUpdate}`,
      from: { id: userId, is_bot: false, first_name: 'U' },
      chat_instance: 'x',
      data,
      message: { message_id: messageId, date: 0, chat: chatType === 'private' ? { id: chatId, type: 'private', first_name: 'U' } : { id: chatId, type: 'supergroup', title: 'G' }, text: 'Topics' },
    },
  } as Update;
}

beforeAll(async () => {
  test = await createTestCore('handlers');
  ({ emulator } = test);
  chatStore = test.core.chatStore;
  const apiRoot = test.core.config.telegram.apiRoot;
  bot = new Telegraf(emulator.token, { telegram: { apiRoot } });
  bot.botInfo = { id: emulator.bot.id, is_bot: true, first_name: 'Silkwire', username: emulator.bot.username ?? 'silkwire_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } as never;
  registerHandlers(bot, test.core);
  emulator.addChat({ id: 900, type: 'private', first_name: 'Pia' });
  emulator.addChat({ id: -100900, type: 'supergroup', title: 'Desk' });
  emulator.setChatMemberStatus(-100900, 901, 'member');
});

afterAll(async () => {
  await test.close();
});

describe('callback buttons', () => {
  it('a forged callback is answered as invalid and changes nothing', async () => {
    await bot.handleUpdate(callback(900, 'private', 900, 't:sub:mars'));
    await bot.handleUpdate(callback(900, 'private', 900, 'drop table chats'));
    const answers = emulator.calls('answerCallbackQuery');
    expect(answers).toHaveLength(2);
    for (const answer of answers) expect((answer.params as { text?: string }).text).toBe('This button is no longer valid.');
    expect(await chatStore.get(900)).toBeUndefined();
    expect(emulator.calls('editMessageText')).toHaveLength(0);
  });

  it('a group member pressing a subscribe button is refused and the group stays unsubscribed', async () => {
    await bot.handleUpdate(callback(-100900, 'supergroup', 901, 't:sub:china'));
    const last = emulator.calls('answerCallbackQuery').at(-1);
    expect((last?.params as { text?: string }).text).toContain('Only this group');
    expect((await chatStore.get(-100900))?.topics).toEqual([]);
  });

  it('a valid press subscribes, answers and redraws the keyboard', async () => {
    const { message_id } = (await bot.telegram.sendMessage(900, 'Topics')) as { message_id: number };
    await bot.handleUpdate(callback(900, 'private', 900, 't:sub:kazakhstan', message_id));
    expect((await chatStore.get(900))?.topics).toEqual(['kazakhstan']);
    const edited = emulator.sent(900).find((m) => m.message_id === message_id);
    expect(edited?.reply_markup?.inline_keyboard?.flat().map((b) => b.callback_data)).toEqual(['t:unsub:kazakhstan', 't:sub:china']);
    expect(edited?.text).toMatch(/^Topics\nKazakhstan \(kazakhstan\)[\s\S]*\n\nDigests come every day at 08:00 \(\S+\)\.$/);
    // The same press again (a stale keyboard) changes nothing further.
    await bot.handleUpdate(callback(900, 'private', 900, 't:sub:kazakhstan', message_id));
    expect((await chatStore.get(900))?.topics).toEqual(['kazakhstan']);
  });

  it('a valid press on a message that is gone still saves and answers, without an error reply', async () => {
    const before = emulator.sent(900).length;
    await bot.handleUpdate(callback(900, 'private', 900, 't:sub:china', 999_999));
    expect((await chatStore.get(900))?.topics).toEqual(['kazakhstan', 'china']);
    expect(emulator.sent(900)).toHaveLength(before);
  });
});
