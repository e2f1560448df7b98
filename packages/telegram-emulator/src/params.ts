import { badRequest } from './api-error';
import type { UploadedFile } from './types';

/** The parameters of one Bot API call, merged from the query string and the body. */
export type Params = Record<string, unknown>;

/** True for a file that arrived as a multipart upload. */
export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'uploaded-file';
}

/** A string parameter (numbers and booleans are turned into strings, as the Bot API does). */
export function optionalString(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw badRequest(`parameter "${name}" must be a string`);
}

/** An integer parameter given as a number or a numeric string. */
export function optionalInt(params: Params, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (!Number.isInteger(number)) throw badRequest(`invalid ${name} specified`);
  return number;
}

/** A boolean parameter given as a boolean, "true"/"false" or 1/0. */
export function optionalBool(params: Params, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  throw badRequest(`invalid ${name} specified`);
}

/** A JSON-valued parameter: an object as sent in a JSON body, or a JSON string from a form or query string. */
export function optionalJson(params: Params, name: string, parseError?: string): unknown {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw badRequest(parseError ?? `can't parse ${name} JSON object`);
  }
}

/** The `chat_id` parameter: a number, or a string that is numeric or an @username. */
export function requireChatId(params: Params): number | string {
  const value = params.chat_id;
  if (value === undefined || value === null || value === '') throw badRequest('chat_id is empty');
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
  }
  throw badRequest('chat not found');
}
