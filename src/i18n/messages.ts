import type { TopicId } from '../articles/article';

/** Every text the bot itself writes, in one language; functions take already-escaped HTML-safe arguments unless noted. */
export interface Messages {
  /** Language code of this catalogue. */
  readonly code: LanguageCode;
  /** The language's own name, for /language. */
  readonly languageName: string;
  readonly topicName: Readonly<Record<TopicId, string>>;
  readonly topicDescription: Readonly<Record<TopicId, string>>;
  /** One line per command for /help and setMyCommands (no leading slash in keys). */
  readonly commands: Readonly<Record<CommandName, string>>;
  /** /start: what the bot does; `name` is the person's escaped first name, possibly empty. */
  welcome(name: string): string;
  readonly helpTitle: string;
  readonly topicsTitle: string;
  readonly latestTitleAll: string;
  latestTitle(topic: string): string;
  noArticles(topic: string | undefined): string;
  /** Unknown topic; `input` is escaped by the caller. */
  unknownTopic(input: string, valid: string): string;
  /** A bad /latest count; `valid` lists the topics. */
  badCount(max: number, valid: string): string;
  readonly privateHint: string;
  /** A command the bot does not have; `command` is escaped by the caller and starts with a slash. */
  unknownCommand(command: string): string;
  readonly somethingWentWrong: string;
  /** Said once when a person sends commands faster than the bot answers them; the excess is dropped. */
  readonly slowDown: string;
  timeAgo(ms: number): string;

  // Subscriptions and delivery.
  readonly digestTitle: string;
  readonly alertTitle: string;
  /** "…and N more" under a digest section; `command` is a ready /latest command. */
  andMore(n: number, command: string): string;
  /** Confirmation after /subscribe; `topics` is a ready list, `schedule` a scheduleX text. */
  subscribed(topics: string, schedule: string): string;
  /** Confirmation after /unsubscribe; `remaining` is a ready list or empty when nothing is left. */
  unsubscribed(remaining: string): string;
  /** A line for requested topics the chat already follows; `topics` is a ready list. */
  alreadySubscribed(topics: string): string;
  /** A line for topics the chat was asked to stop following but did not follow; `topics` is a ready list. */
  notSubscribed(topics: string): string;
  /** What the chat still follows after an /unsubscribe that changed nothing; `topics` is a ready list. */
  stillSubscribed(topics: string): string;
  readonly noSubscriptions: string;
  readonly chooseSubscribe: string;
  readonly chooseUnsubscribe: string;
  /** Digest times (ready list like "08:00, 18:30") in a zone. */
  scheduleDigest(times: string, zone: string): string;
  readonly scheduleInstant: string;
  readonly scheduleOff: string;
  /** /subscriptions: topics, schedule (undefined: no schedule line, for a chat that follows nothing), zone and language. */
  subscriptionsSummary(topics: string, schedule: string | undefined, zone: string, language: string): string;
  /** /subscriptions lines for the chat's keyword filters (a ready list like "+oil, -football") … */
  subscriptionsFilters(rules: string): string;
  /** … and its quiet hours (HH:MM in the chat's zone). */
  subscriptionsQuiet(from: string, to: string): string;
  readonly digestUsage: string;
  digestTooMany(max: number): string;
  /** After /digest; `schedule` is a scheduleX text. */
  digestSet(schedule: string): string;
  readonly timezoneUsage: string;
  /** `input` is escaped by the caller. */
  timezoneInvalid(input: string): string;
  timezoneSet(zone: string, localTime: string): string;
  readonly languageUsage: string;
  /** Confirmation in the newly chosen language. */
  readonly languageSet: string;
  readonly adminsOnly: string;
  buttonSubscribe(topic: string): string;
  buttonUnsubscribe(topic: string): string;
  readonly buttonDone: string;
  readonly callbackStale: string;
  readonly callbackSaved: string;
  readonly resumed: string;
  readonly none: string;
  /** Under a story: how many more sources report it than are named, e.g. "+3". */
  storyMoreSources(n: number): string;
  /** Under a story: in how many languages it was reported, e.g. "3 languages". */
  storyLanguages(n: number): string;

  // Stories, filters, search and quiet hours.
  /** Heading of the digest section for stories sent before that have more sources now. */
  readonly updatesTitle: string;
  /** After an updated story's title: "update: N more sources". */
  storyUpdate(n: number): string;
  /** Under an alert's story: why the chat got it; `topics` and `words` are ready lists (`words` may be empty). */
  whyLine(topics: string, words: string): string;
  readonly filterUsage: string;
  /** /filter: the chat's filters; `include` and `exclude` are ready lists, either possibly empty. */
  filterShow(include: string, exclude: string): string;
  readonly filterNone: string;
  readonly filterCleared: string;
  /** A bad /filter word; `word` is escaped by the caller. */
  filterInvalid(word: string): string;
  filterTooMany(max: number): string;
  /** How filters work: whole words, any case, Chinese as substrings; digests and alerts only. */
  readonly filterExplain: string;
  readonly searchUsage: string;
  /** Header of /search results; `query` is escaped by the caller. */
  searchTitle(query: string): string;
  /** No /search result; `query` is escaped by the caller. */
  searchNone(query: string): string;
  readonly quietUsage: string;
  /** The chat's quiet hours, HH:MM in its zone. */
  quietSet(from: string, to: string, zone: string): string;
  readonly quietNone: string;
  readonly quietOff: string;
  /** Added to quietSet when the chat does not get instant alerts. */
  readonly quietNotInstant: string;
  /** Title of the one message that brings the alerts held during quiet hours. */
  readonly quietReleaseTitle: string;
}

/** The commands the bot registers and documents, in /help order. */
export const COMMAND_NAMES = ['start', 'latest', 'topics', 'subscribe', 'unsubscribe', 'subscriptions', 'digest', 'timezone', 'language', 'filter', 'search', 'quiet', 'help'] as const;

/** A command the bot documents. */
export type CommandName = (typeof COMMAND_NAMES)[number];

/** The languages the bot speaks. */
export const LANGUAGE_CODES = ['en', 'id', 'ru', 'kk', 'zh'] as const;

/** A language the bot speaks. */
export type LanguageCode = (typeof LANGUAGE_CODES)[number];
