/** The source of the current time; tests pass a fixed or stepping clock. */
export interface Clock {
  now(): number;
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
