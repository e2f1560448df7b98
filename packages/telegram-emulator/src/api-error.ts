import type { BotApiErrorSpec, ResponseParameters } from './types';

/** An error the emulator answers a Bot API call with; `code` is both `error_code` and the HTTP status. */
export class BotApiError extends Error {
  readonly code: number;
  readonly description: string;
  readonly parameters: ResponseParameters | undefined;

  constructor(code: number, description: string, parameters?: ResponseParameters) {
    super(description);
    this.name = 'BotApiError';
    this.code = code;
    this.description = description;
    this.parameters = parameters;
  }

  /** Builds the error from the plain shape `failNext` takes. */
  static from(spec: BotApiErrorSpec): BotApiError {
    return new BotApiError(spec.code, spec.description, spec.parameters);
  }
}

/** A 400 "Bad Request: …" error. */
export function badRequest(reason: string, parameters?: ResponseParameters): BotApiError {
  return new BotApiError(400, `Bad Request: ${reason}`, parameters);
}

/** A 403 "Forbidden: …" error. */
export function forbidden(reason: string): BotApiError {
  return new BotApiError(403, `Forbidden: ${reason}`);
}
