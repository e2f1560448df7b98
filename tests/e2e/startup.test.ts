import { describe, expect, it } from 'vitest';
import { spawnScript } from '../helpers/process';
import { uniquePrefix } from '../helpers/redis';

describe('start-up with bad settings', () => {
  it('stops with a message naming each bad variable, and never echoes the token', async () => {
    const proc = spawnScript('app/main.ts', [], {
      TELEGRAM_BOT_TOKEN: 'not-a-token-but-a-secret-value',
      FEED_POLL_SECONDS: 'often',
      REDIS_URL: 'http://localhost:6379',
      REDIS_PREFIX: uniquePrefix('bad'),
    });
    expect(await proc.exited).toBe(2);
    const out = proc.output();
    for (const name of ['TELEGRAM_BOT_TOKEN', 'FEED_POLL_SECONDS', 'REDIS_URL']) expect(out).toContain(name);
    expect(out).toContain('.env.example');
    expect(out).not.toContain('secret-value');
  });

  it('says where Redis was expected when it cannot be reached', async () => {
    const proc = spawnScript('app/main.ts', [], { REDIS_URL: 'redis://127.0.0.1:1', REDIS_PREFIX: uniquePrefix('noredis'), PORT: '0', LOG_LEVEL: 'info' });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(/Cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*set REDIS_URL/);
  });
});
