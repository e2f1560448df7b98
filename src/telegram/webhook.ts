import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Logger } from '../observability/logger';

/** The webhook path derived from the secret: unguessable, and stable across restarts. */
export function webhookPath(secret: string): string {
  return `/telegram/webhook/${createHash('sha256').update(secret).digest('hex').slice(0, 32)}`;
}

function sameSecret(given: string | undefined, secret: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * An express handler for Telegram's webhook: refuses requests without the secret header (403), acknowledges an
 * update at once, and hands it to the bot afterwards, so that Telegram never waits on our work.
 */
export function webhookHandler(deps: { secret: string; handleUpdate: (update: unknown) => Promise<unknown>; logger: Logger }) {
  return (req: Request, res: Response) => {
    if (!sameSecret(req.get('x-telegram-bot-api-secret-token'), deps.secret)) {
      res.status(403).json({ ok: false, error: 'forbidden' });
      return;
    }
    const update: unknown = req.body;
    if (typeof update !== 'object' || update === null || typeof (update as { update_id?: unknown }).update_id !== 'number') {
      res.status(400).json({ ok: false, error: 'not an update' });
      return;
    }
    res.status(200).json({ ok: true });
    deps.handleUpdate(update).catch((error: unknown) => deps.logger.error({ err: error }, 'webhook update failed'));
  };
}
