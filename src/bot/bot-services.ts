import type { AdminService } from '../admin/admin-service';
import type { ArticleStore } from '../articles/article-store';
import type { ChatService } from '../chats/chat-service';
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
}
