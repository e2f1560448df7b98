import { createHash } from 'node:crypto';
import { TOPIC_IDS, type TopicId } from '../articles/article';
import type { ArticleStore } from '../articles/article-store';
import type { DeliveryBatch } from '../jobs-contract';
import type { ChatStore } from '../chats/chat-store';
import { createNextDigestCache } from '../schedule/digest-times';
import type { AlertPlanStore } from './alert-plan-store';


/** Adds delivery batches as jobs (the worker side implements it with BullMQ's addBulk). */
export type EnqueueBatches = (batches: DeliveryBatch[]) => Promise<void>;

/** Chats per delivery job. */
export const CHATS_PER_BATCH = 100;

function batchId(kind: string, upTo: number, chatIds: readonly number[]): string {
  const digest = createHash('sha1').update(chatIds.join(',')).digest('hex').slice(0, 16);
  return `${kind}-${upTo}-${digest}`;
}

/** Cuts chat ids into delivery batches. */
export function toBatches(kind: 'digest' | 'alert', upTo: number, chatIds: readonly number[], size = CHATS_PER_BATCH): DeliveryBatch[] {
  const batches: DeliveryBatch[] = [];
  for (let i = 0; i < chatIds.length; i += size) {
    const slice = chatIds.slice(i, i + size);
    batches.push({ id: batchId(kind, upTo, slice), kind, upTo, chatIds: slice });
  }
  return batches;
}

/**
 * Plans every digest due at `now`: reads the schedule in pages, enqueues the chats in batches, then moves each chat
 * to its next digest time. Enqueue comes first, so a crash re-plans rather than loses; per-chat watermarks make a
 * re-planned batch send nothing twice.
 */
export async function planDueDigests(
  deps: { chats: ChatStore; enqueue: EnqueueBatches },
  now: number,
  pageSize = 10_000,
): Promise<{ chats: number; batches: number }> {
  const next = createNextDigestCache();
  let chats = 0;
  let batches = 0;
  for (;;) {
    const due = await deps.chats.dueDigests(now, pageSize);
    if (due.length === 0) break;
    const planned = toBatches('digest', now, due.map((entry) => entry.chatId));
    await deps.enqueue(planned);
    await deps.chats.reschedule(due.map((entry) => ({ member: entry.member, at: next(entry.times, entry.zone, now) })));
    chats += due.length;
    batches += planned.length;
    if (due.length < pageSize) break;
  }
  return { chats, batches };
}

/**
 * Plans instant alerts for the articles first seen since the last plan: every instant chat on a topic that has
 * something new gets one delivery (which sends one message with all its new articles).
 */
export async function planAlerts(
  deps: { plans: AlertPlanStore; chats: ChatStore; articles: ArticleStore; enqueue: EnqueueBatches },
  maxLookbackMs = 24 * 3_600_000,
): Promise<{ chats: number; batches: number; topics: TopicId[] }> {
  const upTo = (await deps.articles.now()) - 1;
  const stored = await deps.plans.watermark();
  const from = Math.max(stored ?? upTo - maxLookbackMs, upTo - maxLookbackMs);
  const topics: TopicId[] = [];
  for (const topic of TOPIC_IDS) {
    if ((await deps.articles.firstSeenBetween(topic, from, upTo, 1)).length > 0) topics.push(topic);
  }
  const chatIds = new Set<number>();
  for (const topic of topics) {
    for await (const page of deps.chats.instantSubscribers(topic)) for (const id of page) chatIds.add(id);
  }
  const planned = toBatches('alert', upTo, [...chatIds]);
  if (planned.length > 0) await deps.enqueue(planned);
  await deps.plans.setWatermark(upTo);
  return { chats: chatIds.size, batches: planned.length, topics };
}
