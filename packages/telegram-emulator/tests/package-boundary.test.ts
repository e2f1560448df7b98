import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

function specifiersOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1] ?? match[2] ?? '');
}

/** The package name of a bare specifier: `@scope/name` or `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('the package stands alone', () => {
  const files = sourceFiles(PACKAGE_ROOT);
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {}), 'vitest']);
  const builtins = new Set(builtinModules);

  it('finds its sources, playground and tests', () => {
    for (const dir of ['src', 'playground', 'tests']) expect(files.some((file) => relative(PACKAGE_ROOT, file).startsWith(`${dir}/`)), dir).toBe(true);
  });

  it.each(files.map((file) => [relative(PACKAGE_ROOT, file), file] as const))('%s imports nothing from outside the package but its declared dependencies', (_name, file) => {
    const outside = specifiersOf(file).filter((specifier) => {
      if (specifier.startsWith('.')) return relative(PACKAGE_ROOT, resolve(dirname(file), specifier)).startsWith('..');
      if (specifier.startsWith('node:') || builtins.has(specifier)) return false;
      return !declared.has(packageOf(specifier));
    });
    expect(outside).toEqual([]);
  });
});
