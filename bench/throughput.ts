// The delivery ceiling: one instant alert to N chats through the whole pipeline (plan-alerts job → planAlerts →
// deliver-batch jobs → render → Sender with the Redis limiter → Bot API → ledger) run by 1, 2 and 4 real worker
// processes (`node --import tsx app/main.ts --worker`) on one private redis-server, against the Bot API emulator with
// its limits off and no latency. Reports messages a second, worker CPU ms per message (/proc/<pid>/stat) and Redis
// commands per message (INFO stats total_commands_processed; the private server has no other client), and the CPU the
// redis-server and the emulator (this process) spend per message, since all share the machine's cores.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createBotApiEmulator } from '@silkwire/telegram-emulator';
import { createQueues } from '../jobs/queues';
import type { Article } from '../src/articles/article';
import { loadConfig } from '../src/config/config';
import { createCore } from '../src/core';
import { pacingFor } from '../src/delivery/rate-limiter';
import { alertPlanJobId } from '../src/jobs-contract';
import { createRedis, type Redis } from '../src/storage/redis';
import { fmt, printTable, REPO_ROOT, sleep, withTimeout, type BenchOutcome } from './lib';

const FIRST_CHAT = 5_000_000;
/** TELEGRAM_RATE_LIMIT for the workers by default: off, as the emulator counts no limits (`--rate=1000` for the paced path). */
const DEFAULT_RATE_LIMIT = 'off';
const EMPTY_OPML = resolve(REPO_ROOT, 'tests/fixtures/opml/empty.opml');
const CLOCK_TICKS = 100; // USER_HZ on Linux

interface Wave {
  workers: number;
  messages: number;
  duplicates: number;
  seconds: number;
  perSecond: number;
  cpuMsPerMessage: number;
  /** CPU of the redis-server and of this process (the emulator, standing in for Telegram) per message. */
  redisCpuMsPerMessage: number;
  emulatorCpuMsPerMessage: number;
  redisCommandsPerMessage: number;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/** CPU time (user + system) of a process so far, in ms, from /proc. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, utime 14 and stime 15 (1-based in proc(5)), so 11 and 12 here.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

async function commandsProcessed(redis: Redis): Promise<number> {
  const match = /^total_commands_processed:(\d+)/m.exec(await redis.info('stats'));
  return Number(match?.[1] ?? Number.NaN);
}

/** Calls per command name so far (INFO commandstats), to show which commands a message costs. */
async function commandCalls(redis: Redis): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  for (const match of (await redis.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1]!, Number(match[2]));
  return calls;
}

/** Starts a worker process and resolves once it logged that it started. */
function spawnWorker(env: Record<string, string>, started: ChildProcess[], profileDir?: string): Promise<ChildProcess> {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'app/main.ts', '--worker'], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child); // stopped by the caller even when it never comes up
  let output = '';
  return withTimeout(
    new Promise<ChildProcess>((done, fail) => {
      const onData = (data: Buffer) => {
        if (output.length > 100_000) return;
        output += data.toString();
        if (output.includes('silkwire started')) {
          output = ' '.repeat(100_001); // started: stop keeping its log
          done(child);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => fail(new Error(`worker exited with ${code}: ${output.trim().slice(-2000)}`)));
    }),
    60_000,
    'worker start',
  );
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(20_000).then(() => child.kill('SIGKILL'))]);
}

/** Runs the bench: `--sizes=` chats per wave (default 20000), `--workers=1,2,4`, `--rate=off` (TELEGRAM_RATE_LIMIT),
 * `--cpu-prof=DIR` (each worker writes a V8 CPU profile there when it stops). */
