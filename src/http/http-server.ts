import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';

/** The process's one HTTP server: health, metrics, the queue dashboard, the webhook and the playground mount on it. */
export interface HttpServer {
  app: Express;
  /** Starts listening and resolves with the base URL. */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/** Creates the HTTP server (not yet listening). */
export function createHttpServer(): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  let server: Server | undefined;
  return {
    app,
    listen(port, host) {
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
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
