import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterSettings } from '../../src/storage/redis';

/** True when redis-server and redis-cli are on the PATH (the cluster tests skip with a notice otherwise). */
export function redisClusterAvailable(): boolean {
  const ok = (binary: string) => spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
  return ok('redis-server') && ok('redis-cli');
}

/** A private Redis Cluster of three masters (no replicas) on loopback, each with its own temporary directory. */
export interface LocalRedisCluster {
  /** Seed nodes for REDIS_CLUSTER_NODES (host:port, comma-separated). */
  nodesEnv: string;
  settings: ClusterSettings;
  ports: readonly number[];
  /** Runs redis-cli against one node and returns its output. */
  cli(port: number, ...args: string[]): string;
  stop(): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Picks `count` ports in 20000–49999 whose cluster bus ports (port + 10000) are free too. */
async function freeClusterPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (ports.some((taken) => Math.abs(taken - port) < 2)) continue;
    if ((await portFree(port)) && (await portFree(port + 10_000))) ports.push(port);
  }
  return ports;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`local Redis Cluster: timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Starts three `redis-server --cluster-enabled yes` processes on free ports, joins them with
 * `redis-cli --cluster create` (slots split evenly, no replicas) and waits until every node reports cluster_state:ok.
 * Nothing is persisted; stop() kills the servers and removes their directories.
 */
export async function startLocalRedisCluster(masters = 3): Promise<LocalRedisCluster> {
  const ports = await freeClusterPorts(masters);
  const dirs: string[] = [];
  const servers: ChildProcess[] = [];
  const cli = (port: number, ...args: string[]) => {
    const result = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8', timeout: 30_000 });
    if (result.status !== 0) throw new Error(`redis-cli ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  // A test run that dies (or a hook that times out) must not leave servers behind.
  const killOnExit = () => {
    for (const server of servers) if (server.exitCode === null) server.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            if (server.exitCode !== null || server.signalCode !== null) return resolve();
            server.once('exit', () => resolve());
            server.kill('SIGKILL');
          }),
      ),
    );
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      const dir = mkdtempSync(join(tmpdir(), `silkwire-cluster-${port}-`));
      dirs.push(dir);
      const server = spawn(
        'redis-server',
        [
          '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
          '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000',
          '--save', '', '--appendonly', 'no', '--protected-mode', 'no',
        ],
        { stdio: 'ignore' },
      );
      servers.push(server);
    }
    for (const port of ports) {
      await until(() => {
        try {
          return cli(port, 'PING').trim() === 'PONG';
        } catch {
          return false;
        }
      }, 10_000, `redis-server on ${port}`);
    }
    const result = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (result.status !== 0) throw new Error(`redis-cli --cluster create failed: ${result.stdout}${result.stderr}`);
    for (const port of ports) await until(() => cli(port, 'CLUSTER', 'INFO').includes('cluster_state:ok'), 20_000, `cluster_state:ok on ${port}`);
    return {
      nodesEnv: ports.map((port) => `127.0.0.1:${port}`).join(','),
      settings: { nodes: ports.map((port) => ({ host: '127.0.0.1', port })) },
      ports,
      cli,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
