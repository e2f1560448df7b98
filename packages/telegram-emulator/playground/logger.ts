/** The little of a pino-style logger the playground uses, so that any such logger (or none) will do. */
export interface PlaygroundLogger {
  child(bindings: Record<string, unknown>): PlaygroundLogger;
  debug(details: object, message?: string): void;
  info(details: object, message?: string): void;
  error(details: object, message?: string): void;
}
