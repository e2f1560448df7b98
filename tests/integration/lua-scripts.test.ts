import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { luaScript } from '../../src/storage/scripts';
import { openTestRedis } from '../helpers/redis';

const test = openTestRedis('luascript');

afterAll(async () => {
  await test.cleanup();
});

describe('Lua scripts run by SHA1', () => {
  it('loads a script the server does not know on first use, then runs it by its SHA1, with the same result', async () => {
    // A script no server has seen yet (as after a restart or on another Cluster node): its text carries a fresh nonce.
    const source = `-- ${randomBytes(8).toString('hex')}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`;
    const sha = createHash('sha1').update(source).digest('hex');
    const known = async () => ((await test.redis.script('EXISTS', sha)) as number[])[0];
    const script = luaScript(source);
    const key = test.keys.rateGlobal();
    expect(await known()).toBe(0);
    expect(await script.run(test.redis, 1, key, 5)).toBe(5);
    expect(await known()).toBe(1);
    expect(await script.run(test.redis, 1, key, 2)).toBe(7);
  });

  it('passes a script error through unchanged', async () => {
    const script = luaScript(`return redis.error_reply('BROKEN ${randomBytes(4).toString('hex')}')`);
    await expect(script.run(test.redis, 0)).rejects.toThrow(/^BROKEN/);
  });
});
