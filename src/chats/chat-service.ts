import { TOPIC_IDS, type TopicId } from '../articles/article';
import { pickLanguage, type LanguageCode } from '../i18n';
import { guessTimeZone } from '../schedule/time-zone';
import type { Clock } from '../time/clock';
import type { ChatSettings, ChatType, DeliveryMode } from './chat';
import type { ChatStore } from './chat-store';
import type { ChatFilters } from './filters';
import type { QuietHours } from './quiet-hours';

/** The chat-level operations behind the subscription and settings commands. */
export interface ChatService {
  /** The chat's settings, created with defaults (language and zone guessed from the person's language) if new. */
  ensure(chat: { id: number; type: ChatType }, languageCode: string | undefined): Promise<ChatSettings>;
  subscribe(chatId: number, topics: readonly TopicId[]): Promise<ChatSettings>;
  unsubscribe(chatId: number, topics: readonly TopicId[] | 'all'): Promise<ChatSettings>;
  setSchedule(chatId: number, schedule: { mode: 'digest'; times: string[] } | { mode: 'instant' | 'off' }): Promise<ChatSettings>;
  setZone(chatId: number, zone: string): Promise<ChatSettings>;
  setLanguage(chatId: number, language: LanguageCode): Promise<ChatSettings>;
  /** Replaces the chat's keyword filters (undefined clears them). */
  setFilters(chatId: number, filters: ChatFilters | undefined): Promise<ChatSettings>;
  /** Sets or removes the chat's quiet hours. */
  setQuiet(chatId: number, quiet: QuietHours | undefined): Promise<ChatSettings>;
  /** Stops all deliveries to the chat (it blocked or removed the bot); returns undefined for an unknown chat. */
  suspend(chatId: number): Promise<ChatSettings | undefined>;
  /** Resumes deliveries from now on (/start again, or the bot added back); true when the chat was suspended. */
  resume(chatId: number): Promise<boolean>;
  migrate(fromId: number, toId: number): Promise<ChatSettings | undefined>;
}

/** Creates the chat service; `defaultTimes` are the digest times of a new subscription. */
export function createChatService(deps: { chats: ChatStore; clock: Clock; defaultTimes: readonly string[] }): ChatService {
  const { chats, clock } = deps;

  async function change(chatId: number, fn: (chat: ChatSettings) => ChatSettings): Promise<ChatSettings> {
    const updated = await chats.update(chatId, fn, clock.now());
    if (!updated) throw new Error(`unknown chat ${chatId}`);
    return updated;
  }

  /** Instant alerts start from now, not from the past day, when a chat turns them on without history. */
  function withMode(chat: ChatSettings, mode: DeliveryMode): ChatSettings {
    const startFromNow = mode === 'instant' && chat.watermark === undefined;
    return { ...chat, mode, ...(startFromNow ? { watermark: clock.now() } : {}) };
  }

  return {
    async ensure(chat, languageCode) {
      const language = pickLanguage(languageCode);
      return chats.ensure(
        chat.id,
        { type: chat.type, topics: [], mode: 'digest', times: [...deps.defaultTimes], zone: guessTimeZone(language), language },
        clock.now(),
      );
    },
    subscribe(chatId, topics) {
      return change(chatId, (chat) => {
        const merged = TOPIC_IDS.filter((topic) => chat.topics.includes(topic) || topics.includes(topic));
        const mode = chat.mode === 'off' && chat.topics.length === 0 ? 'digest' : chat.mode;
        return withMode({ ...chat, topics: merged, status: 'active', strikes: 0 }, mode);
      });
    },
    unsubscribe(chatId, topics) {
      return change(chatId, (chat) => ({ ...chat, topics: topics === 'all' ? [] : chat.topics.filter((topic) => !topics.includes(topic)) }));
    },
    setSchedule(chatId, schedule) {
      return change(chatId, (chat) => withMode(schedule.mode === 'digest' ? { ...chat, times: schedule.times } : chat, schedule.mode));
    },
    setZone(chatId, zone) {
      return change(chatId, (chat) => ({ ...chat, zone }));
    },
    setLanguage(chatId, language) {
      return change(chatId, (chat) => ({ ...chat, language }));
    },
    setFilters(chatId, filters) {
      return change(chatId, ({ filters: _old, ...chat }) => (filters ? { ...chat, filters } : chat));
    },
    setQuiet(chatId, quiet) {
      return change(chatId, ({ quiet: _old, ...chat }) => (quiet ? { ...chat, quiet } : chat));
    },
    suspend(chatId) {
      return chats.update(chatId, (chat) => ({ ...chat, status: 'suspended' }), clock.now());
    },
    async resume(chatId) {
      const chat = await chats.get(chatId);
      if (!chat || chat.status === 'active') return false;
      // What appeared while the chat had blocked or removed the bot is not sent afterwards: deliveries start afresh.
      await chats.update(chatId, (c) => ({ ...c, status: 'active', strikes: 0, watermark: clock.now() }), clock.now());
      return true;
    },
    migrate(fromId, toId) {
      return chats.migrate(fromId, toId, clock.now());
    },
  };
}
