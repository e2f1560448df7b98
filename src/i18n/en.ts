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
    topics: 'The topics, with subscribe buttons',
    subscribe: 'Subscribe this chat: /subscribe [topic…]',
    unsubscribe: 'Unsubscribe: /unsubscribe [topic…|all]',
    subscriptions: "This chat's topics, schedule, time zone and language",
    digest: 'Digest times, instant alerts or pause: /digest 08:00,18:30 | instant | off',
    timezone: "The chat's time zone: /timezone Asia/Almaty or UTC+5",
    language: 'Bot language: /language en|id|ru|kk|zh',
    filter: 'Keyword filters: /filter +word -word | clear',
    search: 'Search the stories: /search words',
    quiet: 'Hold alerts at night: /quiet 23:00-07:00 | off',
    help: 'Every command, one line each',
  },
  welcome: (name) =>
    `${name ? `Hello, ${name}! ` : ''}I am <b>Silkwire</b>. I read news outlets in English, Russian, Kazakh, Chinese and Indonesian and brief you on <b>Kazakhstan</b> and <b>China</b>.\n\n` +
    '/latest – the newest articles (e.g. <code>/latest kazakhstan 10</code>)\n/subscribe – get a daily digest or instant alerts\n/topics – the topics I follow\n/help – every command',
  helpTitle: '<b>Commands</b>',
  topicsTitle: '<b>Topics</b>',
  latestTitleAll: '<b>Latest on Kazakhstan and China</b>',
  latestTitle: (topic) => `<b>Latest on ${topic}</b>`,
  noArticles: (topic) =>
    `No articles${topic ? ` on ${topic}` : ''} yet. Sources are checked regularly; please try again in a few minutes.`,
  unknownTopic: (input, valid) => `I don't know the topic “${input}”. Valid topics: ${valid}.\nExample: <code>/latest china 10</code>`,
  badCount: (max, valid) => `The number of articles must be a whole number from 1 to ${max}. Topics: ${valid}.\nExample: <code>/latest kazakhstan 5</code>`,
  privateHint: 'I answer commands. Send /help to see them.',
  unknownCommand: (command) => `I don't know the command ${command}. Send /help to see what I can do.`,
  somethingWentWrong: 'Something went wrong on my side. Please try again in a minute.',
  slowDown: "You're sending commands faster than I can answer. I'll skip some of them: please wait a few seconds before the next one.",
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
  digestTitle: '📰 <b>Your Silkwire digest</b>',
  alertTitle: '🔔 <b>New articles</b>',
  andMore: (n, command) => `…and ${n} more: ${command}`,
  subscribed: (topics, schedule) => `Subscribed to: <b>${topics}</b>.\n${schedule}`,
  unsubscribed: (remaining) => (remaining ? `Done. Still subscribed to: <b>${remaining}</b>.` : 'Done. This chat has no subscriptions now.'),
  alreadySubscribed: (topics) => `This chat is already subscribed to: <b>${topics}</b>.`,
  notSubscribed: (topics) => `This chat was not subscribed to: <b>${topics}</b>.`,
  stillSubscribed: (topics) => `Still subscribed to: <b>${topics}</b>.`,
  noSubscriptions: 'This chat has no subscriptions. Send /subscribe to get news on Kazakhstan or China.',
  chooseSubscribe: 'Which topics should this chat follow?',
  chooseUnsubscribe: 'Which topics should this chat stop following?',
  scheduleDigest: (times, zone) => `Digests come every day at ${times} (${zone}).`,
  scheduleInstant: 'New articles come as instant alerts, soon after they are found.',
  scheduleOff: 'Deliveries are paused. Send /digest 08:00 or /digest instant to resume.',
  subscriptionsSummary: (topics, schedule, zone, language) =>
    `<b>This chat</b>\nTopics: ${topics}${schedule === undefined ? '' : `\nSchedule: ${schedule}`}\nTime zone: ${zone}\nLanguage: ${language}`,
  subscriptionsFilters: (rules) => `Filters: ${rules}`,
  subscriptionsQuiet: (from, to) => `Quiet hours: ${from}–${to}`,
  digestUsage:
    'Send /digest with up to 6 times a day, or instant, or off.\nExamples: <code>/digest 08:00</code>, <code>/digest 08:00,18:30</code>, <code>/digest instant</code>, <code>/digest off</code>',
  digestTooMany: (max) => `At most ${max} digests a day. Example: <code>/digest 08:00,18:30</code>`,
  digestSet: (schedule) => `Saved. ${schedule}`,
  timezoneUsage:
    'Send /timezone with a zone name or an offset from UTC.\nExamples: <code>/timezone Asia/Almaty</code>, <code>/timezone Asia/Jakarta</code>, <code>/timezone Europe/Moscow</code>, <code>/timezone UTC+5</code>, <code>/timezone UTC-3:30</code>',
  timezoneInvalid: (input) => `“${input}” is not a time zone I know.`,
  timezoneSet: (zone, localTime) => `Time zone set to ${zone} (local time now: ${localTime}).`,
  languageUsage: 'Send /language with one of: en (English), id (Bahasa Indonesia), ru (Русский), kk (Қазақша), zh (中文).',
  languageSet: 'From now on I will write to this chat in English.',
  adminsOnly: "Only this group's administrators can change its subscriptions and settings.",
  buttonSubscribe: (topic) => `➕ ${topic}`,
  buttonUnsubscribe: (topic) => `✖️ ${topic}`,
  buttonDone: 'Done',
  callbackStale: 'This button is no longer valid.',
  callbackSaved: 'Saved',
  resumed: 'Welcome back! Deliveries to this chat are on again.',
  none: 'none',
  storyMoreSources: (n) => `+${n}`,
  storyLanguages: (n) => (n === 1 ? '1 language' : `${n} languages`),
  updatesTitle: '<b>Updates</b>',
  storyUpdate: (n) => `update: ${n} more ${n === 1 ? 'source' : 'sources'}`,
  whyLine: (topics, words) => `Why you got this: topic ${topics}${words ? `; your words: ${words}` : ''}`,
  filterUsage:
    'Send /filter with words to keep (+) or drop (−) stories in your digests and alerts.\nExamples: <code>/filter +oil +gas -football</code>, <code>/filter +石油</code>, <code>/filter clear</code>',
  filterShow: (include, exclude) => `<b>Filters of this chat</b>${include ? `\nOnly stories with: ${include}` : ''}${exclude ? `\nNever stories with: ${exclude}` : ''}`,
  filterNone: 'This chat has no filters: digests and alerts carry every story on its topics.',
  filterCleared: 'Filters removed: digests and alerts carry every story on your topics again.',
  filterInvalid: (word) => `“${word}” is not a filter word. Put + (keep) or - (drop) before each word, e.g. <code>/filter +oil -football</code>.`,
  filterTooMany: (max) => `At most ${max} filter words per chat. Send <code>/filter clear</code> to start over.`,
  filterExplain:
    'Filters apply to digests and alerts, not to /latest or /search. With + words, a story must contain one of them; a story with a − word is never sent. Words match whole and in any case; Chinese words match anywhere in the text.',
  searchUsage: 'Send /search with words to look for, in any language. Example: <code>/search wheat exports</code>',
  searchTitle: (query) => `<b>Stories matching “${query}”</b>`,
  searchNone: (query) => `No stored story matches “${query}”. Try fewer or other words.`,
  quietUsage: 'Send /quiet with a time window in the chat\'s time zone, or off.\nExamples: <code>/quiet 23:00-07:00</code>, <code>/quiet off</code>',
  quietSet: (from, to, zone) => `Quiet hours: ${from}–${to} (${zone}). Instant alerts in this window wait and come together, as one message, at ${to}.`,
  quietNone: 'This chat has no quiet hours.',
  quietOff: 'Quiet hours removed: instant alerts come at any time again.',
  quietNotInstant: 'Note: this chat gets digests, not instant alerts; quiet hours apply once you send /digest instant.',
  quietReleaseTitle: '🔔 <b>News from your quiet hours</b>',
};
