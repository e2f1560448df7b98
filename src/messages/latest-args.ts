import { TOPIC_IDS, type TopicId } from '../articles/article';
import type { Messages } from '../i18n';
import { resolveTopic } from '../topics/topics';
import { echo } from './html';

/** Default and maximum number of articles /latest shows. */
export const LATEST_DEFAULT = 5;
export const LATEST_MAX = 20;

/** The outcome of reading /latest's arguments: what to show, or why the input is wrong. */
export type LatestArgs =
  | { ok: true; topic: TopicId | undefined; count: number }
  | { ok: false; reason: 'unknown-topic'; input: string; valid: string }
  | { ok: false; reason: 'bad-count' };

/** Parses "/latest [topic] [n]" arguments (either order) into a topic and a count. */
export function parseLatestArgs(args: readonly string[]): LatestArgs {
  let topic: TopicId | undefined;
  let count = LATEST_DEFAULT;
  let seenTopic = false;
  let seenCount = false;
  for (const arg of args) {
    if (/^[+-]?\d+([.,]\d+)?$/.test(arg) && !seenCount) {
      const n = Number(arg.replace(',', '.'));
      if (!Number.isInteger(n) || n < 1 || n > LATEST_MAX) return { ok: false, reason: 'bad-count' };
      count = n;
      seenCount = true;
      continue;
    }
    const resolved = seenTopic ? undefined : resolveTopic(arg);
    if (!resolved) {
      if (seenTopic && /^\d/.test(arg)) return { ok: false, reason: 'bad-count' };
      return { ok: false, reason: 'unknown-topic', input: arg, valid: TOPIC_IDS.join(', ') };
    }
    topic = resolved;
    seenTopic = true;
  }
  return { ok: true, topic, count };
}

/** The reply to /latest arguments that could not be read. */
export function latestRefusal(args: Extract<LatestArgs, { ok: false }>, messages: Messages): string {
  return args.reason === 'bad-count' ? messages.badCount(LATEST_MAX, TOPIC_IDS.join(', ')) : messages.unknownTopic(echo(args.input), args.valid);
}
