// The bench's comparison against docs/bench-baseline.json: each figure beside the
// baseline's with its difference, tolerant of a baseline written by an older bench.
import {describe, expect, it} from 'vitest';
import {type MeasuredWith, FIGURE_ENTRIES, compareFigures, mergeBaseline, settingsDiffer} from '../bench/baseline.js';
import {type ConsoleFigures, emptyFigures} from '../bench/figures.js';

function figures(change: (figures: ConsoleFigures) => void): ConsoleFigures {
  const made = emptyFigures();
  change(made);
  return made;
}

const measuredWith: MeasuredWith = {
  commit: 'abc1234',
  date: '2026-12-05T12:00:00.000Z',
  idleSeconds: 60,
  keySamples: 20,
  demoSeed: '1',
  cpus: 2,
  loadAverage: 1.5,
};

describe('compareFigures', () => {
  it('gives each figure both runs measured with its difference and its share', () => {
    const baseline = figures(f => {
      f.first_frame_ms = 1000;
      f.idle_cpu_s_per_min.nodes = 4;
    });
    const current = figures(f => {
      f.first_frame_ms = 1100;
      f.idle_cpu_s_per_min.nodes = 3.42;
    });
    expect(compareFigures(current, baseline)).toEqual([
      ['first frame', '1100 ms vs 1000 ms: +100 ms, +10 %'],
      ['idle CPU on nodes', '3.42 s/min vs 4 s/min: −0.58 s/min, −14.5 %'],
    ]);
  });

  it('says which figure is new and which this run did not measure', () => {
    const baseline = figures(f => (f.key_p95_ms['3'] = 72));
    const current = figures(f => (f.rss_mib.max = 241.96));
    expect(compareFigures(current, baseline)).toEqual([
      ['key 3 p95', 'not measured (baseline 72 ms)'],
      ['peak RSS, max', '242 MiB (not in the baseline)'],
    ]);
  });

  it('gives an unchanged figure as ±0 and leaves out the share of a zero baseline', () => {
    const same = figures(f => {
      f.one_row_change_bytes = 417;
      f.idle_bytes_per_min = 0;
    });
    const current = figures(f => {
      f.one_row_change_bytes = 417;
      f.idle_bytes_per_min = 120;
    });
    expect(compareFigures(current, same)).toEqual([
      ['idle bytes', '120 B/min vs 0 B/min: +120 B/min'],
      ['one-row change', '417 B vs 417 B: ±0 B, ±0 %'],
    ]);
  });

  it('reads a baseline that lacks fields or holds the wrong types as not measured', () => {
    const current = figures(f => {
      f.first_frame_ms = 900;
      f.key_p95_ms.j = 30;
    });
    expect(compareFigures(current, {first_frame_ms: 'fast'})).toEqual([
      ['first frame', '900 ms (not in the baseline)'],
      ['key j p95', '30 ms (not in the baseline)'],
    ]);
  });

  it('names every figure of ConsoleFigures once', () => {
    const all = figures(f => {
      f.first_frame_ms = 1;
      f.idle_bytes_per_min = 1;
      f.one_row_change_bytes = 1;
      for (const group of [f.key_p95_ms, f.pane_complete_ms, f.idle_cpu_s_per_min, f.rss_mib] as Record<string, number | null>[]) {
        for (const key of Object.keys(group)) group[key] = 1;
      }
    });
    const names = compareFigures(all, all).map(([name]) => name);
    expect(names).toHaveLength(FIGURE_ENTRIES.length);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(
      3 +
        Object.keys(all.key_p95_ms).length +
        Object.keys(all.pane_complete_ms).length +
        Object.keys(all.idle_cpu_s_per_min).length +
        Object.keys(all.rss_mib).length,
    );
  });
});

describe('settingsDiffer', () => {
  it('names each setting a run was measured with otherwise', () => {
    expect(settingsDiffer(measuredWith, {...measuredWith, commit: 'def5678', loadAverage: 9})).toEqual([]);
    expect(settingsDiffer({...measuredWith, idleSeconds: 10, keySamples: 5}, measuredWith)).toEqual([
      'idle windows 10 s (baseline 60 s)',
      '5 samples per key (baseline 20)',
    ]);
  });
});

describe('mergeBaseline', () => {
  it('replaces the targets measured and keeps the others', () => {
    const small = {measuredWith, figures: figures(f => (f.first_frame_ms = 800))};
    const oldLarge = {measuredWith, figures: figures(f => (f.first_frame_ms = 1200))};
    const newLarge = {measuredWith: {...measuredWith, commit: 'def5678'}, figures: figures(f => (f.first_frame_ms = 1000))};
    expect(mergeBaseline({targets: {small, large: oldLarge}}, {large: newLarge})).toEqual({targets: {small, large: newLarge}});
    expect(mergeBaseline(undefined, {large: newLarge})).toEqual({targets: {large: newLarge}});
  });
});
