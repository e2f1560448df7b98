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
  badCount(max: number): string;
  readonly privateHint: string;
  readonly somethingWentWrong: string;
  timeAgo(ms: number): string;
}

/** The commands the bot registers and documents, in /help order. */
export const COMMAND_NAMES = ['start', 'latest', 'topics', 'help'] as const;

/** A command the bot documents. */
export type CommandName = (typeof COMMAND_NAMES)[number];

/** The languages the bot speaks. */
export const LANGUAGE_CODES = ['en', 'id', 'ru', 'kk', 'zh'] as const;

/** A language the bot speaks. */
export type LanguageCode = (typeof LANGUAGE_CODES)[number];
