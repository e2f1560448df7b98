import { runPlanWave } from '/work/main/bench/plan-wave';
const r = await runPlanWave(new Map([['sizes', process.argv[2] ?? '100000'], ['runs', process.argv[3] ?? '1']]));
console.log(r.summary); process.exit(0);
