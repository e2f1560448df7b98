import type { Keys } from '../storage/keys';
import type { Redis } from '../storage/redis';
import { luaScript } from '../storage/scripts';

/** Who is waiting for a send: a person who just wrote to the bot, or a digest/alert broadcast. */
export type SendPriority = 'reply' | 'broadcast';

/** What one send asks of the limiter. */
export interface AcquireOptions {
  /** Replies take the next free global slot ahead of any broadcast (default 'reply'). */
  priority?: SendPriority;
  /** A paid broadcast (`allow_paid_broadcast`): paced by the paid rate instead of the free 30/s. */
  paid?: boolean;
}

/** A slot taken: the sender says when the message has been written, so that a late write is paced by its real time. */
export interface SendSlot {
  /** Call right after the message was handed to the socket. */
  sent(): void;
}

/** Paces every outgoing message across all processes: a global rate, one a second per chat, twenty a minute per group. */
export interface RateLimiter {
  /**
   * Takes the next free slot for a message to a chat and resolves when it is taken (i.e. the message may go now),
   * with the slot where the global pace applies.
   */
  acquire(chatId: number | string, isGroup: boolean, options?: AcquireOptions): Promise<SendSlot | void>;
  /** Stops all sending for `ms` (Telegram's 429 is global) and slows the pace for a while after it. */
  pauseAll(ms: number): Promise<void>;
}

/** How the global pace is kept; every figure in milliseconds. */
export interface PacingParams {
  /** Sends allowed in any sliding window. */
  perWindow: number;
  /** The window length Telegram counts in (1000) plus a guard for the jitter between our grant and Telegram's receipt. */
  windowMs: number;
  /** Target spacing of sends (1000 / rate), so that sends are spread evenly rather than bunched at a window's start. */
  gapMs: number;
  /** A lane that arrives up to this late still gets its slot on the even grid, so timer jitter costs no throughput. */
  catchUpMs: number;
  /** After a 429 the window grows by at least three gaps, doubling on each further 429 (AIMD) … */
  backoffMaxMs: number;
  /** … and shrinks back by this many milliseconds a second. */
  backoffDecayPerSecond: number;
}

/** The pacing for a rate a second: 1000/rate spacing, at most `rate` in any (1000 + guard) ms of our clock. */
export function pacingFor(perSecond: number, guardMs = 15): PacingParams {
  return {
    perWindow: perSecond,
    windowMs: 1000 + guardMs,
    gapMs: 1000 / perSecond,
    catchUpMs: Math.min(1000 / perSecond / 2, 10),
    backoffMaxMs: 1000,
    backoffDecayPerSecond: 20,
  };
}

// Lua: `now` in ms from ARGV[1] (a test's clock) or else the Redis server's TIME, shared by every process.
const NOW = `
local now
if ARGV[1] ~= '' then now = tonumber(ARGV[1]) else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end
`;

