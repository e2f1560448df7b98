/** Thrown when a text's HTML or Markdown markup is invalid; `description` is what the Bot API would answer. */
export class EntityParseError extends Error {
  /** The Bot API's full error description ("Bad Request: can't parse entities: ..."). */
  readonly description: string;
  /** The part after "can't parse entities: ". */
  readonly reason: string;

  constructor(reason: string) {
    super(`Bad Request: can't parse entities: ${reason}`);
    this.name = 'EntityParseError';
    this.reason = reason;
    this.description = this.message;
  }
}

const encoder = new TextEncoder();

/** The UTF-8 byte offset of a UTF-16 index, which is how Telegram reports positions in parse errors. */
export function byteOffsetOf(text: string, index: number): number {
  return encoder.encode(text.slice(0, index)).length;
}
