import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotApiError } from './api-error';
import type { Params } from './params';
import { readRequestParams } from './request-body';

/** A Bot API call that passed the token check and whose parameters were read. */
export interface ApiRequest {
  method: string;
  params: Params;
  /** Aborted when the client goes away before the answer (e.g. telegraf stopping its long poll). */
  signal: AbortSignal;
}

/** The HTTP answer to a Bot API call: the status and the JSON body (`{ ok, result }` or `{ ok, error_code, … }`). */
export interface ApiReply {
  status: number;
  body: unknown;
}

/** The loopback HTTP server that speaks the Bot API's URL scheme. */
export interface EmulatorHttpServer {
  listen(port: number, host: string): Promise<{ port: number; host: string }>;
  close(): Promise<void>;
}

const PATH = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z0-9_]+)\/?$/;

/** The JSON body of an error answer. */
export function errorBody(error: BotApiError): Record<string, unknown> {
  const body: Record<string, unknown> = { ok: false, error_code: error.code, description: error.description };
  if (error.parameters !== undefined) body.parameters = error.parameters;
  return body;
}

function send(response: ServerResponse, reply: ApiReply): void {
  if (response.writableEnded || response.destroyed) return;
  const payload = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  response.end(payload);
}

/**
 * Creates the HTTP server: `/bot<token>/<method>` with GET or POST; a wrong token answers 401 Unauthorized and a path
 * that is not a method call 404 Not Found, before `handle` sees anything. The token never appears in answers.
 */
export function createEmulatorHttpServer(options: {
  token: string;
  handle: (request: ApiRequest) => Promise<ApiReply>;
}): EmulatorHttpServer {
  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://emulator.invalid');
    const match = PATH.exec(url.pathname);
    if (match === null) {
      send(response, { status: 404, body: errorBody(new BotApiError(404, 'Not Found')) });
      return;
    }
    let token: string;
    try {
      token = decodeURIComponent(match[1] ?? '');
    } catch {
      token = '';
    }
    if (token !== options.token) {
      send(response, { status: 401, body: errorBody(new BotApiError(401, 'Unauthorized')) });
      return;
    }
    const controller = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    let params: Params;
    try {
      params = await readRequestParams(request, url.searchParams);
    } catch (error) {
      if (!(error instanceof BotApiError)) throw error;
      send(response, { status: error.code, body: errorBody(error) });
      return;
    }
    send(response, await options.handle({ method: match[2] ?? '', params, signal: controller.signal }));
  };

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      const description = `Internal Server Error: ${error instanceof Error ? error.message : String(error)}`;
      send(response, { status: 500, body: { ok: false, error_code: 500, description } });
    });
  });

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          resolve({ port: address.port, host });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
