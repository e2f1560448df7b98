import type { TopicId } from '../articles/article';
import type { LanguageCode } from '../i18n';
import type { ChatFilters } from './filters';
import type { QuietHours } from './quiet-hours';

/** How a chat receives news: digests at set times, instant alerts, or nothing for now. */
export type DeliveryMode = 'digest' | 'instant' | 'off';

/** A Telegram chat's kind. */
export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

/** Everything Silkwire keeps about one chat: its subscriptions, schedule, language and health. */
export interface ChatSettings {
  id: number;
  type: ChatType;
  topics: TopicId[];
  mode: DeliveryMode;
  /** Digest times as HH:MM in the chat's zone, sorted. */
  times: string[];
  zone: string;
  language: LanguageCode;
  /** Suspended chats receive nothing (blocked the bot, deactivated, kicked it, or gone). */
  status: 'active' | 'suspended';
  /** 403 replies in a row that did not name a known reason. */
  strikes: number;
  /** Articles first seen up to this time have been delivered (or deliberately skipped) for this chat. */
  watermark?: number;
  createdAt: number;
  /** Keyword filters applied to digests and alerts. */
  filters?: ChatFilters;
  /** Instant alerts in this window (chat's zone) are held and sent together when it ends. */
  quiet?: QuietHours;
}

/** True when the chat should receive deliveries of some kind. */
export function isReceiving(chat: ChatSettings): boolean {
  return chat.status === 'active' && chat.mode !== 'off' && chat.topics.length > 0;
}
