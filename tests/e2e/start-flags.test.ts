import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { threadExecArgv } from '../../src/ingest/feed-pool';
import { REPO_ROOT } from '../helpers/shared';

// The node flags `npm start` gives the process (a larger young generation for the bot) must not stop ingest: a
// worker thread refuses V8 heap flags in its execArgv, and the feed pool's threads inherit the process's flags.

const startScript = (JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
/** The flags between `node` and the entry file in the start script, e.g. ['--max-semi-space-size=32', '--import', 'tsx']. */
const startFlags = startScript.split(/\s+/).slice(1, startScript.split(/\s+/).indexOf('app/main.ts'));

describe('node flags of npm start', () => {
  it('leave the feed pool able to start its threads and ingest a feed', async () => {
    expect(startFlags).toContain('--import');
    const feed = resolve(REPO_ROOT, 'tests/fixtures/feeds/rss2.xml');
    const child = spawn(process.execPath, [...startFlags, 'tests/helpers/feed-pool-probe.ts', feed], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(output).not.toContain('ERR_WORKER_INVALID_EXEC_ARGV');
    expect(code).toBe(0);
    expect((JSON.parse(output.trim().split('\n').at(-1)!) as { articles: number }).articles).toBeGreaterThan(0);
  }, 30_000);

  it('pass the loaders to the threads and keep process-wide heap sizes out', () => {
    expect(threadExecArgv(['--max-semi-space-size=32', '--import', 'tsx', '--max-old-space-size=2048'])).toEqual(['--import', 'tsx']);
    expect(threadExecArgv(['--enable-source-maps'])).toEqual(['--enable-source-maps', '--import', 'tsx']);
  });
});
