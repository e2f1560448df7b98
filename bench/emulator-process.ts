// The Bot API emulator in a child process (packages/telegram-emulator/src/child.ts), for benches: it answers and
// stamps each call on its own event loop, as Telegram does, so that a busy bench or bot process can neither slow it
// down nor make calls that left on time look late (and so bunched) at the limit.
import { fork, type ChildProcess } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { AddChatInput, EmulatorStats } from '@silkwire/telegram-emulator';
import { withTimeout } from './lib';

const EMULATOR_CHILD = fileURLToPath(new URL('../packages/telegram-emulator/src/child.ts', import.meta.url));

/** A message the emulator accepted: to which chat, and when it arrived there (epoch ms, the emulator's clock). */
export interface Arrival {
  chatId: number;
  at: number;
}

/** The emulator child process and typed calls of its control API. */
export interface EmulatorProcess {
  apiRoot: string;
  token: string;
  /** The child's nice value: {@link EMULATOR_NICE} where this user may raise a priority, else the bench's own. */
  nice: number;
  call<T>(op: string, args?: unknown): Promise<T>;
  addChats(chats: AddChatInput[]): Promise<void>;
  /** Tells `listener` of every message accepted from now on, read from the child every `everyMs`; returns a stop. */
  onArrival(listener: (arrival: Arrival) => void, everyMs?: number): () => void;
  /** Reads what arrived but was not told yet (call before counting, after the last send). */
  flush(): Promise<void>;
  stats(): Promise<EmulatorStats>;
  /** Arrival times of the method's successful calls. */
  callTimes(method: string): Promise<number[]>;
  stop(): Promise<void>;
}

/**
 * The emulator's nice value. Telegram counts sends on its own machines; here the emulator shares two cores with the
 * bot, Redis and the feed pool, and a send it reads 15–30 ms late, while the one 30 sends later is read on time, looks
 * like 31 in a second. Raising its priority (root only) keeps its count close to the time a send reached it.
 */
export const EMULATOR_NICE = -5;

/** Starts the emulator child: `rateLimits` on for Telegram's limits, `latencyMs` per answer, `maxCallHistory` kept. */
export async function startEmulatorProcess(options: { maxCallHistory: number; rateLimits?: boolean; latencyMs?: { min: number; max: number } }): Promise<EmulatorProcess> {
  const args = [`--max-call-history=${options.maxCallHistory}`];
  if (options.rateLimits) args.push('--rate-limits');
  if (options.latencyMs) args.push(`--latency=${options.latencyMs.min}-${options.latencyMs.max}`);
  const child: ChildProcess = fork(EMULATOR_CHILD, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const ready = new Promise<{ apiRoot: string; token: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the emulator process exited with ${code}`)));
    child.on('message', (message: { type: string; id?: number; result?: unknown; error?: string; apiRoot?: string; token?: string }) => {
      if (message.type === 'ready') return resolve({ apiRoot: message.apiRoot!, token: message.token! });
      const waiter = waiting.get(message.id!);
      waiting.delete(message.id!);
      if (message.type === 'done') waiter?.resolve(message.result);
      else waiter?.reject(new Error(message.error));
    });
  });
  const { apiRoot, token } = await withTimeout(ready, 30_000, 'starting the emulator process');
  try {
    setPriority(child.pid!, EMULATOR_NICE);
  } catch {
    // not allowed for this user: the emulator keeps the bench's priority, and the bench prints which it has
  }
  const nice = getPriority(child.pid!);
  const call = <T>(op: string, args?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, op, args });
    });

  const listeners = new Set<(arrival: Arrival) => void>();
  let seen = 0;
  let reading: Promise<void> | undefined;
  const poll = (): Promise<void> =>
    (reading ??= call<Array<[number, number]>>('arrivals', seen)
      .then((fresh) => {
        seen += fresh.length;
        for (const [chatId, at] of fresh) for (const listener of listeners) listener({ chatId, at });
      })
      .finally(() => {
        reading = undefined;
      }));
  let timer: NodeJS.Timeout | undefined;
  return {
    apiRoot,
    nice,
    token,
    call,
    async addChats(chats) {
      await call('addChats', chats);
    },
    onArrival(listener, everyMs = 10) {
      listeners.add(listener);
      timer ??= setInterval(() => void poll().catch(() => undefined), everyMs);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    async flush() {
      await reading;
      await poll();
    },
    stats: () => call<EmulatorStats>('stats'),
    callTimes: (method) => call<number[]>('callTimes', method),
    async stop() {
      if (timer) clearInterval(timer);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await call('stop').catch(() => undefined);
      await withTimeout(exited, 5000, 'stopping the emulator process').catch(() => child.kill());
    },
  };
}
