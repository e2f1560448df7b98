import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createBotApiEmulator, type BotApiEmulator } from '../src';
import type { PlaygroundLogger } from './logger';
import { createPlaygroundRouter } from './playground-router';

/** The product as the playground runs it: something with a base URL that can be stopped. */
export interface PlaygroundApp {
  url: string;
  stop(reason?: string): Promise<void>;
}

/** Where the bot must send its Bot API calls: the emulator's token and API root. */
export interface EmulatedTelegram {
  token: string;
  apiRoot: string;
}

/** What `startPlayground` needs: where to serve the page, and how to start the product against the emulator. */
export interface StartPlaygroundOptions {
  port: number;
  host: string;
  /** Starts the product with TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT set to the emulator's. */
  startApp(telegram: EmulatedTelegram): Promise<PlaygroundApp>;
  logger?: PlaygroundLogger;
  botUsername?: string;
  botName?: string;
}

/** A running playground: the page's URL, the emulator, the product, and one stop for all three. */
export interface RunningPlayground {
  /** The chat page, with a trailing slash. */
  url: string;
  emulator: BotApiEmulator;
  app: PlaygroundApp;
  stop(reason?: string): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Event streams stay open until the client leaves: end them so that closing does not wait for every tab.
    server.closeAllConnections();
  });
}

/**
 * Runs the playground: a Bot API emulator with Telegram's rate limits, the product started against it, and the chat
 * page on `host:port`. Stops what it started if any step fails.
 */
export async function startPlayground(options: StartPlaygroundOptions): Promise<RunningPlayground> {
  const logger = options.logger?.child({ component: 'playground' });
  const emulator = createBotApiEmulator({
    botUsername: options.botUsername ?? 'silkwire_bot',
    botName: options.botName ?? 'Silkwire',
    rateLimits: true,
  });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async (reason: string) => {
    for (const stop of stops.reverse()) {
      await stop().catch((error: unknown) => logger?.error({ err: error, reason }, 'error while stopping the playground'));
    }
    stops.length = 0;
  };
  try {
    const { apiRoot } = await emulator.start(0, '127.0.0.1');
    stops.push(() => emulator.stop());
    const app = await options.startApp({ token: emulator.token, apiRoot });
    stops.push(() => app.stop('playground stopping'));

    const web = express();
    web.disable('x-powered-by');
    web.use(createPlaygroundRouter({ emulator, ...(options.logger !== undefined ? { logger: options.logger } : {}) }));
    const server = createServer(web);
    const address = await listen(server, options.port, options.host);
    stops.push(() => close(server));
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    const url = `http://${host}:${address.port}/`;
    logger?.info(
      { url, app: app.url, apiRoot },
      `playground ready: open ${url} in a browser (no TELEGRAM_BOT_TOKEN set, so Silkwire talks to its built-in Telegram emulator; its health and metrics are at ${app.url})`,
    );
    return { url, emulator, app, stop: (reason = 'stop') => stopAll(reason) };
  } catch (error) {
    await stopAll('start-up failed');
    throw error;
  }
}
