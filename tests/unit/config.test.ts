import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345';

describe('loadConfig', () => {
  it('fills every default from a token alone', () => {
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN });
    expect(config.telegram.apiRoot).toBe('https://api.telegram.org');
    expect(config.redis).toEqual({ url: undefined, prefix: 'silkwire' });
    expect(config.telegram.token).toBe(TOKEN);
    expect(config.http).toEqual({ port: 3000, host: '127.0.0.1' });
    expect(config.webhook).toBeUndefined();
    expect(config.feeds.pollSeconds).toBe(600);
    expect(config.articles.retentionMs).toBe(14 * 86_400_000);
    expect(config.telegram.rateLimitPerSecond).toBe(30);
    expect(config.digest.defaultTimes).toEqual(['08:00']);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every bad variable at once, each by name', () => {
    let error: unknown;
    try {
      loadConfig({ FEED_POLL_SECONDS: '0', REDIS_URL: 'http://localhost', LOG_LEVEL: 'loud', TELEGRAM_API_ROOT: 'ftp://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['FEED_POLL_SECONDS', 'REDIS_URL', 'LOG_LEVEL', 'TELEGRAM_API_ROOT']) {
      expect(problems).toContain(name);
    }
  });

  it('rejects a non-numeric poll interval and a prefix with a colon', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, FEED_POLL_SECONDS: 'ten' })).toThrow(/FEED_POLL_SECONDS/);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, REDIS_PREFIX: 'a:b' })).toThrow(/REDIS_PREFIX/);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, DIGEST_DEFAULT_TIMES: '25:00' })).toThrow(/DIGEST_DEFAULT_TIMES/);
  });

  it('never echoes a malformed token and never serialises a good one', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: 'not-a-token-secretvalue' })).toThrow(/TELEGRAM_BOT_TOKEN/);
    try {
      loadConfig({ TELEGRAM_BOT_TOKEN: 'not-a-token-secretvalue' });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('secretvalue');
    }
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN });
    expect(config.telegram.token).toBe(TOKEN);
    expect(JSON.stringify(config)).not.toContain(TOKEN);
  });

  it('runs the playground without a token, and wants a secret with a webhook', () => {
    expect(loadConfig({}).telegram.token).toBeUndefined();
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://bot.example.com' })).toThrow(/WEBHOOK_SECRET is required/);
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://bot.example.com', WEBHOOK_SECRET: 's'.repeat(20) }).webhook?.url).toBe('https://bot.example.com');
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, ADMIN_IDS: '1, 22,333' }).admin.ids).toEqual([1, 22, 333]);
    expect(() => loadConfig({ ADMIN_IDS: 'alice' })).toThrow(/ADMIN_IDS/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });

  it('turns the global pace off only for a local Bot API server or emulator, and names the setting when it is bad', () => {
    const local = loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'http://127.0.0.1:8081', TELEGRAM_RATE_LIMIT: 'off' });
    expect(local.telegram.rateLimitPerSecond).toBe('off');
    expect(loadConfig({ TELEGRAM_RATE_LIMIT: ' off ' }).telegram.rateLimitPerSecond).toBe('off'); // the playground's emulator
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_RATE_LIMIT: '1000' }).telegram.rateLimitPerSecond).toBe(1000);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_RATE_LIMIT: 'off' })).toThrow(/TELEGRAM_RATE_LIMIT=off is only for a local Bot API test server or emulator/);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'https://API.Telegram.org/', TELEGRAM_RATE_LIMIT: 'off' })).toThrow(/TELEGRAM_RATE_LIMIT=off/);
    for (const bad of ['0', '1001', 'unlimited', '-5', '2.5']) {
      expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_RATE_LIMIT: bad })).toThrow(/TELEGRAM_RATE_LIMIT must be a whole number from 1 to 1000, or off/);
    }
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, FEEDS_FILE: '', FEED_POLL_SECONDS: '' }).feeds).toMatchObject({ file: undefined, pollSeconds: 600 });
  });
});
