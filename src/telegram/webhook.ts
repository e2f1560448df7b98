import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
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

/** What {@link webhookHandler} needs. */
export interface WebhookDeps {
  secret: string;
  /** Takes an update and resolves once it has been handled (the update queue's push). */
  handleUpdate: (update: unknown) => Promise<unknown>;
  logger: Logger;
  /** The largest body read (default 1 MB). */
  limit?: string;
}

/**
 * An express handler for Telegram's webhook. It checks the secret header before it reads a byte of the body (403
 * otherwise), parses the body, and acknowledges an update only once it has been handled, so that an update Telegram
 * was told we have is never lost to a shutdown.
 */
export function webhookHandler(deps: WebhookDeps) {
  const parse = express.json({ limit: deps.limit ?? '1mb' });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!sameSecret(req.get('x-telegram-bot-api-secret-token'), deps.secret)) {
      // NOTE: the body is never read; closing the connection stops a large one from being sent at all.
      res.set('connection', 'close').status(403).json({ ok: false, error: 'forbidden' });
      return;
    }
    parse(req, res, (error?: unknown) => {
      if (error) return next(error);
      const update: unknown = req.body;
      if (typeof update !== 'object' || update === null || typeof (update as { update_id?: unknown }).update_id !== 'number') {
        res.status(400).json({ ok: false, error: 'not an update' });
        return;
      }
      deps.handleUpdate(update).then(
        () => res.status(200).json({ ok: true }),
        (handleError: unknown) => {
          // The update queue never rejects; anything else is our failure, and Telegram may retry.
          deps.logger.error({ err: handleError }, 'webhook update failed');
          res.status(500).json({ ok: false, error: 'internal error' });
        },
      );
    });
  };
}
