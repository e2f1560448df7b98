import type { AdminService } from '../admin/admin-service';
import type { ArticleStore } from '../articles/article-store';
import type { ChatService } from '../chats/chat-service';
import type { LatestReplies } from '../messages/latest-replies';
import type { Logger } from '../observability/logger';
import type { LatestStories, StoryReader } from '../stories/story-service';
import type { Sender } from '../telegram/sender';
import type { Clock } from '../time/clock';
import type { Permissions } from './permissions';

/** What the Telegram handlers may use from the core. */
export interface BotServices {
  articles: ArticleStore;
  chats: ChatService;
  permissions: Permissions;
  sender: Sender;
  clock: Clock;
  logger: Logger;
  admin: AdminService;
  /** Groups articles into their stories for /latest and /search. */
  storyReader: StoryReader;
  /** The newest stories, read once a second however many people ask (/latest). */
  latestStories: LatestStories;
  /** The /latest replies, rendered once per language and second however many people ask. */
  latestReplies: LatestReplies;
  /** Per-update timings (metrics); absent in tests that do not need them. */
  botEvents?: BotEvents;
}

/** What the bot reports about the handling of each update (metrics, benches). */
export interface BotEvents {
  /**
   * The first reply to an update was handed to the sender `ms` after the update queue received the update (from the
   * poller or the webhook); the rate limiter's wait and the Bot API call come after and are not included.
   */
  replyStarted?(ms: number): void;
}
