// Parts of one store's hash that ride along in another store's script, so that one delivery step is one round trip
// (a read taken with the chat lock, a record written with the watermark). The store that owns the hash builds the
// part and reads its answer; the script that carries it only runs HMGET or HSET on the key it is given.

/** Fields of a hash to read in the same call as another read. */
export interface HashRead {
  key: string;
  fields: readonly string[];
}

/** Fields to set on a hash, with its time to live, in the same call as another write. */
export interface HashWrite {
  key: string;
  /** Field and value in turn. */
  entries: readonly string[];
  ttlMs: number;
  /** Told the hash's size after the write (the owner keeps it bounded). */
  written?(size: number): Promise<void>;
}

/**
 * Lua that writes a {@link HashWrite} to the hash `key`: its fields and values from ARGV[`from`] on, its ttl ms from
 * `ttl`, and sets `size` (declared by the script) to the hash's size after the write.
 */
export function hashWriteLua(key: string, ttl: string, from: number): string {
  return `redis.call('HSET', ${key}, unpack(ARGV, ${from}))
redis.call('PEXPIRE', ${key}, ${ttl})
size = redis.call('HLEN', ${key})
`;
}
