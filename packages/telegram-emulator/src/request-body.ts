import type { IncomingMessage } from 'node:http';
import { badRequest, BotApiError } from './api-error';
import { multipartBoundary, parseMultipart } from './multipart';
import type { Params } from './params';
import type { UploadedFile } from './types';

/** The largest request body accepted (Telegram's upload limit for bots is 50 MB). */
export const MAX_BODY_BYTES = 50 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BotApiError(413, 'Request Entity Too Large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a Bot API call's parameters from the query string and the body (JSON, urlencoded or multipart/form-data,
 * body values winning), the way the Bot API server accepts them.
 */
export async function readRequestParams(request: IncomingMessage, query: URLSearchParams): Promise<Params> {
  const params: Params = {};
  for (const [key, value] of query) params[key] = value;
  const body = await readBody(request);
  if (body.length === 0) return params;

  const contentType = (request.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON encoded request body");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw badRequest('the request body must be a JSON object');
    }
    return { ...params, ...(parsed as Params) };
  }
  if (contentType.startsWith('multipart/form-data')) {
    const boundary = multipartBoundary(request.headers['content-type'] ?? '');
    if (boundary === undefined) throw badRequest('multipart boundary is missing');
    for (const part of parseMultipart(body, boundary)) {
      if (part.filename !== undefined) {
        const file: UploadedFile = {
          kind: 'uploaded-file',
          filename: part.filename,
          contentType: part.contentType ?? 'application/octet-stream',
          size: part.data.length,
          data: Buffer.from(part.data),
        };
        params[part.name] = file;
      } else {
        params[part.name] = part.data.toString('utf8');
      }
    }
    return params;
  }
  // application/x-www-form-urlencoded, and anything unlabelled.
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = value;
  return params;
}
