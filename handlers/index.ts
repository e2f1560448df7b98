import type { Telegraf } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { messagesOf } from './context';
import { fallbackHandler } from './fallback';
import { helpHandler, topicsHandler } from './help';
import { latestHandler } from './latest';
import { startHandler } from './start';

/** Wires every Telegram handler onto the bot, with per-update logging and one error boundary. */
export function registerHandlers(bot: Telegraf, services: BotServices): void {
  bot.use(async (ctx, next) => {
    const started = Date.now();
    const log = services.logger.child({ updateId: ctx.update.update_id, chatId: ctx.chat?.id, type: ctx.updateType });
    await next();
    log.info({ ms: Date.now() - started }, 'update handled');
  });
  bot.start(startHandler(services));
  bot.help(helpHandler(services));
  bot.command('topics', topicsHandler(services));
  bot.command('latest', latestHandler(services));
  bot.on('message', fallbackHandler(services));
  bot.catch(async (error, ctx) => {
    services.logger.error({ err: error, updateId: ctx.update.update_id }, 'update failed');
    if (ctx.chat) await services.sender.send(ctx.chat.id, messagesOf(ctx).somethingWentWrong).catch(() => undefined);
  });
}