// The whole decision in one script, so that every bot and worker process shares one pace.
// KEYS: [state (hash: next, bo, boAt), log (list of recent grant times, newest first), chat, pause, urgent (zset of waiting replies)]
// ARGV: [now ('' = Redis TIME), gap, window, perWindow, chatInterval, priority, token, catchUp, decayPerSec, urgentTtl, ahead,
//        keep ('1': more replies of this process wait behind this one, so its token stays among the waiting replies)]
// Returns the milliseconds to wait before asking again (> 0); or, when a slot is taken, 'g', the milliseconds until it
// (0 when now, at most `ahead`: it is logged at its due time, not at the time a late timer would have asked, so timer
// lateness does not pile up window after window), '|' and its entry in the log; or 'c' and the milliseconds until the
// chat's own slot (one a second), during which others may go.
const ACQUIRE = luaScript(`
${NOW}local gap = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local k = tonumber(ARGV[4])
local chatInterval = tonumber(ARGV[5])
local reply = ARGV[6] == 'reply'
local token = ARGV[7]
local catchUp = tonumber(ARGV[8])
local decay = tonumber(ARGV[9])
local urgentTtl = tonumber(ARGV[10])
local ahead = tonumber(ARGV[11])
local keep = ARGV[12] == '1'
local function served()
  if not reply then return end
  if keep then redis.call('ZADD', KEYS[5], now, token) redis.call('PEXPIRE', KEYS[5], urgentTtl * 2)
  else redis.call('ZREM', KEYS[5], token) end
end
local p = tonumber(redis.call('GET', KEYS[4]) or '0')
if p > now then return math.ceil(p - now) end
local c = tonumber(redis.call('GET', KEYS[3]) or '0')
if c > now then
  served()
  return 'c' .. math.ceil(c - now)
end
local bo = tonumber(redis.call('HGET', KEYS[1], 'bo') or '0')
local boAt = tonumber(redis.call('HGET', KEYS[1], 'boAt') or '0')
bo = math.max(0, bo - math.max(0, now - boAt) / 1000 * decay)
local win = window + bo
local step = gap * win / window
local g = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
local at = g
if redis.call('LLEN', KEYS[2]) >= k then
  at = math.max(at, tonumber(redis.call('LINDEX', KEYS[2], -1)) + win)
end
if not reply then
  redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now - urgentTtl)
  if redis.call('ZCARD', KEYS[5]) > 0 then return math.ceil(math.max(at - now, 0) + step) end
end
if at - now > ahead then
  if reply then redis.call('ZADD', KEYS[5], now, token) redis.call('PEXPIRE', KEYS[5], urgentTtl * 2) end
  return math.ceil(at - now - ahead / 2)
end
local take = math.max(at, now)
local slot = math.max(g, take - catchUp)
redis.call('HSET', KEYS[1], 'next', tostring(slot + step))
redis.call('PEXPIRE', KEYS[1], math.ceil(win) + 60000)
redis.call('LPUSH', KEYS[2], tostring(take))
redis.call('LTRIM', KEYS[2], 0, k - 1)
redis.call('PEXPIRE', KEYS[2], math.ceil(win) + 60000)
redis.call('SET', KEYS[3], tostring(take + chatInterval), 'PX', math.ceil(take - now + chatInterval) + 1000)
served()
local logged = tostring(take)
return 'g' .. tostring(math.max(take - now, 0)) .. '|' .. logged
`);

// A send written later than its slot: its log entry moves to the time it went, so that the send 30 slots later keeps a
// whole window (plus the guard) after it at Telegram's end. KEYS: [log]; ARGV: [the entry as logged, ms late].
const WROTE_LATE = luaScript(`
local i = redis.call('LPOS', KEYS[1], ARGV[1])
if i then redis.call('LSET', KEYS[1], i, tostring(tonumber(ARGV[1]) + tonumber(ARGV[2]))) end
return i and 1 or 0
`);

/** A write later than this after its slot moves the slot's log entry (smaller lateness is within the timer's noise). */
const WROTE_LATE_MS = 2;

// The limiter with the global pace off (a local Bot API server or emulator): a 429 pause and one a second per chat only.
// KEYS: [chat, pause]; ARGV: [now ('' = Redis TIME), chatInterval]. Returns the milliseconds to wait, or 0 when taken.
const ACQUIRE_CHAT = luaScript(`
${NOW}local p = tonumber(redis.call('GET', KEYS[2]) or '0')
if p > now then return math.ceil(p - now) end
local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if c > now then return math.ceil(c - now) end
local chatInterval = tonumber(ARGV[2])
redis.call('SET', KEYS[1], tostring(now + chatInterval), 'PX', math.ceil(chatInterval) + 1000)
return 0
`);

// KEYS: [pause, state...]; ARGV: [now ('' = Redis TIME), ms, minBackoff per state..., maxBackoff, decayPerSec].
// Nothing is sent before now + ms, and each state's window grows (doubling, at least the minimum given) for a while after.
const PAUSE = luaScript(`
${NOW}local ms = tonumber(ARGV[2])
local until_ = now + ms
local p = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > p then redis.call('SET', KEYS[1], tostring(until_), 'PX', math.ceil(ms) + 60000) end
local n = #KEYS - 1
local maxBo = tonumber(ARGV[3 + n])
local decay = tonumber(ARGV[4 + n])
for i = 1, n do
  local key = KEYS[i + 1]
  local bo = tonumber(redis.call('HGET', key, 'bo') or '0')
  local boAt = tonumber(redis.call('HGET', key, 'boAt') or '0')
  bo = math.max(0, bo - math.max(0, now - boAt) / 1000 * decay)
  bo = math.min(maxBo, math.max(bo * 2, tonumber(ARGV[2 + i])))
  -- the backoff starts to shrink only once the pause is over
  redis.call('HSET', key, 'bo', tostring(bo), 'boAt', tostring(until_))
  redis.call('PEXPIRE', key, math.ceil(ms + maxBo * 1000 / decay) + 60000)
end
return 0
`);

