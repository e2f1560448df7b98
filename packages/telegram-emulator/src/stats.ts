import type { ChatStats, EmulatorStats } from './types';

/** Counts what the bot did, overall and per chat. */
export interface StatsRecorder {
  call(ok: boolean): void;
  count(kind: 'sent' | 'edited' | 'rejected429', chatId: number): void;
  deleted(): void;
  snapshot(): EmulatorStats;
  reset(): void;
}

const empty = (): EmulatorStats => ({ calls: 0, sent: 0, edited: 0, deleted: 0, rejected429: 0, errors: 0, byChat: {} });

/** Creates a stats recorder starting at zero. */
export function createStatsRecorder(): StatsRecorder {
  let stats = empty();
  return {
    call(ok) {
      stats.calls++;
      if (!ok) stats.errors++;
    },
    count(kind, chatId) {
      stats[kind]++;
      const chat: ChatStats = (stats.byChat[String(chatId)] ??= { sent: 0, edited: 0, rejected429: 0 });
      chat[kind]++;
    },
    deleted() {
      stats.deleted++;
    },
    snapshot: () => structuredClone(stats),
    reset() {
      stats = empty();
    },
  };
}
