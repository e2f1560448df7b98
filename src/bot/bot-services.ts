import type { ArticleStore } from '../articles/article-store';
import type { Logger } from '../observability/logger';
import type { Sender } from '../telegram/sender';
import type { Clock } from '../time/clock';

/** What the Telegram handlers may use from the core. */
export interface BotServices {
  articles: ArticleStore;
  sender: Sender;
  clock: Clock;
  logger: Logger;
}
