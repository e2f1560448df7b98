import { DateTime } from 'luxon';

/** At most this many digests a day. */
export const MAX_DIGEST_TIMES = 6;

/** What /digest asks for. */
export type DigestSpec =
  | { mode: 'digest'; times: string[] }
  | { mode: 'instant' }
  | { mode: 'off' }
  | { mode: 'invalid'; reason: 'format' | 'too-many' };

/** Parses "/digest HH:MM[,HH:MM…] | instant | off" (times also accept H:MM, H.MM and spaces). */
export function parseDigestSpec(args: readonly string[]): DigestSpec {
  const text = args.join(' ').trim().toLowerCase();
  if (text === 'instant' || text === 'now' || text === 'alerts') return { mode: 'instant' };
  if (text === 'off' || text === 'pause' || text === 'stop') return { mode: 'off' };
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) return { mode: 'invalid', reason: 'format' };
  const times = new Set<string>();
  for (const part of parts) {
    const match = /^(\d{1,2})[:.h](\d{2})$/.exec(part);
    if (!match) return { mode: 'invalid', reason: 'format' };
    const hours = Number(match[1]);
    const minutes = Number(match[2]);
    if (hours > 23 || minutes > 59) return { mode: 'invalid', reason: 'format' };
    times.add(`${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`);
  }
  if (times.size > MAX_DIGEST_TIMES) return { mode: 'invalid', reason: 'too-many' };
  return { mode: 'digest', times: [...times].sort() };
}

/** The first digest time strictly after `after` (epoch ms), for HH:MM times in a zone; a time skipped by a DST jump moves forward. */
export function nextDigestAt(times: readonly string[], zone: string, after: number): number {
  const local = DateTime.fromMillis(after, { zone });
  let best = Number.POSITIVE_INFINITY;
  for (let dayOffset = 0; dayOffset <= 1; dayOffset++) {
    const day = local.plus({ days: dayOffset });
    for (const time of times) {
      const [h, m] = time.split(':').map(Number) as [number, number];
      const at = day.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis();
      if (at > after && at < best) best = at;
    }
  }
  return best;
}

/** Memoises nextDigestAt for one planning run: chats share few schedules, so a wave computes each once. */
export function createNextDigestCache(): (times: string, zone: string, after: number) => number {
  const cache = new Map<string, number>();
  return (times, zone, after) => {
    const key = `${zone}|${times}|${after}`;
    let value = cache.get(key);
    if (value === undefined) {
      value = nextDigestAt(times.split(','), zone, after);
      cache.set(key, value);
    }
    return value;
  };
}
