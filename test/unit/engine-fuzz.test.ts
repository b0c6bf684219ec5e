import {describe, expect, it} from 'vitest';
import {fuzzEngineAnswers} from '../fuzz/engine-answers.js';

// A fixed run of the seeded fuzz of engine answers (npm run fuzz:engine runs more, with any seed).
describe('engine answers fuzzed from the recorded fixtures', () => {
  it('never make the decoders, the model or any pane throw', () => {
    const result = fuzzEngineAnswers(1, 40);
    console.log(`engine-answer fuzz: ${result.tried} answers tried, ${result.crashes} crashes, ${result.refused} rounds refused whole`);
    expect(result.failures).toEqual([]);
    expect(result.crashes).toBe(0);
    expect(result.tried).toBeGreaterThanOrEqual(300);
  });

  it('never throw on the seeds that once found a crash', () => {
    // 1067: an event whose Type was "constructor" found a method, not a list, in the events pane's table.
    for (const seed of [1067, 1264]) expect(fuzzEngineAnswers(seed, 1).failures).toEqual([]);
  });

  it('find the crashes when the decoders are skipped, as the reads before them did', () => {
    const result = fuzzEngineAnswers(1, 10, {trust: true});
    expect(result.crashes).toBeGreaterThan(0);
  });
});
