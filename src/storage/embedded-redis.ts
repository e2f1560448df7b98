import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import type { Logger } from '../observability/logger';

/** Where Silkwire's Redis is, and how to let go of it. */
export interface RedisEndpoint {
  url: string;
  /** Stops the private redis-server if this process started one. */
  stop(): Promise<void>;
  embedded: boolean;
}

const DEFAULT_URL = 'redis://127.0.0.1:6379';

/** True when something answers a Redis PING on host:port within the timeout. */
export function redisAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Finds Redis: REDIS_URL when set; else a server on 127.0.0.1:6379 if one answers; else a private redis-server
 * (from PATH) on a free port with its data kept in `dataDir` (append-only file, so subscriptions survive a restart).
 */
export async function resolveRedis(deps: {
  url: string | undefined;
  dataDir: string;
  logger: Logger;
  /** Where to look for a running Redis first (tests point it elsewhere). */
  probe?: { host: string; port: number };
  /** The redis-server binary to start. */
  binary?: string;
}): Promise<RedisEndpoint> {
  const none = async () => undefined;
  if (deps.url) return { url: deps.url, stop: none, embedded: false };
  const probe = deps.probe ?? { host: '127.0.0.1', port: 6379 };
  if (await redisAnswers(probe.host, probe.port)) return { url: probe.port === 6379 && probe.host === '127.0.0.1' ? DEFAULT_URL : `redis://${probe.host}:${probe.port}`, stop: none, embedded: false };
  mkdirSync(deps.dataDir, { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawn(
    deps.binary ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', deps.dataDir, '--appendonly', 'yes', '--save', '', '--protected-mode', 'yes'],
    { stdio: 'ignore' },
  );
  const failed = new Promise<Error>((resolve) =>
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ENOENT'
          ? new Error('No Redis answers on 127.0.0.1:6379 and no redis-server is on PATH. Install Redis (e.g. `apt-get install redis-server`) or set REDIS_URL to a Redis you run.')
          : error,
      ),
    ),
  );
  for (let i = 0; i < 100; i++) {
    const winner = await Promise.race([failed, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 50))]);
    if (winner) throw winner;
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} (data folder ${deps.dataDir})`);
    if (await redisAnswers('127.0.0.1', port)) {
      deps.logger.info({ port, dataDir: deps.dataDir }, 'started a private redis-server');
      return {
        url: `redis://127.0.0.1:${port}`,
        embedded: true,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not answer within 5 seconds');
}
