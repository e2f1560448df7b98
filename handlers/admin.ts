import type { Context, Telegraf } from 'telegraf';
import type { AdminService } from '../src/admin/admin-service';
import { adminTexts } from '../src/admin/admin-texts';
import { UserInputError } from '../src/errors';
import type { Logger } from '../src/observability/logger';
import type { Sender } from '../src/telegram/sender';
import { BadRequestError } from '../src/telegram/send-errors';
import type { Clock } from '../src/time/clock';
import { commandArgs } from './context';

/** What the admin commands use from the core. */
export interface AdminHandlerServices {
  admin: AdminService;
  sender: Sender;
  logger: Logger;
  clock: Clock;
}

type AdminCommand = (ctx: Context, chatId: number, userId: number) => Promise<void>;

/** True for the emulator's 400 for Bot API methods it does not implement (sendDocument among them). */
function notEmulated(error: unknown): boolean {
  return error instanceof BadRequestError && error.message.includes('is not emulated');
}

/**
 * Wires /stats, /sources, /addsource, /removesource and /exportsources. Only users in ADMIN_IDS may run them;
 * anyone else gets one refusal line and nothing happens. A refused input (UserInputError) is answered with its reason.
 * NOTE: register before the catch-all message handler, which would otherwise swallow these commands.
 */
export function registerAdminHandlers(bot: Telegraf, services: AdminHandlerServices): void {
  const { admin, sender, logger, clock } = services;
  const operatorsOnly = (command: AdminCommand) => async (ctx: Context) => {
    if (!ctx.chat) return;
    const userId = ctx.from?.id;
    if (userId === undefined || !admin.isAdmin(userId)) {
      await sender.send(ctx.chat.id, adminTexts.operatorsOnly);
      return;
    }
    try {
      await command(ctx, ctx.chat.id, userId);
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      await sender.send(ctx.chat.id, adminTexts.refused(error.message));
    }
  };

  bot.command('stats', operatorsOnly(async (_ctx, chatId) => {
    await sender.send(chatId, adminTexts.stats(await admin.stats()));
  }));

  bot.command('sources', operatorsOnly(async (_ctx, chatId) => {
    for (const text of adminTexts.sources(await admin.sources(), clock.now())) await sender.send(chatId, text);
  }));

  bot.command('addsource', operatorsOnly(async (ctx, chatId, userId) => {
    const url = commandArgs(ctx)[0];
    if (url === undefined) return void (await sender.send(chatId, adminTexts.addSourceUsage));
    const added = await admin.addSource(url, userId);
    logger.info({ userId, sourceId: added.source.id, items: added.items }, 'admin added a source');
    await sender.send(chatId, adminTexts.sourceAdded(added));
  }));

  bot.command('removesource', operatorsOnly(async (ctx, chatId, userId) => {
    const target = commandArgs(ctx)[0];
    if (target === undefined) return void (await sender.send(chatId, adminTexts.removeSourceUsage));
    const removed = await admin.removeSource(target);
    logger.info({ userId, sourceId: removed.id }, 'admin removed a source');
    await sender.send(chatId, adminTexts.sourceRemoved(removed));
  }));

  bot.command('exportsources', operatorsOnly(async (_ctx, chatId) => {
    const opml = await admin.exportOpml();
    const document = { source: Buffer.from(opml, 'utf8'), filename: 'silkwire-sources.opml' };
    try {
      await sender.call('sendDocument', { chat_id: chatId, document, caption: adminTexts.exportCaption() });
    } catch (error) {
      if (!notEmulated(error)) throw error;
      for (const text of adminTexts.opmlMessages(opml)) await sender.send(chatId, text);
    }
  }));
}
