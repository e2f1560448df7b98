import type { StoredArticle, TopicId } from '../articles/article';
import type { ArticleStore } from '../articles/article-store';
import { isReceiving, type ChatSettings } from '../chats/chat';
import type { ChatStore, LockFence } from '../chats/chat-store';
import { applyFilters } from '../chats/filters';
import { isQuietAt } from '../chats/quiet-hours';
import { messagesFor } from '../i18n';
import { articleItems, formatDelivery, storyRecords, type DeliveryItem, type DeliveryStory } from '../messages/delivery-message';
import { articleTime, sourceCount, storyText, type StoryGroup, type StoryReader } from '../stories/story-service';
import type { SentStory, StoryStore } from '../stories/story-store';
import type { Logger } from '../observability/logger';
import { BadRequestError, ChatForbiddenError, ChatGoneError, ChatMigratedError } from '../telegram/send-errors';
import type { Sender } from '../telegram/sender';
import type { Clock } from '../time/clock';
import type { ChatLock, ChatLockHold } from '../storage/locks';

/** What one delivery to one chat did. */
export type DeliveryOutcome =
  | { status: 'sent'; messages: number; articles: number }
  | { status: 'nothing-new' | 'not-receiving' | 'busy' }
  /** An alert during the chat's quiet hours: held until the window ends (the watermark stays). */
  | { status: 'held' }
  | { status: 'suspended'; reason: string }
  | { status: 'struck'; strikes: number }
  | { status: 'rejected'; error: string };

/** Delivers digests and alerts to chats: each article at most once per chat, across retries and processes. */
export interface DeliveryService {
  /**
   * Sends the chat the articles on its topics first seen after its watermark and up to `upTo`.
   * `owner` identifies the job (a retry of the same job may resume a delivery it started).
   */
  deliver(chatId: number, kind: 'digest' | 'alert', upTo: number, owner: string): Promise<DeliveryOutcome>;
  /**
   * Delivers to every chat of a batch, a few chats at a time. Chats another job is delivering to come back as `busy`,
   * chats whose delivery failed as `failed`: the caller retries those later (delivered chats are no-ops on retry).
   */
  deliverBatch(batch: { kind: 'digest' | 'alert'; upTo: number; chatIds: readonly number[] }, owner: string): Promise<BatchOutcome>;
}

/** What delivering one batch did: counts by outcome, and the chats to try again. */
export interface BatchOutcome {
  outcomes: Partial<Record<DeliveryOutcome['status'], number>>;
  busy: number[];
  failed: number[];
}

/** The first digest looks back at most this far. */
export const FIRST_DIGEST_LOOKBACK_MS = 24 * 3_600_000;

/** By default a digest or alert never carries an article published (or first seen) longer ago than this. */
export const DEFAULT_MAX_AGE_MS = 48 * 3_600_000;

/** At most this many articles per topic are read for one delivery; the rest are counted in its "and N more" line. */
export const COLLECT_CAP_PER_TOPIC = 500;

/** After this many unexplained 403 replies in a row a chat is suspended. */
export const MAX_STRIKES = 3;

/**
 * Reads shared by the chats of one batch: the store's clock (read once: a window ending before it stays complete for
 * every later read), the articles of each (topics, watermark, end) window, and the stories of each list of new
 * articles (an alert's chats all get the same one), read with the age limit of the first chat that asked.
 */
interface BatchReads {
  storeNow?: Promise<number>;
  /** Per topics and end: the widest window read so far (the earliest start), which narrower ones are cut from. */
  windows: Map<string, { from: number; reading: Promise<Window> }>;
  groups: Map<string, { minTime: number; reading: Promise<StoryGroup[]> }>;
  /** The stories of the batch's latest composed message: the next chats' records of them are read with their lock. */
  storyIds?: readonly string[];
}

const newBatchReads = (): BatchReads => ({ windows: new Map(), groups: new Map() });

/** A chat's records of some stories, read ahead: which stories were asked about, and those it was sent. */
interface KnownSent {
  ids: ReadonlySet<string>;
  sent: Map<string, SentStory>;
}

/** The articles on some topics first seen in a window, and per topic how many the collection cap left unread. */
interface Window {
  found: StoredArticle[];
  unread: Partial<Record<TopicId, number>>;
  /** Some topic reached the cap: the list is not every article of the window, so no narrower window is cut from it. */
  capped: boolean;
}

