/** Base error for Silkwire: carries data and says whether retrying the same operation can help. */
export class SilkwireError extends Error {
  readonly retryable: boolean;
  readonly data: Record<string, unknown>;

  constructor(message: string, options: { retryable: boolean; data?: Record<string, unknown>; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable;
    this.data = options.data ?? {};
  }
}

/** Bad input from a person or an operator: never retried, answered with a clear message. */
export class UserInputError extends SilkwireError {
  constructor(message: string, data?: Record<string, unknown>) {
    super(message, { retryable: false, data });
  }
}

/** A failure that may pass if the same call is tried again later (network, 5xx, timeouts). */
export class TransientError extends SilkwireError {
  constructor(message: string, data?: Record<string, unknown>, cause?: unknown) {
    super(message, { retryable: true, data, cause });
  }
}

/** A failure that repeating cannot fix (hostile input, 4xx, bad configuration). */
export class PermanentError extends SilkwireError {
  constructor(message: string, data?: Record<string, unknown>, cause?: unknown) {
    super(message, { retryable: false, data, cause });
  }
}

/**
 * True when repeating the same operation cannot help: the one test of permanence (a Silkwire error whose
 * `retryable` is false). Job runners turn such failures into BullMQ's UnrecoverableError.
 */
export function isPermanent(error: unknown): boolean {
  return error instanceof SilkwireError && !error.retryable;
}

/** Why a feed could not be read; `code` names the step that failed. */
export type FeedErrorCode = 'network' | 'timeout' | 'http' | 'too-large' | 'decode' | 'parse' | 'hostile' | 'not-a-feed';

/** A feed that could not be fetched or parsed; `retryable` tells the scheduler whether to back off or give up. */
export class FeedError extends SilkwireError {
  readonly code: FeedErrorCode;

  constructor(code: FeedErrorCode, message: string, options: { retryable: boolean; data?: Record<string, unknown>; cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
