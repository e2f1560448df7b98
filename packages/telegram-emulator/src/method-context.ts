import type { CommandStore } from './commands';
import type { Emitter } from './events';
import type { Params } from './params';
import type { RateLimiter } from './rate-limiter';
import type { StatsRecorder } from './stats';
import type { EmulatedUser, EmulatorEvents } from './types';
import type { UpdateQueue } from './updates';
import type { World } from './world';

/** What setWebhook stored (the emulator never calls it). */
export interface WebhookState {
  url: string;
  maxConnections?: number;
  allowedUpdates?: string[];
  hasSecretToken: boolean;
}

/** The state and services every Bot API method implementation works on. */
export interface MethodContext {
  world: World;
  updates: UpdateQueue;
  limiter: RateLimiter;
  commands: CommandStore;
  stats: StatsRecorder;
  events: Emitter<EmulatorEvents>;
  bot: EmulatedUser;
  now(): number;
  strictHtml: boolean;
  callbackQueryTtlMs: number;
  webhook: WebhookState;
  /** Bot descriptions by kind and language ("description:", "short_description:en"). */
  profile: Map<string, string>;
}

/** One Bot API method: takes the call's parameters and returns its result or throws a `BotApiError`. */
export type MethodHandler = (params: Params, context: MethodContext, signal: AbortSignal) => unknown;
