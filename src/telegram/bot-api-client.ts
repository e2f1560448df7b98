import { FormData, Pool, type Dispatcher } from 'undici';
import type { BotApiClient } from './sender';

/** A Bot API reply with `ok: false`, kept whole so that {@link botApiErrorInfo} reads its code and parameters. */
export class BotApiError extends Error {
  readonly response: { ok: false; error_code: number; description: string; parameters?: Record<string, unknown> };
  constructor(method: string, response: BotApiError['response']) {
    super(`${method}: ${response.error_code} ${response.description}`);
    this.name = 'BotApiError';
    this.response = response;
  }
}

/** The Bot API client every outgoing call uses, and a way to close its connections. */
export interface BotApi extends BotApiClient {
  close(): Promise<void>;
}

/** A file to upload (telegraf's `{ source, filename }` shape): sent as multipart/form-data. */
interface Upload {
  source: Buffer;
  filename?: string;
}

const isUpload = (value: unknown): value is Upload => typeof value === 'object' && value !== null && Buffer.isBuffer((value as Upload).source);

function formOf(payload: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined) continue;
    if (isUpload(value)) form.append(name, new Blob([value.source]), value.filename ?? name);
    else form.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return form;
}

/**
 * Creates the Bot API client: POSTs of JSON (multipart when a value is a file) over a keep-alive connection pool.
 * Lean where telegraf's client is not: no per-call fetch polyfill, agent lookup or config building, which showed as
 * a tenth of a delivery worker's CPU. The token is part of every URL, so no error it throws carries a URL.
 */
export function createBotApi(options: { token: string; apiRoot: string; connections?: number; dispatcher?: Dispatcher }): BotApi {
  const root = new URL(options.apiRoot);
  const pool = options.dispatcher ?? new Pool(root.origin, { connections: options.connections ?? 64, pipelining: 1, keepAliveTimeout: 30_000 });
  const base = `${root.pathname.replace(/\/$/, '')}/bot${options.token}/`;
  const redact = (text: string) => (options.token === '' ? text : text.split(options.token).join('<token>'));
  return {
    async callApi(method, payload, callOptions = {}) {
      const upload = Object.values(payload).some(isUpload);
      let response: Dispatcher.ResponseData;
      try {
        response = await pool.request({
          origin: root.origin,
          path: base + method,
          method: 'POST',
          ...(upload ? { body: formOf(payload) } : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }),
          ...(callOptions.signal ? { signal: callOptions.signal as AbortSignal } : {}),
        });
      } catch (error) {
        // NOTE: a network error: no Bot API reply, so the caller treats it as transient. undici's errors name the
        // address at most, never the path that holds the token.
        const code = (error as { code?: string }).code;
        throw new Error(`Bot API ${method} failed: ${code ?? redact((error as Error).message ?? String(error))}`, { cause: error });
      }
      let reply: { ok?: boolean; result?: unknown; error_code?: number; description?: string; parameters?: Record<string, unknown> };
      try {
        reply = (await response.body.json()) as typeof reply;
      } catch {
        throw new Error(`Bot API ${method} answered HTTP ${response.statusCode} with no JSON body`);
      }
      if (reply.ok === true) return reply.result;
      throw new BotApiError(method, {
        ok: false,
        error_code: typeof reply.error_code === 'number' ? reply.error_code : response.statusCode,
        description: redact(String(reply.description ?? `HTTP ${response.statusCode}`)),
        ...(reply.parameters ? { parameters: reply.parameters } : {}),
      });
    },
    async close() {
      if (!options.dispatcher) await pool.close();
    },
  };
}
