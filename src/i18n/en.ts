import type { Messages } from './messages';
import { ageParts } from './time-ago';

/** English texts (also the fallback for languages the bot does not speak). */
export const en: Messages = {
  code: 'en',
  languageName: 'English',
  topicName: { kazakhstan: 'Kazakhstan', china: 'China' },
  topicDescription: {
    kazakhstan: 'politics, economy and society of Kazakhstan (aliases: kz, qazaqstan, казахстан, қазақстан, 哈萨克斯坦)',
    china: 'China and its relations with the world (aliases: cn, prc, tiongkok, cina, китай, қытай, 中国)',
  },
  commands: {
    start: 'What Silkwire does',
    latest: 'Newest articles: /latest [topic] [n]',
    topics: 'The topics Silkwire follows',
    help: 'Every command, one line each',
  },
  welcome: (name) =>
    `${name ? `Hello, ${name}! ` : ''}I am <b>Silkwire</b>. I read news outlets in English, Russian, Kazakh, Chinese and Indonesian and brief you on <b>Kazakhstan</b> and <b>China</b>.\n\n` +
    '/latest – the newest articles (e.g. <code>/latest kazakhstan 10</code>)\n/topics – the topics I follow\n/help – every command',
  helpTitle: '<b>Commands</b>',
  topicsTitle: '<b>Topics</b>',
  latestTitleAll: '<b>Latest on Kazakhstan and China</b>',
  latestTitle: (topic) => `<b>Latest on ${topic}</b>`,
  noArticles: (topic) =>
    `No articles${topic ? ` on ${topic}` : ''} yet. Sources are checked regularly; please try again in a few minutes.`,
  unknownTopic: (input, valid) => `I don't know the topic “${input}”. Valid topics: ${valid}.\nExample: <code>/latest china 10</code>`,
  badCount: (max) => `The number of articles must be a whole number from 1 to ${max}.\nExample: <code>/latest kazakhstan 5</code>`,
  privateHint: 'I answer commands. Send /help to see them.',
  somethingWentWrong: 'Something went wrong on my side. Please try again in a minute.',
  timeAgo: (ms) => {
    const { unit, n } = ageParts(ms);
    switch (unit) {
      case 'now':
        return 'just now';
      case 'minute':
        return `${n} min ago`;
      case 'hour':
        return `${n} h ago`;
      default:
        return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
    }
  },
};
