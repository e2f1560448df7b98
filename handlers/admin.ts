import { Composer, type Context, type MiddlewareFn } from 'telegraf';
import type { AdminService } from '../src/admin/admin-service';
import { adminTexts } from '../src/admin/admin-texts';
import { UserInputError } from '../src/errors';
import type { Logger } from '../src/observability/logger';
import type { Sender } from '../src/telegram/sender';
import { splitLines } from '../src/messages/html';
import type { Clock } from '../src/time/clock';
import { commandArgs } from './context';

/** What the admin commands use from the core. */
export interface AdminHandlerServices {
  admin: AdminService;
  sender: Sender;
  logger: Logger;
  clock: Clock;
}

/**
 * /stats, /sources, /addsource, /removesource and /exportsources. Only users in ADMIN_IDS may run them; anyone else
 * gets one refusal line and nothing happens. A refused input (UserInputError) is answered with its reason.
 */
export function adminComposer(services: AdminHandlerServices): Composer<Context> {
  const { admin, sender, logger, clock } = services;
  const composer = new Composer<Context>();
  const chatIdOf = (ctx: Context) => ctx.chat?.id ?? 0;

  const operatorsOnly: MiddlewareFn<Context> = async (ctx, next) => {
    if (ctx.from !== undefined && admin.isAdmin(ctx.from.id)) return next();
    await sender.send(chatIdOf(ctx), adminTexts.operatorsOnly);
  };
  const refusals: MiddlewareFn<Context> = async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      await sender.send(chatIdOf(ctx), adminTexts.refused(error.message));
    }
  };
  const guards = [operatorsOnly, refusals] as const;

  composer.command('stats', ...guards, async (ctx) => {
    for (const text of splitLines(adminTexts.stats(await admin.stats()))) await sender.send(ctx.chat.id, text);
  });

  composer.command('sources', ...guards, async (ctx) => {
    for (const text of adminTexts.sources(await admin.sources(), clock.now())) await sender.send(ctx.chat.id, text);
  });

  composer.command('addsource', ...guards, async (ctx) => {
    const url = commandArgs(ctx)[0];
    if (url === undefined) return void (await sender.send(ctx.chat.id, adminTexts.addSourceUsage));
    const added = await admin.addSource(url, ctx.from.id);
    logger.info({ userId: ctx.from.id, sourceId: added.source.id, items: added.items }, 'admin added a source');
    await sender.send(ctx.chat.id, adminTexts.sourceAdded(added));
  });

  composer.command('removesource', ...guards, async (ctx) => {
    const target = commandArgs(ctx)[0];
    if (target === undefined) return void (await sender.send(ctx.chat.id, adminTexts.removeSourceUsage));
    const removed = await admin.removeSource(target);
    logger.info({ userId: ctx.from.id, sourceId: removed.id }, 'admin removed a source');
    await sender.send(ctx.chat.id, adminTexts.sourceRemoved(removed));
  });

  // NOTE: source URLs can carry credentials, so the export never goes to a group.
  composer.command('exportsources', ...guards, async (ctx) => {
    if (ctx.chat.type !== 'private') return void (await sender.send(ctx.chat.id, adminTexts.exportPrivateOnly));
    const document = { source: Buffer.from(await admin.exportOpml(), 'utf8'), filename: 'silkwire-sources.opml' };
    try {
      await sender.call('sendDocument', { chat_id: ctx.chat.id, document, caption: adminTexts.exportCaption() });
    } catch (error) {
      logger.warn({ err: error, chatId: ctx.chat.id }, 'the sources file could not be sent');
      await sender.send(ctx.chat.id, adminTexts.exportFailed);
    }
  });
  return composer;
}