/** Creates the delivery service. */
export function createDeliveryService(deps: {
  chats: ChatStore;
  articles: ArticleStore;
  sender: Sender;
  lock: ChatLock;
  clock: Clock;
  /** The store's clock (Redis TIME): articles are stamped with it, so windows must end before it. */
  storeNow: () => Promise<number>;
  logger: Logger;
  /** Chats delivered in parallel inside one batch. */
  chatConcurrency?: number;
  /** Which story each article belongs to, and which stories each chat was sent. */
  stories: StoryStore;
  storyReader: StoryReader;
  /** Articles older than this are never delivered (DIGEST_MAX_AGE_HOURS). */
  maxAgeMs?: number;
}): DeliveryService {
  const { chats, articles, sender, lock, clock, logger, stories, storyReader } = deps;
  const maxAgeMs = deps.maxAgeMs ?? DEFAULT_MAX_AGE_MS;

  /**
   * The messages for a chat's new articles: their stories (members within the age limit), minus those the chat's
   * filters drop; a story sent before comes back only as an update line in a digest when it gained sources.
   */
  async function compose(
    chat: ChatSettings,
    kind: 'digest' | 'alert',
    fresh: readonly StoredArticle[],
    releasing: boolean,
    now: number,
    unread: Partial<Record<TopicId, number>>,
    shared: BatchReads,
    known: KnownSent | undefined,
  ) {
    if (fresh.length === 0) return [];
    const groups = await groupsOf(fresh, now - maxAgeMs, shared);
    const ids = groups.map((g) => g.id);
    shared.storyIds = ids;
    const before = await sentBefore(chat.id, ids, known);
    const freshIds = new Set(fresh.map((a) => a.id));
    const entries: DeliveryStory[] = [];
    for (const group of groups) {
      const verdict = applyFilters(storyText(group), chat.filters);
      if (!verdict.pass) continue;
      const articleIds = group.articles.filter((a) => freshIds.has(a.id)).map((a) => a.id);
      const sources = sourceCount(group);
      const sent = before.get(group.id);
      if (!sent) entries.push({ group, articleIds, sources, matched: verdict.matched });
      else if (sources > sent.sources) entries.push({ group, articleIds, sources, added: sources - sent.sources });
    }
    const messages = messagesFor(chat.language);
    return formatDelivery(releasing ? 'alert' : kind, entries, chat.topics, messages, now, releasing ? { title: messages.quietReleaseTitle, unread } : { unread });
  }

  /** The stories of the new articles with members from `minTime` on, read once per batch for the same articles. */
  async function groupsOf(fresh: readonly StoredArticle[], minTime: number, shared: BatchReads): Promise<StoryGroup[]> {
    const key = fresh.map((a) => a.id).join(',');
    let cached = shared.groups.get(key);
    // NOTE: read with a lower bound that is not above this chat's (time moves on): filtering again is then exact.
    if (!cached || cached.minTime > minTime) {
      const reading = storyReader.group(fresh, { minTime });
      const entry = { minTime, reading };
      shared.groups.set(key, entry);
      reading.catch(() => shared.groups.get(key) === entry && shared.groups.delete(key));
      cached = entry;
    }
    const groups = await cached.reading;
    if (cached.minTime === minTime) return groups;
    return groups.map((g) => ({ ...g, articles: g.articles.filter((a) => articleTime(a) >= minTime) })).filter((g) => g.articles.length > 0);
  }

  /** What the chat was sent of these stories: from the records read with its lock where they cover them, else read now. */
  async function sentBefore(chatId: number, ids: readonly string[], known: KnownSent | undefined): Promise<Map<string, SentStory>> {
    if (!known) return stories.sentTo(chatId, ids);
    const missing = ids.filter((id) => !known.ids.has(id));
    if (missing.length === 0) return known.sent;
    const more = await stories.sentTo(chatId, missing);
    return new Map([...known.sent, ...more]);
  }

  /**
   * Records what one sent message carried: its articles for this delivery (fenced by the chat lock), its stories for
   * good. False, and nothing recorded, when the lock was lost.
   */
  async function recordSent(chatId: number, items: readonly DeliveryItem[], fence: LockFence): Promise<boolean> {
    if (!(await chats.markSent(chatId, articleItems(items), fence))) return false;
    await stories.markSentTo(chatId, storyRecords(items), clock.now());
    return true;
  }

  /** The articles on the topics in the window (at most the cap per topic), and per topic how many were left unread. */
  async function collect(topics: readonly TopicId[], from: number, to: number): Promise<Window> {
    const byId = new Map<string, StoredArticle>();
    const unread: Partial<Record<TopicId, number>> = {};
    let capped = false;
    for (const topic of topics) {
      const found = await articles.firstSeenBetween(topic, from, to, COLLECT_CAP_PER_TOPIC);
      for (const article of found) byId.set(article.id, article);
      if (found.length >= COLLECT_CAP_PER_TOPIC) {
        capped = true;
        unread[topic] = Math.max(0, (await articles.countSeenBetween(topic, from, to)) - found.length);
      }
    }
    return { found: [...byId.values()], unread, capped };
  }

  /**
   * The window (from, upTo] of the topics, read once per batch: chats with the same topics whose watermarks differ
   * (each chat's own last delivery or subscription) are cut from the widest window read, unless that one was capped.
   */
  async function windowOf(topics: readonly TopicId[], from: number, upTo: number, shared: BatchReads): Promise<Window> {
    const key = `${topics.join(',')}|${upTo}`;
    const widest = shared.windows.get(key);
    if (widest && widest.from <= from) {
      const read = await widest.reading;
      if (widest.from === from) return read;
      if (!read.capped) return { found: read.found.filter((a) => a.firstSeenAt > from), unread: {}, capped: false };
    }
    const reading = collect(topics, from, upTo);
    if (!widest || from < widest.from) {
      const entry = { from, reading };
      shared.windows.set(key, entry);
      reading.catch(() => shared.windows.get(key) === entry && shared.windows.delete(key));
    }
    return reading;
  }

  /** A delivery under way: the chat as read under its lock, what it was already sent, and the lock being kept. */
  interface Opened {
    chat: ChatSettings | undefined;
    sent: Set<string>;
    /** The chat's records of the stories the batch sent last, read with the lock. */
    known?: KnownSent;
    hold: ChatLockHold;
    /** Set once the last write let the lock go with it (nothing left to release). */
    released: boolean;
  }

  async function run(chatId: number, kind: 'digest' | 'alert', plannedUpTo: number, fence: LockFence, opened: Opened, shared: BatchReads): Promise<DeliveryOutcome> {
    const { chat, sent, hold } = opened;
    // A digest job for an instant chat with quiet hours is the end of its quiet window: the held alerts go out as one message.
    const releasing = kind === 'digest' && chat?.mode === 'instant' && chat.quiet !== undefined;
    if (!chat || !isReceiving(chat) || (chat.mode !== (kind === 'digest' ? 'digest' : 'instant') && !releasing)) return { status: 'not-receiving' };
    if (kind === 'alert' && isQuietAt(chat.quiet, chat.zone, clock.now())) return { status: 'held' };
    // NOTE: an article stamped at store time t is visible to any read after t; reading up to now−1 never skips a late writer.
    if (!shared.storeNow) {
      const reading = deps.storeNow();
      shared.storeNow = reading;
      reading.catch(() => shared.storeNow === reading && delete shared.storeNow);
    }
    const upTo = Math.min(plannedUpTo, (await shared.storeNow) - 1);
    const from = chat.watermark ?? upTo - FIRST_DIGEST_LOOKBACK_MS;
    if (upTo <= from) return { status: 'nothing-new' };
    const now = clock.now();
    const { found, unread } = await windowOf(chat.topics, from, upTo, shared);
    const fresh = found.filter((article) => !sent.has(article.id) && articleTime(article) >= now - maxAgeMs);
    const parts = await compose(chat, kind, fresh, releasing, now, unread, shared, opened.known);
    let target = chatId;
    // NOTE: a holder whose lock was lost (renewal failed, or it expired) stops: another job may be delivering now.
    const lost = (): DeliveryOutcome => {
      logger.warn({ chatId, owner: fence.owner }, 'chat lock lost during delivery; stopped, a retry resumes it');
      return { status: 'busy' };
    };
    // NOTE: the last message's record is the watermark itself: moving it past these articles (fenced, dropping the
    // delivery's sent set) records them in one write, where marking them sent first would be undone at once. That
    // write lets the lock go too, so its stories are recorded before it: a delivery that takes the lock next sees them.
    const finish = async (items?: readonly DeliveryItem[]) => {
      const alsoWrite = items ? stories.sentWrite(target, storyRecords(items), clock.now()) : undefined;
      if (!(await chats.advanceWatermark(target, upTo, fence, { release: true, ...(alsoWrite ? { alsoWrite } : {}) }))) return false;
      opened.released = true;
      return true;
    };
    for (const [i, part] of parts.entries()) {
      const record = i === parts.length - 1 ? () => finish(part.items) : () => recordSent(target, part.items, fence);
      if (hold.lost) return lost();
      try {
        await sender.send(target, part.html);
      } catch (error) {
        if (error instanceof ChatMigratedError) {
          await chats.migrate(target, error.toChatId, clock.now());
          logger.info({ chatId: target, to: error.toChatId }, 'group migrated to a supergroup; subscriptions moved');
          target = error.toChatId;
          await sender.send(target, part.html);
        } else if (error instanceof ChatGoneError) {
          await chats.update(target, (c) => ({ ...c, status: 'suspended' }), clock.now());
          logger.info({ chatId: target, reason: error.reason }, 'chat gone; subscriptions suspended');
          return { status: 'suspended', reason: error.reason };
        } else if (error instanceof ChatForbiddenError) {
          const strikes = await chats.strike(target);
          if (strikes >= MAX_STRIKES) await chats.update(target, (c) => ({ ...c, status: 'suspended' }), clock.now());
          logger.warn({ chatId: target, strikes }, 'unexplained 403');
          return { status: 'struck', strikes };
        } else if (error instanceof BadRequestError) {
          // A message Telegram refuses would be refused again: record it as handled and tell the operator.
          logger.error({ chatId: target, err: error }, 'delivery message refused by Telegram');
          if (!(await record())) return lost();
          continue;
        } else {
          throw error;
        }
      }
      if (!(await record())) return lost();
    }
    if (parts.length === 0 && !(await finish())) return lost();
    return parts.length === 0 ? { status: 'nothing-new' } : { status: 'sent', messages: parts.length, articles: fresh.length };
  }

  async function deliver(chatId: number, kind: 'digest' | 'alert', upTo: number, owner: string, shared: BatchReads = newBatchReads()): Promise<DeliveryOutcome> {
    // NOTE: one call takes the lock and reads the chat under it; the last write of the delivery lets it go.
    const fence: LockFence = { chat: chatId, owner };
    // NOTE: the chats of a batch mostly get the same stories, so the records of the last ones composed are read with
    // the lock (the delivery holding the lock is what writes them); compose reads any others it needs.
    const ids = shared.storyIds;
    const read = await chats.openDelivery(fence, lock.ttlMs, ids ? stories.sentRead(chatId, ids) : undefined);
    if (!read) return { status: 'busy' };
    const opened: Opened = { chat: read.chat, sent: read.sent, hold: lock.keep(chatId, owner), released: false };
    if (ids && read.also) opened.known = { ids: new Set(ids), sent: stories.sentFrom(ids, read.also) };
    try {
      return await run(chatId, kind, upTo, fence, opened, shared);
    } finally {
      if (opened.released) opened.hold.forget();
      else await opened.hold.release();
    }
  }

  return {
    deliver: (chatId, kind, upTo, owner) => deliver(chatId, kind, upTo, owner),
    async deliverBatch({ kind, upTo, chatIds }, owner) {
      const result: BatchOutcome = { outcomes: {}, busy: [], failed: [] };
      const shared: BatchReads = newBatchReads();
      let next = 0;
      const lane = async () => {
        while (next < chatIds.length) {
          const chatId = chatIds[next++]!;
          try {
            const outcome = await deliver(chatId, kind, upTo, owner, shared);
            if (outcome.status === 'busy') result.busy.push(chatId);
            else result.outcomes[outcome.status] = (result.outcomes[outcome.status] ?? 0) + 1;
          } catch (error) {
            logger.warn({ err: error, chatId, owner }, 'delivery to chat failed; the batch will retry it');
            result.failed.push(chatId);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(deps.chatConcurrency ?? 3, chatIds.length) }, lane));
      return result;
    },
  };
}
