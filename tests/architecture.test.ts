import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/shared';

/** The one module allowed to see both handlers/ and jobs/. */
const COMPOSITION_ROOT = 'app/start-app.ts';

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
      src: name === COMPOSITION_ROOT ? [] : ['handlers', 'jobs'],
      handlers: ['jobs'],
      jobs: ['handlers'],
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
