import { Markup, Telegraf } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBotApiEmulator, type BotApiEmulator } from '../src/emulator';

let emulator: BotApiEmulator;
let bot: Telegraf;
let polling: Promise<void>;
let memberships: string[];

beforeEach(async () => {
  emulator = createBotApiEmulator({ rateLimits: true });
  const { apiRoot } = await emulator.start();
  bot = new Telegraf(emulator.token, { telegram: { apiRoot } });
  bot.start((ctx) => ctx.reply(`Welcome, <b>${ctx.from.first_name}</b>!`, { parse_mode: 'HTML' }));
  bot.command('menu', (ctx) =>
    ctx.reply(
      'Pick a topic',
      Markup.inlineKeyboard([Markup.button.callback('Kazakhstan', 'topic:kz'), Markup.button.callback('China', 'topic:cn')]),
    ),
  );
  bot.action(/^topic:(.+)$/, async (ctx) => {
    await ctx.answerCbQuery('Saved');
    await ctx.editMessageText(`Chosen: <i>${ctx.match[1]}</i>`, { parse_mode: 'HTML' });
  });
  memberships = [];
  bot.on('my_chat_member', (ctx) => {
    memberships.push(`${ctx.chat.id}:${ctx.myChatMember.new_chat_member.status}`);
  });
  // NOTE: in telegraf 4.16 launch() resolves only when polling stops, so keep the promise and await it after stop().
  polling = bot.launch();
  await emulator.waitForPolling();
});

afterEach(async () => {
  bot.stop('test over');
  await polling;
  await emulator.stop();
});

describe('a real telegraf bot against the emulator', () => {
  it('launches with getMe and deleteWebhook, then holds a long poll', async () => {
    // Calls are recorded when answered, so the held getUpdates is not in calls() yet.
    expect(emulator.calls().map((call) => call.method)).toEqual(['getMe', 'deleteWebhook']);
    expect(emulator.isPolling()).toBe(true);
    emulator.sendText({ chatId: 1, text: 'wake up' });
    await emulator.waitForPolling();
    expect(emulator.calls('getUpdates')[0]?.params).toMatchObject({ timeout: 50, offset: 0, allowed_updates: [] });
    expect(emulator.calls('getUpdates')[0]?.result).toMatchObject([{ message: { text: 'wake up' } }]);
  });

  it('answers /start', async () => {
    emulator.sendText({ chatId: 1, text: '/start', from: { id: 1, first_name: 'Aigerim', language_code: 'kk' } });
    const reply = await emulator.waitFor((message) => message.chat.id === 1);
    expect(reply.text).toBe('Welcome, Aigerim!');
    expect(reply.entities).toEqual([{ type: 'bold', offset: 9, length: 7 }]);
    expect(reply.parse_mode).toBe('HTML');
  });

  it('round-trips a callback button: answer, then edit', async () => {
    emulator.sendText({ chatId: 2, text: '/menu' });
    const menu = await emulator.waitFor((message) => message.chat.id === 2 && message.text === 'Pick a topic');
    expect(menu.reply_markup?.inline_keyboard?.[0]?.map((button) => button.callback_data)).toEqual(['topic:kz', 'topic:cn']);

    emulator.pressButton({ chatId: 2, messageId: menu.message_id, data: 'topic:cn' });
    const edited = await emulator.waitFor((message) => message.message_id === menu.message_id && message.edits > 0);
    expect(edited).toMatchObject({ text: 'Chosen: cn', entities: [{ type: 'italic', offset: 8, length: 2 }] });
    // editMessageText without reply_markup removes the keyboard, as on Telegram.
    expect(edited.reply_markup).toBeUndefined();
    expect(emulator.callbackAnswers()).toMatchObject([{ data: 'topic:cn', text: 'Saved', messageId: menu.message_id }]);
    expect(emulator.sent(2)).toHaveLength(1);
  });

  it('accepts telegraf multipart uploads', async () => {
    emulator.addChat({ id: 5 });
    const photo = await bot.telegram.sendPhoto(
      5,
      { source: Buffer.from('fake image bytes'), filename: 'map.png' },
      { caption: '<b>Map</b> of the day', parse_mode: 'HTML', ...Markup.inlineKeyboard([Markup.button.callback('More', 'more')]) },
    );
    expect(photo.caption).toBe('Map of the day');
    expect(emulator.calls('sendPhoto')[0]?.params.photo).toMatchObject({ filename: 'map.png', size: 16 });
    expect(emulator.sent(5)[0]).toMatchObject({
      text: 'Map of the day',
      entities: [{ type: 'bold', offset: 0, length: 3 }],
      photo: { source: 'upload', value: 'map.png' },
      reply_markup: { inline_keyboard: [[{ text: 'More', callback_data: 'more' }]] },
    });
  });

  it('delivers my_chat_member to the bot and answers its sends with 403 once blocked', async () => {
    emulator.sendText({ chatId: 3, text: '/start' });
    await emulator.waitFor((message) => message.chat.id === 3);
    emulator.blockBot(3);
    await emulator.waitForPolling();
    expect(memberships).toEqual(['3:kicked']);
    const error = await bot.telegram.sendMessage(3, 'are you there?').then(
      () => undefined,
      (caught: unknown) => caught as { code?: number; description?: string },
    );
    expect(error).toMatchObject({ code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(emulator.sent(3)).toHaveLength(1);
  });
});
