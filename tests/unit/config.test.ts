import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345';

describe('loadConfig', () => {
  it('fills every default from a token alone', () => {
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN });
    expect(config.telegram.apiRoot).toBe('https://api.telegram.org');
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'silkwire' });
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
    for (const name of ['TELEGRAM_BOT_TOKEN', 'FEED_POLL_SECONDS', 'REDIS_URL', 'LOG_LEVEL', 'TELEGRAM_API_ROOT']) {
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

  it('treats empty values as unset', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, FEEDS_FILE: '', FEED_POLL_SECONDS: '' }).feeds).toMatchObject({ file: undefined, pollSeconds: 600 });
  });
});
