import { timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express, NextFunction, Request, Response } from 'express';

/** Where the queue dashboard lives. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

const COOKIE = 'silkwire_admin';

function same(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined; // a malformed cookie is no cookie
    }
  }
  return undefined;
}

/**
 * Only requests carrying the admin token pass: `Authorization: Bearer <token>`, or `?token=<token>` once (which sets
 * an HttpOnly cookie for the dashboard's own asset and API requests). Anything else gets 401 and learns nothing.
 */
export function requireAdminToken(token: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const query = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (same(bearer, token) || same(cookieValue(req, COOKIE), token)) return next();
    if (same(query, token)) {
      res.cookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', path: QUEUE_DASHBOARD_PATH });
      return next();
    }
    res.status(401).type('text/plain').send('admin token required');
  };
}

/** Mounts Bull Board for the queues at /admin/queues behind the admin token. */
export function mountQueueDashboard(app: Express, queues: readonly Queue[], token: string): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter });
  app.use(QUEUE_DASHBOARD_PATH, requireAdminToken(token), serverAdapter.getRouter() as (req: Request, res: Response, next: NextFunction) => void);
}
