import type { Telegraf } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { registerAdminHandlers } from './admin';
import { messagesOf } from './context';
import { topicButtonHandler } from './callbacks';
import { fallbackHandler } from './fallback';
import { helpHandler, topicsHandler } from './help';
import { latestHandler } from './latest';
import { migrationHandler, myChatMemberHandler } from './membership';
import { digestHandler, languageHandler, timezoneHandler } from './settings';
import { startHandler } from './start';
import { subscribeHandler, subscriptionsHandler, unsubscribeHandler } from './subscribe';

/** Wires every Telegram handler onto the bot, with per-update logging and one error boundary. */
export function registerHandlers(bot: Telegraf, services: BotServices): void {
  bot.use(async (ctx, next) => {
    const started = Date.now();
    const log = services.logger.child({ updateId: ctx.update.update_id, chatId: ctx.chat?.id, type: ctx.updateType });
    await next();
    log.info({ ms: Date.now() - started }, 'update handled');
  });
  bot.on('my_chat_member', myChatMemberHandler(services));
  bot.on('migrate_to_chat_id', migrationHandler(services));
  bot.start(startHandler(services));
  bot.help(helpHandler(services));
  bot.command('topics', topicsHandler(services));
  bot.command('latest', latestHandler(services));
  bot.command('subscribe', subscribeHandler(services));
  bot.command('unsubscribe', unsubscribeHandler(services));
  bot.command('subscriptions', subscriptionsHandler(services));
  bot.command('digest', digestHandler(services));
  bot.command('timezone', timezoneHandler(services));
  bot.command('language', languageHandler(services));
  registerAdminHandlers(bot, { admin: services.admin, sender: services.sender, logger: services.logger, clock: services.clock });
  bot.on('callback_query', topicButtonHandler(services));
  bot.on('message', fallbackHandler(services));
  bot.catch(async (error, ctx) => {
    services.logger.error({ err: error, updateId: ctx.update.update_id }, 'update failed');
    if (!ctx.chat) return;
    await services.sender.send(ctx.chat.id, messagesOf(ctx).somethingWentWrong).catch((replyError: unknown) => {
      services.logger.error({ err: replyError, chatId: ctx.chat?.id }, 'could not tell the person about the failure');
    });
  });
}
