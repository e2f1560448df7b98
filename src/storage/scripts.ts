import { createHash } from 'node:crypto';
import type { Redis } from './redis';

/** A Lua script that Redis runs by its SHA1 (EVALSHA), sent whole only when the server does not know it yet. */
export interface LuaScript {
  /** Runs the script with `numKeys` keys first in `args`, then its arguments. */
  run(redis: Redis, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

/**
 * Wraps a Lua script. EVAL sends the whole script text on every call, which at thousands of calls a second costs the
 * client more CPU (encoding, writing) than the call itself; EVALSHA sends 40 characters. A server that lost its script
 * cache (a restart, a failover, another Cluster node) answers NOSCRIPT, and the call is sent once more with EVAL, which
 * loads it there.
 */
export function luaScript(source: string): LuaScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    async run(redis, numKeys, ...args) {
      try {
        return await redis.evalsha(sha, numKeys, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return redis.eval(source, numKeys, ...args);
      }
    },
  };
}
