import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/shared';

/** The entry module that wires handlers/ and jobs/ to the core; it lives outside src/. */
const COMPOSITION_ROOT = 'app/start-app.ts';

/**
 * The modules that may import the Redis client (ioredis, or src/storage/redis.ts): the stores, the storage adapters
 * and the rate limiter's Lua scripts. Everything else reaches Redis through them. The composition function passes the
 * connection on without sending a command.
 */
const REDIS_CLIENTS = [/^src\/.*-store\.ts$/, /^src\/storage\//, /^src\/delivery\/rate-limiter\.ts$/, /^src\/core\.ts$/];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of a file, as a path relative to the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1] ?? match[2] ?? '',
  );
  return specifiers.filter((s) => s.startsWith('.')).map((s) => relative(REPO_ROOT, resolve(dirname(file), s)));
}

function layerOf(path: string): string {
  return path.split(/[\\/]/)[0] ?? '';
}

describe('architecture: handlers/ → src/ ← jobs/', () => {
  const files = ['src', 'handlers', 'jobs'].flatMap((dir) => tsFiles(join(REPO_ROOT, dir)));

  it('finds the code it checks', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((file) => [relative(REPO_ROOT, file), file] as const))('%s imports only what its layer may', (name, file) => {
    const layer = layerOf(name);
    const forbidden: Record<string, string[]> = {
      src: ['handlers', 'jobs', 'app', 'packages', 'tests', 'bench'],
      handlers: ['jobs', 'app'],
      jobs: ['handlers', 'app'],
    };
    const bad = importsOf(file).filter((target) => forbidden[layer]?.includes(layerOf(target)));
    expect(bad, `${name} must not import ${bad.join(', ')}`).toEqual([]);
  });
});

describe('architecture: the product never imports the emulator package', () => {
  const files = [...['src', 'handlers', 'jobs'].flatMap((dir) => tsFiles(join(REPO_ROOT, dir))), join(REPO_ROOT, COMPOSITION_ROOT)];

  it.each(files.map((file) => [relative(REPO_ROOT, file), file] as const))('%s does not import @silkwire/telegram-emulator', (_name, file) => {
    expect(readFileSync(file, 'utf8')).not.toMatch(/['"]@silkwire\/telegram-emulator(?:\/[^'"]*)?['"]|packages\/telegram-emulator/);
  });
});

describe('architecture: only stores talk to Redis', () => {
  const files = tsFiles(join(REPO_ROOT, 'src'));

  it('lets the stores use the Redis client', () => {
    expect(files.map((file) => relative(REPO_ROOT, file)).filter((name) => REDIS_CLIENTS.some((pattern) => pattern.test(name)))).toEqual(
      expect.arrayContaining(['src/articles/article-store.ts', 'src/chats/chat-store.ts', 'src/storage/locks.ts']),
    );
  });

  it.each(files.map((file) => [relative(REPO_ROOT, file), file] as const))('%s reaches Redis only through a store', (name, file) => {
    if (REDIS_CLIENTS.some((pattern) => pattern.test(name))) return;
    const text = readFileSync(file, 'utf8');
    const redisImports = [...text.matchAll(/^import\s[^;]*?from\s+['"]([^'"]+)['"]/gm)]
      .map((match) => match[1] ?? '')
      .filter((specifier) => specifier === 'ioredis' || /(^|\/)storage\/redis$/.test(specifier));
    expect(redisImports, `${name} imports the Redis client; put the commands in a store`).toEqual([]);
  });
});
