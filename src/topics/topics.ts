import { TOPIC_IDS, type TopicId } from '../articles/article';

/** Words people may type for each topic, in the five source languages (lower case). */
export const TOPIC_ALIASES: Readonly<Record<TopicId, readonly string[]>> = Object.freeze({
  kazakhstan: [
    'kazakhstan', 'kz', 'kaz', 'qazaqstan', 'kazakstan', 'kazakh', 'kazakhstán',
    'казахстан', 'қазақстан', 'казакстан', 'рк',
    '哈萨克斯坦', '哈薩克斯坦', '哈萨克', '哈国',
  ],
  china: [
    'china', 'cn', 'prc', 'chinese', 'tiongkok', 'cina', 'tionghoa',
    'китай', 'кнр', 'қытай', 'қхр',
    '中国', '中國', '中华', 'zhongguo',
  ],
});

/** Resolves what a person typed (any alias, any case) to a topic id, or undefined when it names no topic. */
export function resolveTopic(input: string): TopicId | undefined {
  const word = input.trim().toLowerCase().replace(/^#/, '');
  if (word === '') return undefined;
  return TOPIC_IDS.find((topic) => TOPIC_ALIASES[topic].includes(word));
}

/** Words that mean "every topic" in the five languages (lower case). */
export const ALL_TOPICS_WORDS: readonly string[] = Object.freeze(['all', 'все', 'semua', 'барлығы', '全部']);

/** The outcome of resolving typed topics: the topics, or the first word that names none and the valid words. */
export type ResolvedTopics<All = never> = { ok: true; topics: TopicId[] | All } | { ok: false; input: string; valid: string };

/**
 * Resolves a list of typed topics (any alias, any case, duplicates dropped); the first unknown word is reported so the
 * reply can name it. With `allowAll`, a word for "all" (in any of the five languages) stands for every topic.
 */
export function resolveTopics(words: readonly string[], options: { allowAll: true }): ResolvedTopics<'all'>;
export function resolveTopics(words: readonly string[], options?: { allowAll?: false }): ResolvedTopics;
export function resolveTopics(words: readonly string[], options: { allowAll?: boolean } = {}): ResolvedTopics<'all'> {
  const valid = [...TOPIC_IDS, ...(options.allowAll ? ['all'] : [])].join(', ');
  const topics: TopicId[] = [];
  let all = false;
  for (const word of words) {
    if (options.allowAll && ALL_TOPICS_WORDS.includes(word.trim().toLowerCase())) {
      all = true;
      continue;
    }
    const topic = resolveTopic(word);
    if (!topic) return { ok: false, input: word, valid };
    if (!topics.includes(topic)) topics.push(topic);
  }
  return { ok: true, topics: all ? 'all' : topics };
}

/** Splits requested topics into those a chat's topics include and those they do not, each in the usual topic order. */
export function splitByMembership(requested: readonly TopicId[], topics: readonly TopicId[]): { inside: TopicId[]; outside: TopicId[] } {
  const asked = TOPIC_IDS.filter((topic) => requested.includes(topic));
  return { inside: asked.filter((topic) => topics.includes(topic)), outside: asked.filter((topic) => !topics.includes(topic)) };
}
