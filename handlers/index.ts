import { Composer, type Context, type Middleware, type Telegraf } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { isSlowDown } from '../src/bot/update-queue';
import { adminComposer } from './admin';
import { loadChat, messagesOf, type SilkwireContext } from './context';
import { fallbackComposer } from './fallback';
import { filterComposer } from './filter';
import { latestComposer } from './latest';
import { membershipComposer } from './membership';
import { quietComposer } from './quiet';
import { searchComposer } from './search';
import { settingsComposer } from './settings';
import { startComposer } from './start';
import { subscriptionsComposer } from './subscriptions';

/** Every Telegram handler in order, behind per-update (debug) logging and the one error boundary. */
export function handlersComposer(services: BotServices): Composer<SilkwireContext> {
  const composer = new Composer<SilkwireContext>();
  // NOTE: one line per update is debug, not info: at a few hundred updates a second, logging each costs more than handling it.
  composer.use(async (ctx, next) => {
    if (!services.logger.isLevelEnabled('debug')) return next();
    const started = Date.now();
    await next();
    services.logger.debug({ updateId: ctx.update.update_id, chatId: ctx.chat?.id, type: ctx.updateType, ms: Date.now() - started }, 'update handled');
  });
  composer.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      services.logger.error({ err: error, updateId: ctx.update.update_id }, 'update failed');
      if (!ctx.chat) return;
      await services.sender.send(ctx.chat.id, messagesOf(ctx).somethingWentWrong).catch((replyError: unknown) => {
        services.logger.error({ err: replyError, chatId: ctx.chat?.id }, 'could not tell the person about the failure');
      });
    }
  });
  // The update queue marks the first command over a person's limit: it gets one "slow down" and runs nothing.
  composer.use(async (ctx, next) => {
    if (!isSlowDown(ctx.update)) return next();
    await loadChat(services)(ctx, async () => {
      await ctx.say(ctx.messages.slowDown);
    });
  });
  composer.use(
    membershipComposer(services),
    startComposer(services),
    latestComposer(services),
    subscriptionsComposer(services),
    settingsComposer(services),
    filterComposer(services),
    searchComposer(services),
    quietComposer(services),
    adminComposer({ admin: services.admin, sender: services.sender, logger: services.logger, clock: services.clock }),
    // NOTE: last, or the catch-all text handler would swallow the commands above.
    fallbackComposer(services),
  );
  return composer;
}

/** Wires every Telegram handler onto the bot. */
export function registerHandlers(bot: Telegraf, services: BotServices): void {
  // NOTE: the app's bot has telegraf's plain Context; loadChat fills SilkwireContext's own fields before a handler reads them.
  bot.use(handlersComposer(services) as unknown as Middleware<Context>);
}