export async function runThroughput(options: Map<string, string>): Promise<BenchOutcome> {
  const rateLimit = options.get('rate') ?? DEFAULT_RATE_LIMIT;
  const ceiling = rateLimit === 'off' ? 'no global pace' : `limiter ceiling ${fmt((1000 * pacingFor(Number(rateLimit)).perWindow) / pacingFor(Number(rateLimit)).windowMs)} msg/s`;
  const chats = Number(options.get('sizes')?.split(',')[0] ?? 20_000);
  const workerCounts = (options.get('workers') ?? '1,2,4').split(',').map(Number);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'silkwire-throughput-'));
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const emulator = createBotApiEmulator({ rateLimits: false, maxCallHistory: 1000 });
  const { apiRoot } = await emulator.start(0, '127.0.0.1');
  const redisUrl = `redis://127.0.0.1:${port}`;
  const prefix = 'swbench-throughput';
  const redis = createRedis(redisUrl);
  const env = {
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: apiRoot,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    TELEGRAM_RATE_LIMIT: rateLimit,
    FEEDS_FILE: EMPTY_OPML,
    LOG_LEVEL: 'info', // the start line is an info line
    PORT: '0',
  };
  const core = createCore(loadConfig(env), redis);
  const queues = createQueues({ connection: redis, prefix });
  const waves: Wave[] = [];
  try {
    for (let i = 0; i < 50; i++) {
      if ((await redis.ping().catch(() => '')) === 'PONG') break;
      await sleep(100);
    }
    // N chats with instant alerts on China; the emulator knows each one.
    const seedStart = Date.now();
    const memoryBefore = Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1]);
    const ids = Array.from({ length: chats }, (_, i) => FIRST_CHAT + i);
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          emulator.addChat({ id, type: 'private', first_name: `U${id}` });
          await core.chats.ensure({ id, type: 'private' }, 'en');
          await core.chats.subscribe(id, ['china']);
          await core.chats.setSchedule(id, { mode: 'instant' });
        }
      }),
    );
    const bytesPerChat = (Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1]) - memoryBefore) / chats;
    console.log(`seeded ${chats} instant chats in ${((Date.now() - seedStart) / 1000).toFixed(1)} s; Redis memory ${fmt(bytesPerChat)} B per chat`);

    const targets = new Set(ids);
    let current = '';
    let received = 0;
    let duplicates = 0;
    let seen = new Set<number>();
    let lastAt = 0;
    emulator.on('message', (message) => {
      if (!targets.has(message.chat.id) || !message.text.includes(current)) return;
      if (seen.has(message.chat.id)) duplicates += 1;
      else seen.add(message.chat.id);
      received += 1;
      lastAt = Date.now();
    });

    for (const count of workerCounts) {
      const workers: ChildProcess[] = [];
      try {
        for (let i = 0; i < count; i++) await spawnWorker(env, workers, options.get('cpu-prof'));
        await sleep(1000); // let start-up settle before the CPU and command counters are read
        current = `Beijing opens rail link number ${count} to Almaty`;
        received = 0;
        duplicates = 0;
        seen = new Set();
        const story: Article = {
          sourceId: 'src-bench',
          sourceName: 'Bench Wire',
          guid: `throughput-${count}-${Date.now()}`,
          title: current,
          url: `https://wire.example/throughput/${count}/${Date.now()}`,
          description: 'China and Kazakhstan agree on another freight line.',
          publishedAt: Date.now(),
          language: 'en',
          topics: ['china'],
        };
        await core.articles.save(story);
        const cpuBefore = workers.map((worker) => cpuMs(worker.pid!));
        const redisCpuBefore = cpuMs(server.pid!);
        const ownCpuBefore = cpuMs(process.pid);
        const commandsBefore = await commandsProcessed(redis);
        const callsBefore = await commandCalls(redis);
        const t0 = Date.now();
        await queues.delivery.add('plan-alerts', {}, { jobId: alertPlanJobId(t0) });
        await withTimeout(
          (async () => {
            while (seen.size < chats) await sleep(50);
          })(),
          300_000,
          `wave with ${count} workers`,
        );
        const seconds = (lastAt - t0) / 1000;
        const cpu = workers.reduce((sum, worker, i) => sum + cpuMs(worker.pid!) - cpuBefore[i]!, 0);
        const redisCpu = cpuMs(server.pid!) - redisCpuBefore;
        const ownCpu = cpuMs(process.pid) - ownCpuBefore;
        const commands = (await commandsProcessed(redis)) - commandsBefore;
        const perCommand = [...(await commandCalls(redis))].map(([name, n]) => [name, (n - (callsBefore.get(name) ?? 0)) / received] as const);
        console.log(
          `  ${count} worker(s), Redis commands per message: ` +
            perCommand
              .filter(([, n]) => n >= 0.05)
              .sort((a, b) => b[1] - a[1])
              .map(([name, n]) => `${name} ${n.toFixed(1)}`)
              .join(', '),
        );
        waves.push({
          workers: count,
          messages: received,
          duplicates,
          seconds,
          perSecond: seen.size / seconds,
          cpuMsPerMessage: cpu / received,
          redisCpuMsPerMessage: redisCpu / received,
          emulatorCpuMsPerMessage: ownCpu / received,
          redisCommandsPerMessage: commands / received,
        });
      } finally {
        await Promise.all(workers.map(stopWorker));
      }
    }
    printTable(
      ['workers', 'messages', 'duplicates', 'seconds', 'msg/s', 'worker CPU ms/msg', 'Redis CPU ms/msg', 'emulator CPU ms/msg', 'Redis cmds/msg'],
      waves.map((w) => [
        w.workers,
        w.messages,
        w.duplicates,
        w.seconds.toFixed(1),
        fmt(w.perSecond),
        w.cpuMsPerMessage.toFixed(2),
        w.redisCpuMsPerMessage.toFixed(2),
        w.emulatorCpuMsPerMessage.toFixed(2),
        w.redisCommandsPerMessage.toFixed(1),
      ]),
    );
    console.log('emulator CPU: this process, which runs the Bot API emulator (Telegram\'s side) and counts the messages.');
    const parts = waves.map((w) => `${w.workers}w ${fmt(w.perSecond)} msg/s, ${w.cpuMsPerMessage.toFixed(2)} CPU ms/msg, ${w.redisCommandsPerMessage.toFixed(1)} Redis cmds/msg`);
    return {
      name: 'throughput',
      summary: `throughput: ${chats} chats, TELEGRAM_RATE_LIMIT=${rateLimit} (${ceiling}) — ${parts.join('; ')}; ${fmt(bytesPerChat)} B Redis per chat`,
    };
  } finally {
    await queues.close();
    await core.close();
    await redis.quit();
    await emulator.stop();
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