/** The senders of one process waiting to ask for a slot of one lane: one asks at a time, replies before broadcasts. */
interface Line {
  /** Resolves when it is this sender's turn to ask. */
  enter(priority: SendPriority): Promise<void>;
  /** Ends this sender's turn: the next waiting reply, else broadcast, asks. */
  leave(): void;
  repliesWaiting(): number;
  /**
   * Called by the sender holding the line when it is granted a slot: resolves once every slot granted before it on
   * this line has gone (or was given up), and the returned `done` lets the next granted sender go in turn.
   */
  granted(): { previous: Promise<void>; done: () => void };
}

function createLine(): Line {
  let busy = false;
  const waiting: Record<SendPriority, Array<() => void>> = { reply: [], broadcast: [] };
  let tail = Promise.resolve();
  return {
    enter(priority) {
      if (!busy) {
        busy = true;
        return Promise.resolve();
      }
      return new Promise((resolve) => waiting[priority].push(resolve));
    },
    leave() {
      const next = waiting.reply.shift() ?? waiting.broadcast.shift();
      if (next) next();
      else busy = false;
    },
    repliesWaiting: () => waiting.reply.length,
    granted() {
      const previous = tail;
      let done!: () => void;
      tail = new Promise((resolve) => (done = resolve));
      return { previous, done };
    },
  };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates the Redis-backed limiter shared by every bot and worker process of an instance. Telegram counts sends at its
 * end in a sliding second, so each send is granted only when the last `rate` grants span more than a second plus a
 * small guard (a sliding log), and grants sit on an even grid (so replies never wait long). Replies wait in a shared
 * set that holds broadcasts back until they have their slot. A lane whose grant reached it late gives the slot up
 * and asks again, so a stalled process never sends back-to-back with the next lane.
 */
export function createRedisRateLimiter(deps: {
  redis: Redis;
  keys: Keys;
  /** 'off': no global pace (for a local Bot API server or emulator); a 429's pause and one a second per chat still hold. */
  perSecond: number | 'off';
  /** When set, paid broadcasts (`allow_paid_broadcast`) are paced at this rate a second on a lane of their own. */
  paidPerSecond?: number;
  /** The pacing of the free lane; from `pacingFor(perSecond)` by default. */
  pacing?: PacingParams;
  /** Redis time is the shared clock; tests pass their own (epoch ms) to step through decisions. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** A grant that took longer than this to come back is given up (default 15 ms, the guard of the window). */
  lateMs?: number;
  /** Told of each slot given up because its grant came back late (metrics, benches). */
  onLateGrant?: (ms: number) => void;
}): RateLimiter {
  const { redis, keys } = deps;
  const unpaced = deps.perSecond === 'off';
  const free = deps.pacing ?? pacingFor(deps.perSecond === 'off' ? 1000 : deps.perSecond);
  const paid = deps.paidPerSecond === undefined ? undefined : pacingFor(deps.paidPerSecond, 5);
  const sleep = deps.sleep ?? defaultSleep;
  const lateMs = deps.lateMs ?? 15;
  const nowArg = () => (deps.now ? String(deps.now()) : '');
  const urgentTtl = 2000;
  const lines = new Map<string, Line>();
  const lineOf = (lane: string) => {
    let line = lines.get(lane);
    if (!line) lines.set(lane, (line = createLine()));
    return line;
  };
  const tokenBase = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  return {
    async acquire(chatId, isGroup, options = {}) {
      const priority = options.priority ?? 'reply';
      const lane = options.paid && paid ? { pacing: paid, state: keys.ratePaid(), log: keys.ratePaidLog() } : { pacing: free, state: keys.rateGlobal(), log: keys.rateLog() };
      const { pacing } = lane;
      // NOTE: a little over Telegram's 1 s per chat and 3 s per group (20 a minute), for the jitter between grant and receipt.
      const chatInterval = isGroup ? 3050 : 1050;
      if (unpaced) {
        for (;;) {
          const wait = Number(await ACQUIRE_CHAT.run(redis, 2, keys.rateChat(chatId), keys.ratePause(), nowArg(), chatInterval));
          if (wait === 0) return;
          await sleep(wait);
        }
      }
      // NOTE: one sender of this process at a time asks Redis for a slot of this lane (replies first, then
      // broadcasts, each in order); the rest wait here. 200 replies each asking again every gap made 6,000 calls a
      // second for 30 slots, and their CPU delayed the handling of the next updates.
      const line = lineOf(lane.state);
      const token = `${tokenBase}-${lane.state}`;
      for (;;) {
        await line.enter(priority);
        let holding = true;
        const leave = () => {
          if (holding) line.leave();
          holding = false;
        };
        try {
          let outcome: { chatWait: number } | { granted: number; logged: string; asked: number; took: number } | undefined;
          while (!outcome) {
            const asked = performance.now();
            const raw = await ACQUIRE.run(
              redis,
              5,
              lane.state,
              lane.log,
              keys.rateChat(chatId),
              keys.ratePause(),
              keys.rateUrgent(),
              nowArg(),
              pacing.gapMs,
              pacing.windowMs,
              pacing.perWindow,
              chatInterval,
              priority,
              token,
              pacing.catchUpMs,
              pacing.backoffDecayPerSecond,
              urgentTtl,
              pacing.gapMs,
              priority === 'reply' && line.repliesWaiting() > 0 ? '1' : '0',
            );
            if (typeof raw === 'string' && raw.startsWith('c')) outcome = { chatWait: Number(raw.slice(1)) };
            else if (typeof raw === 'string' && raw.startsWith('g')) {
              const bar = raw.indexOf('|');
              outcome = { granted: Number(raw.slice(1, bar)), logged: raw.slice(bar + 1), asked, took: performance.now() - asked };
            } else {
              await sleep(Number(raw));
              // A broadcast steps back behind replies of this process that came meanwhile.
              if (priority === 'broadcast' && line.repliesWaiting() > 0) break;
            }
          }
          // NOTE: slots of this line go in the order they were granted. Each sender's due time is estimated from its
          // own call, and a timer may fire late, so without this a later grant could overtake an earlier one.
          const turn = outcome && 'granted' in outcome ? line.granted() : undefined;
          leave();
          if (!outcome) continue;
          if ('chatWait' in outcome) {
            // The chat's own one-a-second slot is not free yet: others of the line go first meanwhile.
            await sleep(outcome.chatWait);
            continue;
          }
          // A slot at Redis time plus `due` ms: Redis's clock read it about half-way through the call.
          const { granted: due, logged, asked, took } = outcome;
          try {
            const dueAt = asked + took / 2 + due;
            if (deps.now) {
              if (due > 0) await sleep(due);
              await turn!.previous;
              return;
            }
            if (dueAt > performance.now()) await sleep(dueAt - performance.now());
            await turn!.previous;
            // NOTE: if the answer or the timer came back late (a busy event loop), sending now would bunch with the
            // lanes after it at Telegram's end. Give the slot up (it stays counted) and ask again.
            const late = performance.now() - dueAt + took / 2;
            if (late <= lateMs) {
              return {
                sent() {
                  // NOTE: the send may still have left late (a pause between this grant and the write); log its
                  // real time, so that the send 30 slots on does not follow it within Telegram's second.
                  const wrote = performance.now() - dueAt + took / 2;
                  if (wrote > WROTE_LATE_MS) void WROTE_LATE.run(redis, 1, lane.log, logged, wrote.toFixed(1)).catch(() => undefined);
                },
              };
            }
            deps.onLateGrant?.(late);
          } finally {
            turn!.done();
          }
          // Nothing went to the chat with that slot: free the chat's own one-a-second slot again.
          await redis.del(keys.rateChat(chatId));
        } finally {
          leave();
        }
      }
    },
    async pauseAll(ms) {
      const states = paid ? [keys.rateGlobal(), keys.ratePaid()] : [keys.rateGlobal()];
      const minimums = paid ? [3 * free.gapMs, 3 * paid.gapMs] : [3 * free.gapMs];
      await PAUSE.run(redis, 1 + states.length, keys.ratePause(), ...states, nowArg(), Math.ceil(ms), ...minimums, free.backoffMaxMs, free.backoffDecayPerSecond);
    },
  };
}
