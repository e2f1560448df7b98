import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../observability/logger';

/** The process's one HTTP server: health, metrics, the queue dashboard, the webhook and the playground mount on it. */
export interface HttpServer {
  app: Express;
  /** Adds the not-found and error handlers, starts listening and resolves with the base URL. */
  listen(port: number, host: string): Promise<string>;
  /** Stops accepting connections and waits (up to graceMs) for the requests in flight, such as webhook updates. */
  close(): Promise<void>;
}

/** What {@link createHttpServer} needs. */
export interface HttpServerDeps {
  logger: Logger;
  /** How long close() waits for requests in flight before cutting them (default 20 s). */
  graceMs?: number;
}

function statusOf(error: unknown): number {
  const e = error as { status?: unknown; statusCode?: unknown };
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : 500;
  return status >= 400 && status < 600 ? status : 500;
}

/** Creates the HTTP server (not yet listening). Errors go to the log, never to the caller: no stack trace in any mode. */
export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  const graceMs = deps.graceMs ?? 20_000;
  let server: Server | undefined;
  return {
    app,
    listen(port, host) {
      app.use((_req: Request, res: Response) => {
        res.status(404).json({ ok: false, error: 'not found' });
      });
      app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
        const status = statusOf(error);
        deps.logger[status >= 500 ? 'error' : 'warn']({ err: error, method: req.method, status }, `HTTP request failed: ${status}`);
        if (res.headersSent) return next(error);
        res.status(status).json({ ok: false, error: status >= 500 ? 'internal error' : 'bad request' });
      });
      return new Promise((resolve, reject) => {
        const listening = app.listen(port, host, (error?: Error) => {
          if (error) return reject(error);
          const address = listening.address() as AddressInfo;
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
        });
        listening.once('error', reject);
        server = listening;
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server) return resolve();
        const cut = setTimeout(() => server?.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
