// Random exploration, outside the deterministic default run: the property laws and the soundness
// oracle from a fresh seed, printed first so that a failure can be replayed with
// `FC_SEED=<seed> npm run explore`.
import { spawnSync } from 'node:child_process';

const seed = process.env.FC_SEED ?? String((Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) >>> 0);
console.log(`explore: seed ${seed} (replay with FC_SEED=${seed} npm run explore)`);
const r = spawnSync('npx', ['vitest', 'run', 'test/interface/laws.test.ts', 'test/interface/soundness.test.ts', 'test/imports/laws.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, FC_SEED: seed },
});
console.log(`explore: seed ${seed}: ${r.status === 0 ? 'no counterexample' : 'FAILED'}`);
process.exit(r.status ?? 1);
