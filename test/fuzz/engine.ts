// npm run fuzz:engine: the seeded fuzz of engine answers (engine-answers.ts) for
// as many rounds as asked, no lab needed. Prints the answers tried and the crashes,
// with the seed of each crash so it can be replayed; exits 1 on any crash.
//
//   FUZZ_ROUNDS  rounds (default 2000; test/unit/engine-fuzz.test.ts runs a fixed few in CI)
//   FUZZ_SEED    the first seed (default: from the clock, printed)
//   --trust      skip the decoders, as the reads before them did: shows the fuzz finds the crashes they prevent

import {fuzzEngineAnswers} from './engine-answers.js';

const rounds = Number(process.env['FUZZ_ROUNDS'] ?? 2000);
const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const trust = process.argv.includes('--trust');

const started = Date.now();
const result = fuzzEngineAnswers(seed, rounds, {trust});
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `engine-answer fuzz${trust ? ' (decoders skipped)' : ''}: seeds ${seed}…${seed + rounds - 1}, ${result.tried} answers tried, ${result.crashes} crashes, ${result.refused} rounds refused whole, ${seconds} s`,
);
for (const failure of result.failures) console.log(`\nseed ${failure.seed} (FUZZ_SEED=${failure.seed} FUZZ_ROUNDS=1 replays it):\n${failure.error}`);
process.exitCode = result.crashes === 0 ? 0 : 1;
