import { runFanOut } from './fan-out';
const r = await runFanOut(new Map([['sizes', process.argv[2] ?? '200']]));
console.log(r.summary); process.exit(0);
