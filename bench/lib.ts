import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRedis, type Redis } from '../src/storage/redis';

/** The Redis the benches use (the machine's, or REDIS_URL). */
export const BENCH_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `../shared/feeds` beside the checkout: the real-feed corpus. */
export const SHARED_FEEDS_DIR = resolve(REPO_ROOT, '../shared/feeds');

/** True when the shared feed corpus is present. */
export const SHARED_FEEDS_AVAILABLE = existsSync(SHARED_FEEDS_DIR);

/** What one bench hands back to the runner: its one-line summary. */
export interface BenchOutcome {
  name: string;
  summary: string;
  /** The bench's table as structured rows, when it has one (written to bench/results.json). */
  rows?: ReadonlyArray<object>;
}

/** A unique key prefix for one bench run (the BullMQ queues of the run live under it too). */
export function benchPrefix(label: string): string {
  return `swbench-${label}-${randomBytes(4).toString('hex')}`;
}

/** Opens a connection for a bench (maxRetriesPerRequest null, as BullMQ needs). */
export function openRedis(): Redis {
  return createRedis(BENCH_REDIS_URL);
}

/** Deletes every key under `prefix:` with SCAN MATCH + UNLINK; never touches anything else. Returns how many. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
    cursor = next;
    if (found.length > 0) deleted += await redis.unlink(...found);
  } while (cursor !== '0');
  return deleted;
}

/** Redis's used_memory in bytes (server-wide: other users of the shared Redis show up in it too). */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)/m.exec(info);
  return match ? Number(match[1]) : Number.NaN;
}

/** Waits (up to `maxMs`) until Redis has finished freeing UNLINKed values in the background, so used_memory is settled. */
export async function settleMemory(redis: Redis, maxMs = 10_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const info = await redis.info('memory');
    if (/^lazyfree_pending_objects:0\s*$/m.test(info)) return;
    await sleep(50);
  }
}

/** Milliseconds since an arbitrary origin, with sub-millisecond precision. */
export function nowMs(): number {
  return performance.now();
}

/** Rejects when `promise` has not settled within `ms`; the timer never keeps the process alive. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The p-th percentile (0–100) of values, nearest rank; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** The median of values (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The most events in any sliding window of `windowMs` ending at an event, i.e. in (t − windowMs, t]. */
export function maxInWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[start]! <= sorted[end]! - windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Formats a number with thousands separators and at most `digits` decimals. */
export function fmt(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Formats bytes as MB (10^6). */
export function mb(bytes: number, digits = 1): string {
  return `${fmt(bytes / 1e6, digits)} MB`;
}

/** Prints rows as an aligned text table (numbers right-aligned). */
export function printTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): void {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? fmt(cell, 2) : cell)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.every((row) => typeof row[i] === 'number' || /^[-\d,.\s%×x/]+[a-zA-Z/%]*$/.test(String(row[i] ?? ''))));
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells) console.log(line(row));
}

/** Parses `--key=value` options and positional words from argv. */
export function parseArgs(argv: readonly string[]): { positional: string[]; options: Map<string, string> } {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (match) options.set(match[1]!, match[2] ?? 'true');
    else positional.push(arg);
  }
  return { positional, options };
}

/** A comma-separated list of positive integers ("100000,1000000", also "1e6" and "100k"). */
export function parseSizes(text: string | undefined, fallback: readonly number[]): number[] {
  if (!text) return [...fallback];
  return text.split(',').map((part) => {
    const t = part.trim().toLowerCase();
    const n = t.endsWith('k') ? Number(t.slice(0, -1)) * 1000 : t.endsWith('m') ? Number(t.slice(0, -1)) * 1e6 : Number(t);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`not a size: ${part}`);
    return n;
  });
}
