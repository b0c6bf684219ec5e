// The bench's baseline: the figures of a reference run, per target (small, large, lab),
// committed as docs/bench-baseline.json with the commit and settings they were measured
// with. Every run prints each of its figures beside the baseline's, with the difference;
// comparing never fails a run (the budgets in figures.ts are the pass line).
//
//   BENCH_BASELINE=write   store this run's figures as the baseline (the targets it
//                          measured; the others are kept), after comparing
//   BENCH_BASELINE=off     no comparison
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {type ConsoleFigures, IDLE_PANES, KEYS, PANES, round1} from './figures.js';
import {report} from './report.js';
import {type BenchSettings, root} from './settings.js';

export const BASELINE_FILE = path.join(root, 'docs', 'bench-baseline.json');

/** What a target's figures were measured with: figures taken otherwise compare loosely. */
export interface MeasuredWith {
  commit: string;
  date: string;
  idleSeconds: number;
  keySamples: number;
  demoSeed: string;
  cpus: number;
  /** The machine's 1-minute load average when the baseline was written. */
  loadAverage: number;
}

export interface BaselineTarget {
  measuredWith: MeasuredWith;
  figures: ConsoleFigures;
}

export interface Baseline {
  targets: Record<string, BaselineTarget>;
}

interface FigureEntry {
  name: string;
  unit: string;
  /** Where the figure sits in ConsoleFigures: a field, and a key within it for the grouped ones. */
  at: readonly [keyof ConsoleFigures, string?];
}

/** Every figure of ConsoleFigures, named as the budget lines name them. */
export const FIGURE_ENTRIES: readonly FigureEntry[] = [
  {name: 'first frame', unit: 'ms', at: ['first_frame_ms']},
  ...KEYS.map((key): FigureEntry => ({name: `key ${key} p95`, unit: 'ms', at: ['key_p95_ms', key]})),
  ...PANES.map((pane): FigureEntry => ({name: `${pane} pane complete`, unit: 'ms', at: ['pane_complete_ms', pane]})),
  ...IDLE_PANES.map((pane): FigureEntry => ({name: `idle CPU on ${pane}`, unit: 's/min', at: ['idle_cpu_s_per_min', pane]})),
  {name: 'idle bytes', unit: 'B/min', at: ['idle_bytes_per_min']},
  {name: 'one-row change', unit: 'B', at: ['one_row_change_bytes']},
  ...(['services', 'nodes', 'tasks', 'max'] as const).map((pane): FigureEntry => ({name: `peak RSS, ${pane}`, unit: 'MiB', at: ['rss_mib', pane]})),
];

/** A figure of `figures` (which may come from an older file, so may lack fields), or null. */
function figureAt(figures: unknown, [field, key]: FigureEntry['at']): number | null {
  const record = (value: unknown): Record<string, unknown> | undefined =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  const group = record(figures)?.[field];
  const value = key === undefined ? group : record(group)?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A figure as the bench prints it: two decimals below 10 (idle CPU, small deltas), one above. */
const shown = (value: number): number => (Math.abs(value) < 10 ? Math.round(value * 100) / 100 : round1(value));

const signed = (value: number): string => `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(shown(value))}`;

/** Each figure of `current` beside `baseline`'s, as [name, text] lines; figures neither run measured are left out. */
export function compareFigures(current: ConsoleFigures, baseline: unknown): [string, string][] {
  const lines: [string, string][] = [];
  for (const entry of FIGURE_ENTRIES) {
    const now = figureAt(current, entry.at);
    const then = figureAt(baseline, entry.at);
    const unit = entry.unit;
    if (now === null && then === null) continue;
    if (now === null) lines.push([entry.name, `not measured (baseline ${shown(then!)} ${unit})`]);
    else if (then === null) lines.push([entry.name, `${shown(now)} ${unit} (not in the baseline)`]);
    else {
      const percent = then === 0 ? '' : `, ${signed(((now - then) / then) * 100)} %`;
      lines.push([entry.name, `${shown(now)} ${unit} vs ${shown(then)} ${unit}: ${signed(now - then)} ${unit}${percent}`]);
    }
  }
  return lines;
}

/** How `now` was measured otherwise than `then`, in words; empty when the same. */
export function settingsDiffer(now: MeasuredWith, then: MeasuredWith): string[] {
  const differ: string[] = [];
  if (now.idleSeconds !== then.idleSeconds) differ.push(`idle windows ${now.idleSeconds} s (baseline ${then.idleSeconds} s)`);
  if (now.keySamples !== then.keySamples) differ.push(`${now.keySamples} samples per key (baseline ${then.keySamples})`);
  if (now.demoSeed !== then.demoSeed) differ.push(`demo seed ${now.demoSeed} (baseline ${then.demoSeed})`);
  return differ;
}

/** The baseline with `measured` put in: its targets replaced, the others kept. */
export function mergeBaseline(previous: Baseline | undefined, measured: Record<string, BaselineTarget>): Baseline {
  return {targets: {...previous?.targets, ...measured}};
}

function readBaseline(): Baseline | undefined {
  if (!existsSync(BASELINE_FILE)) return undefined;
  const parsed = JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Partial<Baseline>;
  return {targets: parsed.targets ?? {}};
}

function measuredWith(settings: BenchSettings): MeasuredWith {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
  } catch {
    // Not a git checkout (an unpacked tarball): the figures still serve.
  }
  return {
    commit,
    date: new Date().toISOString(),
    idleSeconds: settings.idleSeconds,
    keySamples: settings.keySamples,
    demoSeed: process.env['BENCH_DEMO_SEED'] ?? '1',
    cpus: os.availableParallelism(),
    loadAverage: round1(os.loadavg()[0]!),
  };
}

/** Prints this run's figures against the baseline, and writes them as the baseline when BENCH_BASELINE=write. */
export function benchAgainstBaseline(measured: Readonly<Record<string, ConsoleFigures>>, settings: BenchSettings): void {
  const mode = process.env['BENCH_BASELINE'] ?? 'compare';
  const targets = Object.keys(measured);
  if (mode === 'off' || targets.length === 0) return;
  const file = path.relative(root, BASELINE_FILE);
  const baseline = readBaseline();
  const now = measuredWith(settings);
  for (const target of targets) {
    const then = baseline?.targets[target];
    if (!then) {
      console.log(`\n${target}: no baseline in ${file} (BENCH_BASELINE=write stores one)`);
      continue;
    }
    const when = `${then.measuredWith.commit}, ${then.measuredWith.date.slice(0, 10)}, load ${then.measuredWith.loadAverage} on ${then.measuredWith.cpus} CPUs`;
    console.log(`\n${target} against the baseline (${file}: ${when}); the budgets, not this, are the pass line`);
    for (const difference of settingsDiffer(now, then.measuredWith)) console.log(`  measured otherwise: ${difference}`);
    for (const [name, text] of compareFigures(measured[target]!, then.figures)) report(`vs baseline, ${target}: ${name}`, text);
  }
  if (mode !== 'write') return;
  const written = Object.fromEntries(targets.map(target => [target, {measuredWith: now, figures: measured[target]!}]));
  writeFileSync(BASELINE_FILE, `${JSON.stringify(mergeBaseline(baseline, written), null, 2)}\n`);
  console.log(`\nbaseline written to ${file}: ${targets.join(', ')} (commit it with the change that moved them)`);
}
