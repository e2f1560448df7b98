import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWire, receivedBy, seedInstantChats, until } from '../helpers/deliveries';
import type { RunningProcess } from '../helpers/process';
import { createWorld, type World } from '../helpers/world';

// kill -9 the worker five times at random moments of a 2,000-chat fan-out under Telegram's limits: every chat gets
// the alert, and a chat gets it twice only when its message was on the wire at a kill.

const CHATS = 2000;
const FIRST = 50_000;
const KILLS = 5;
const WORKER_ENV = { PORT: '0', FEED_POLL_SECONDS: '1', JOB_LOCK_SECONDS: '3' };

let world: World;
let wire: ReturnType<typeof createWire>;

/** A small deterministic PRNG, so a failing run can be repeated with the same kill points. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  world = await createWorld('killw', { rateLimits: { globalPerSecond: 30, perChatPerSecond: 1 }, latencyMs: { min: 50, max: 100 } });
  wire = createWire(world, '/cn.rss', 'CN Wire');
  wire.publish('Earlier: Beijing weather');
  world.setSources([{ name: 'CN Wire', url: wire.url }]);
  // Ten seeders side by side: 2,000 chats one by one take too long.
  await Promise.all(Array.from({ length: 10 }, (_, lane) => seedInstantChats(world, Array.from({ length: CHATS / 10 }, (_, i) => FIRST + lane * (CHATS / 10) + i))));
}, 150_000);

afterAll(async () => {
  await world?.close();
});

describe('worker killed with SIGKILL during a fan-out', () => {
  it('five kills lose no message and repeat only messages in flight at a kill', async () => {
    const seed = Number(process.env.KILL_SEED ?? Date.now() % 100_000);
    const random = mulberry32(seed);
    // Kill points spread over the fan-out: one in each fifth of it, at a random place.
    const thresholds = Array.from({ length: KILLS }, (_, i) => Math.floor(CHATS * (0.05 + (i + random()) * 0.17)));
    let worker: RunningProcess = world.spawn(['--worker'], WORKER_ENV);
    await worker.waitForOutput(/silkwire started/, 30_000);
    const title = 'Xi Jinping opens Silk Road summit in Xian';
    const counts = () => receivedBy(world, title, FIRST);
    wire.publish(title);
    const started = Date.now();
    const progress = setInterval(() => console.log(`  ${counts().size} delivered after ${Date.now() - started} ms`), 10_000);
    const kills: Array<{ at: number; delivered: number }> = [];
    for (const threshold of thresholds) {
      // The replacement starts first (as under a supervisor with a spare), so the kill costs only BullMQ's stall detection.
      const replacement = world.spawn(['--worker'], WORKER_ENV);
      await replacement.waitForOutput(/silkwire started/, 30_000);
      await until(() => counts().size >= threshold, 90_000, `${threshold} delivered`);
      worker.child.kill('SIGKILL');
      kills.push({ at: Date.now(), delivered: counts().size });
      await worker.exited;
      worker = replacement;
      console.log(`kill ${kills.length} at ${kills.at(-1)!.delivered} delivered, ${Date.now() - started} ms after publishing`);
    }
    await until(() => counts().size === CHATS, 120_000, 'every chat delivered');
    clearInterval(progress);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await worker.stop();

    const final = counts();
    const sends = world.emulator.calls('sendMessage').filter((c) => c.ok && String((c.params as { text?: unknown }).text).includes(title));
    const repeated = [...final.entries()].filter(([, n]) => n > 1).map(([id]) => id);
    const sendTimes = new Map<number, number[]>();
    for (const call of sends) {
      const id = Number((call.params as { chat_id?: unknown }).chat_id);
      sendTimes.set(id, [...(sendTimes.get(id) ?? []), call.time]);
    }
    // A copy is repeated only when it was on the wire at a kill: every copy but a chat's last must have reached Telegram
    // just before a kill, or a moment after the test noted it (a request already sent when the process died arrives
    // late). A chat whose resend was itself on the wire at the next kill may so get a third copy, never an unexplained one.
    const inFlightAt = (time: number) => kills.findIndex((k) => time - k.at <= 200 && k.at - time < 1000);
    const perKill = kills.map(() => 0);
    const unexplained: string[] = [];
    for (const id of repeated) {
      const times = [...(sendTimes.get(id) ?? [])].sort((a, b) => a - b);
      for (const time of times.slice(0, -1)) {
        const kill = inFlightAt(time);
        if (kill >= 0) perKill[kill]! += 1;
        else unexplained.push(`chat ${id} sent at ${times.map((t) => t - started).join(' and ')} ms (kills at ${kills.map((k) => k.at - started).join(', ')} ms)`);
      }
      if (times.length > 2) console.log(`chat ${id} got ${times.length} copies, at ${times.map((t) => t - started).join(', ')} ms`);
    }
    if (unexplained.length > 0) console.log(`repeats not in flight at a kill:\n${unexplained.join('\n')}`);
    console.log(
      `kill -9 ×${KILLS} (seed ${seed}) during a ${CHATS}-chat fan-out: kills at ${kills.map((k) => k.delivered).join(', ')} delivered; ` +
        `repeats per kill ${perKill.join(', ')} (${repeated.length} chats repeated); every chat delivered: ${final.size === CHATS}`,
    );
    expect(final.size).toBe(CHATS);
    expect(unexplained).toEqual([]);
    // One kill repeats a chat's message at most once: a chat's repeated copies each belong to a different kill.
    const twiceAtOneKill = repeated.filter((id) => {
      const atKills = [...(sendTimes.get(id) ?? [])].sort((a, b) => a - b).slice(0, -1).map(inFlightAt);
      return new Set(atKills).size < atKills.length;
    });
    expect(twiceAtOneKill).toEqual([]);
  }, 180_000);
});
