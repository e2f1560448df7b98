import { createServer } from 'node:net';
import { createBotApiEmulator, type BotApiEmulator } from '@silkwire/telegram-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotApi, type BotApi } from '../../src/telegram/bot-api-client';
import { ChatGoneError, ChatMigratedError, toSendError } from '../../src/telegram/send-errors';
import { botApiErrorInfo } from '../../src/telegram/telegram-error';

const CHAT = 4_100_001;

describe('the Bot API client', () => {
  let emulator: BotApiEmulator;
  let api: BotApi;

  beforeAll(async () => {
    emulator = createBotApiEmulator({ rateLimits: false });
    const { apiRoot } = await emulator.start(0, '127.0.0.1');
    api = createBotApi({ token: emulator.token, apiRoot });
    emulator.addChat({ id: CHAT, type: 'private', first_name: 'Aigerim' });
  });
  afterAll(async () => {
    await api.close();
    await emulator.stop();
  });

  it('sends a message as JSON and returns the result', async () => {
    const result = (await api.callApi('sendMessage', { chat_id: CHAT, text: '<b>Astana</b> &amp; Beijing', parse_mode: 'HTML', link_preview_options: { is_disabled: true } })) as {
      message_id: number;
      text: string;
    };
    expect(result.text).toBe('Astana & Beijing');
    const sent = emulator.sent(CHAT).at(-1)!;
    expect(sent.message_id).toBe(result.message_id);
    expect(sent.text).toBe('Astana & Beijing');
    expect(emulator.calls('sendMessage').at(-1)!.params.link_preview_options).toEqual({ is_disabled: true });
  });

  it('uploads a file as multipart/form-data', async () => {
    await api.callApi('sendDocument', { chat_id: CHAT, document: { source: Buffer.from('<opml/>', 'utf8'), filename: 'silkwire-sources.opml' }, caption: 'Sources' });
    const sent = emulator.sent(CHAT).at(-1)!;
    expect(sent.document?.file_name).toBe('silkwire-sources.opml');
    expect(Buffer.from(sent.document!.data!).toString('utf8')).toBe('<opml/>');
    expect(sent.text).toBe('Sources'); // a document's caption is its visible text
  });

  it('throws Bot API errors with their code and parameters, read as the sender reads them', async () => {
    const missing = await api.callApi('sendMessage', { chat_id: 4_100_999, text: 'hi' }).catch((error: unknown) => error);
    expect(botApiErrorInfo(missing)?.code).toBe(400);
    expect(toSendError(missing, 4_100_999)).toBeInstanceOf(ChatGoneError);

    emulator.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
    const limited = await api.callApi('sendMessage', { chat_id: CHAT, text: 'hi' }).catch((error: unknown) => error);
    expect(botApiErrorInfo(limited)).toMatchObject({ code: 429, retryAfterSeconds: 3 });

    emulator.failNext('sendMessage', { code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: -1001 } });
    const migrated = await api.callApi('sendMessage', { chat_id: CHAT, text: 'hi' }).catch((error: unknown) => error);
    expect(toSendError(migrated, CHAT)).toEqual(expect.any(ChatMigratedError));
  });

  it('never puts the token in an error, whether Telegram or the network failed', async () => {
    emulator.failNext('sendMessage', { code: 401, description: `Unauthorized: bot${emulator.token} is not valid` });
    const refused = (await api.callApi('sendMessage', { chat_id: CHAT, text: 'hi' }).catch((error: unknown) => error)) as Error;
    expect(refused.message).toContain('401');
    expect(JSON.stringify({ message: refused.message, response: (refused as { response?: unknown }).response })).not.toContain(emulator.token);

    const port = await new Promise<number>((done) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address() as { port: number };
        server.close(() => done(address.port));
      });
    });
    const offline = createBotApi({ token: emulator.token, apiRoot: `http://127.0.0.1:${port}` });
    try {
      const error = (await offline.callApi('getMe', {}).catch((caught: unknown) => caught)) as Error;
      expect(error.message).toMatch(/^Bot API getMe failed: /);
      expect(botApiErrorInfo(error)).toBeUndefined(); // no Bot API reply: the sender retries it as transient
      expect(`${error.message} ${String((error.cause as Error | undefined)?.message)} ${(error.cause as Error | undefined)?.stack ?? ''}`).not.toContain(emulator.token);
    } finally {
      await offline.close();
    }
  });
});
