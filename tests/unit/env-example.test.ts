import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared';

describe('.env.example and README', () => {
  const example = readFileSync(join(REPO_ROOT, '.env.example'), 'utf8');
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const config = readFileSync(join(REPO_ROOT, 'src/config/config.ts'), 'utf8');
  const variables = [...config.matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm)].map((match) => match[1]!);

  it('finds the settings the config reads', () => {
    expect(variables).toContain('TELEGRAM_BOT_TOKEN');
    expect(variables.length).toBeGreaterThan(15);
  });

  it.each(variables.map((name) => [name]))('%s is in .env.example and the README', (name) => {
    expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
    expect(readme).toContain(`\`${name}\``);
  });
});
