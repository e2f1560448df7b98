// `npm run bench` runs every bench in turn; `npm run bench -- plan-wave fan-out` runs some by name.
// Options go after the names: --sizes=… (chats per run, comma-separated) and --runs=… apply to the benches given.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { runFanOut } from './fan-out';
import { runIngest } from './ingest';
import { runLatestLoad } from './latest-load';
import { parseArgs, REPO_ROOT, type BenchOutcome } from './lib';
import { runMemory } from './memory';
import { runPlanWave } from './plan-wave';
import { runSearch } from './search';
import { runStories } from './stories';
import { runThroughput } from './throughput';

const BENCHES: Record<string, (options: Map<string, string>) => Promise<BenchOutcome>> = {
  'plan-wave': runPlanWave,
  'fan-out': runFanOut,
  ingest: runIngest,
  stories: runStories,
  'latest-load': runLatestLoad,
  search: runSearch,
  throughput: runThroughput,
  memory: runMemory,
};

async function main(): Promise<number> {
  const { positional, options } = parseArgs(process.argv.slice(2));
  const unknown = positional.filter((name) => !(name in BENCHES));
  if (unknown.length > 0) {
    console.error(`unknown bench: ${unknown.join(', ')} (known: ${Object.keys(BENCHES).join(', ')})`);
    return 2;
  }
  const names = positional.length > 0 ? positional : Object.keys(BENCHES);
  console.log(`Silkwire benches: ${names.join(', ')} — node ${process.version}, ${new Date().toISOString()}\n`);
  const started = performance.now();
  const outcomes: BenchOutcome[] = [];
  let failed = 0;
  for (const name of names) {
    console.log(`=== ${name} ===`);
    const start = performance.now();
    try {
      outcomes.push(await BENCHES[name]!(options));
    } catch (error) {
      failed += 1;
      console.error(`${name} FAILED:`, error);
      outcomes.push({ name, summary: `${name}: FAILED (${(error as Error).message})` });
    }
    console.log(`(${name} took ${((performance.now() - start) / 1000).toFixed(1)} s)\n`);
  }
  console.log('=== summary ===');
  for (const outcome of outcomes) console.log(outcome.summary);
  console.log(`(all benches: ${((performance.now() - started) / 1000).toFixed(1)} s; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  const results = { at: new Date().toISOString(), node: process.version, loadAverage: loadavg(), args: process.argv.slice(2), outcomes };
  writeFileSync(resolve(REPO_ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
