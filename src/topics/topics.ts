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

/** Resolves a list of typed topics; the first unknown word is reported so the reply can name it. */
export function resolveTopics(words: readonly string[]): { ok: true; topics: TopicId[] } | { ok: false; input: string } {
  const topics: TopicId[] = [];
  for (const word of words) {
    const topic = resolveTopic(word);
    if (!topic) return { ok: false, input: word };
    if (!topics.includes(topic)) topics.push(topic);
  }
  return { ok: true, topics };
}
