import { hash } from 'node:crypto';
import type { Article } from '../articles/article';
import { titleFingerprint } from '../articles/article-store';
import { conflicts, similarity } from './similarity';
import { createSignatureExtractor, type EventSignature, type SignatureExtractor } from './signature';

/** The default time window: an article joins a story only if the story had news within this long of it. */
export const DEFAULT_WINDOW_MS = 40 * 3_600_000;
/** The default similarity an article needs with some member of a story to join it. */
export const DEFAULT_THRESHOLD = 0.5;

/** How many candidate stories one article is compared with at most. */
const MAX_CANDIDATES = 24;

/**
 * How many stories one index key yields at most: the ones with the latest news under it (as in the Redis story store).
 * A common key ("added", "2") would otherwise make every article compare itself with hundreds of stories.
 */
const PER_KEY = 40;

/** How many of a story's latest members (besides its first) an article is scored against. */
const SCORED_MEMBERS = 8;

/** A group of articles that report one event. */
export interface Story {
  /** Deterministic: derived from the first article's guid or URL and title. */
  id: string;
  articles: Article[];
  /** Earliest and latest article time (publication time, else the time it was added). */
  firstAt: number;
  lastAt: number;
}

/** What adding one article did. */
export interface AddResult {
  storyId: string;
  isNew: boolean;
  /** True when the article repeats a member's title (e.g. a Google News copy of a publisher's item). */
  duplicate: boolean;
}

/** Groups articles into stories as they arrive. */
export interface StoryClusterer {
  /** Adds one article; `seenAt` stands in for its time when it has no publication time. */
  add(article: Article, seenAt?: number): AddResult;
  /** Every story, oldest first. */
  stories(): Story[];
}

/** Options of {@link createStoryClusterer}. */
export interface StoryClustererOptions {
  windowMs?: number;
  threshold?: number;
  extractor?: SignatureExtractor;
}

interface Member {
  article: Article;
  at: number;
  signature: EventSignature;
  titleKey: string;
}

interface StoryState extends Story {
  members: Member[];
  keys: string[];
}

/** The text an event signature is read from: the title and the lead (description, else the body's start). */
export function leadOf(article: Article): string {
  const lead = article.description || (article.content ?? '').slice(0, 600);
  return `${article.title}\n${lead.slice(0, 600)}`;
}

/** Index keys of a signature: the title, strong entities, stated figures and (for sparse signatures) content keywords. */
export function keysOf(signature: EventSignature, titleKey: string): string[] {
  const keys = [`t:${titleKey}`];
  for (const [id, kind] of signature.entities) if (kind !== 'country' && kind !== 'concept') keys.push(`e:${id}`);
  for (const n of signature.numbers) {
    if (n.unit === 'money' || n.unit === 'count') keys.push(`n:amount:${n.value}`);
    else if (n.unit !== 'month') keys.push(`n:${n.unit}:${n.value}`);
  }
  // NOTE: keywords are common, so looking candidates up by them is costly; they are index keys only for articles
  // with too few entities and figures to be found otherwise (the comparison still reads every keyword).
  if (keys.length < 3) for (const k of signature.keywords) keys.push(`k:${k}`);
  return keys;
}

/**
 * Creates an incremental story clusterer: each article is compared only with the stories that share an index key
 * with it (an entity, a figure or a keyword) and had news within the window, and joins the best one whose closest
 * member scores at least the threshold and none of whose members conflicts with it; otherwise it starts a story.
 */
export function createStoryClusterer(options: StoryClustererOptions = {}): StoryClusterer {
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const extractor = options.extractor ?? createSignatureExtractor();
  const all: StoryState[] = [];
  const byId = new Map<string, StoryState>();
  const index = new Map<string, Set<string>>();
  let newest = Number.NEGATIVE_INFINITY;
  let sincePrune = 0;

  function prune(): void {
    const cutoff = newest - 2 * windowMs;
    for (const [key, ids] of index) {
      for (const id of ids) if ((byId.get(id)?.lastAt ?? cutoff) < cutoff) ids.delete(id);
      if (ids.size === 0) index.delete(key);
    }
  }

  return {
    add(article, seenAt) {
      const at = article.publishedAt ?? seenAt ?? (Number.isFinite(newest) ? newest : 0);
      newest = Math.max(newest, at);
      const titleKey = titleFingerprint(article.title);
      const signature = extractor.extract(leadOf(article));
      const member: Member = { article, at, signature, titleKey };
      const keys = keysOf(signature, titleKey);

      // Candidates: stories sharing an index key, those sharing the most keys first, at most MAX_CANDIDATES.
      const shared = new Map<string, number>();
      for (const key of keys) for (const id of index.get(key) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
      const candidates =
        shared.size <= MAX_CANDIDATES
          ? [...shared.keys()]
          : [...shared].sort((a, b) => b[1] - a[1]).slice(0, MAX_CANDIDATES).map(([id]) => id);
      let best: StoryState | undefined;
      let bestScore = threshold;
      let duplicate = false;
      for (const id of candidates) {
        const story = byId.get(id)!;
        if (at < story.firstAt - windowMs || at > story.lastAt + windowMs) continue;
        if (titleKey !== '' && story.members.some((m) => m.titleKey === titleKey)) {
          best = story;
          duplicate = true;
          break;
        }
        // Any member in conflict rules the story out; the score is the closest of the first and latest members.
        if (story.members.some((other) => conflicts(signature, other.signature))) continue;
        const members = story.members;
        let top = similarity(signature, members[0]!.signature);
        for (let m = Math.max(1, members.length - SCORED_MEMBERS); m < members.length; m++) top = Math.max(top, similarity(signature, members[m]!.signature));
        if (top >= bestScore) {
          best = story;
          bestScore = top;
        }
      }

      let story = best;
      const isNew = story === undefined;
      if (!story) {
        const seed = `${article.guid ?? article.url}\n${article.title}`;
        let id = `st-${hash('sha1', seed).slice(0, 12)}`;
        while (byId.has(id)) id = `st-${hash('sha1', `${id}+`).slice(0, 12)}`;
        story = { id, articles: [], members: [], keys: [], firstAt: at, lastAt: at };
        all.push(story);
        byId.set(id, story);
      }
      story.members.push(member);
      story.articles.push(article);
      story.firstAt = Math.min(story.firstAt, at);
      story.lastAt = Math.max(story.lastAt, at);
      for (const key of keys) {
        let ids = index.get(key);
        if (!ids) index.set(key, (ids = new Set()));
        // NOTE: a Set iterates in insertion order: re-inserting keeps it ordered by latest news, oldest first.
        ids.delete(story.id);
        ids.add(story.id);
        if (ids.size > PER_KEY) ids.delete(ids.values().next().value!);
      }
      if (++sincePrune >= 512) {
        sincePrune = 0;
        prune();
      }
      return { storyId: story.id, isNew, duplicate };
    },

    stories() {
      return all.map(({ id, articles, firstAt, lastAt }) => ({ id, articles: [...articles], firstAt, lastAt }));
    },
  };
}
