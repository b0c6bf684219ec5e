// The bench's figures as JSON (BENCH_JSON=<file>) and the budgets they are held to
// (issue 17, at size large). One shape for the lab and every demo size, so runs can
// be compared by a program; a figure not measured is null, and fails its budget.

import {writeFileSync} from 'node:fs';

export const KEYS = ['j', 'PgDn', 'filter', 'Enter', 'Esc', '1', '2', '3'] as const;
export const PANES = ['nodes', 'services', 'tasks'] as const;
export const IDLE_PANES = ['services', 'nodes', 'tasks', 'rollout'] as const;

type Figure = number | null;

export interface ConsoleFigures {
  first_frame_ms: Figure;
  key_p95_ms: Record<(typeof KEYS)[number], Figure>;
  pane_complete_ms: Record<(typeof PANES)[number], Figure>;
  idle_cpu_s_per_min: Record<(typeof IDLE_PANES)[number], Figure>;
  idle_bytes_per_min: Figure;
  one_row_change_bytes: Figure;
  rss_mib: {services: Figure; nodes: Figure; tasks: Figure; max: Figure};
}

export function emptyFigures(): ConsoleFigures {
  const each = <K extends string>(names: readonly K[]) => Object.fromEntries(names.map(name => [name, null])) as Record<K, Figure>;
  return {
    first_frame_ms: null,
    key_p95_ms: each(KEYS),
    pane_complete_ms: each(PANES),
    idle_cpu_s_per_min: each(IDLE_PANES),
    idle_bytes_per_min: null,
    one_row_change_bytes: null,
    rss_mib: {services: null, nodes: null, tasks: null, max: null},
  };
}

/** Figures by target ("large", "small", "lab"), written to BENCH_JSON after every target so a failed run keeps what it measured. */
const measured: Record<string, ConsoleFigures> = {};

export function recordFigures(target: string, figures: ConsoleFigures): void {
  measured[target] = figures;
  const file = process.env['BENCH_JSON'];
  if (file) writeFileSync(file, `${JSON.stringify(measured, null, 2)}\n`);
}

/** Every target's figures recorded so far in this run. */
export function measuredFigures(): Readonly<Record<string, ConsoleFigures>> {
  return measured;
}

/** The budgets at size large (500 nodes, 2,000 services, 20,000 tasks). */
export const LARGE_BUDGETS = {
  firstFrameMs: 1000,
  keyP95Ms: 50,
  paneCompleteMs: 500,
  idleCpuSecondsPerMinute: 3,
  peakRssMib: 250,
} as const;

export type Budgets = {[K in keyof typeof LARGE_BUDGETS]: number};

/**
 * What a run at size large must stay within to pass. Where the budget holds with
 * room on the bench machine, it is that budget; where the code is known to miss it (the
 * "Budgets at size large" in docs/performance.md says what stands in the way), a ceiling a little above
 * the worst of the runs measured, so a run fails on a regression and not on a known miss.
 * The budgets are still checked and every miss is printed.
 */
export const LARGE_CEILINGS: Budgets = {
  // Measured 610–714 ms on the single executable.
  firstFrameMs: LARGE_BUDGETS.firstFrameMs,
  // Worst p95 measured 49.4 ms (3, data not yet complete), after a second series for a noisy one.
  keyP95Ms: LARGE_BUDGETS.keyP95Ms,
  paneCompleteMs: LARGE_BUDGETS.paneCompleteMs,
  // Nodes, all tasks and rollout measured 2.1–2.4 s/min; the services pane 3.23–3.34, its window
  // holding the first read of every task (docs/performance.md, "Idle CPU at size large").
  idleCpuSecondsPerMinute: 4.5,
  // Measured 194–234 MiB on the single executable.
  peakRssMib: LARGE_BUDGETS.peakRssMib,
};

/** Every budget `figures` misses, each as a sentence; empty when all hold. */
export function budgetFailures(figures: ConsoleFigures, budgets: Budgets = LARGE_BUDGETS): string[] {
  const failures: string[] = [];
  const check = (name: string, value: Figure, limit: number, unit: string) => {
    if (value === null || !Number.isFinite(value)) failures.push(`${name}: not measured (budget ≤ ${limit} ${unit})`);
    else if (value > limit) failures.push(`${name}: ${value} ${unit} > ${limit} ${unit}`);
  };
  check('first frame', figures.first_frame_ms, budgets.firstFrameMs, 'ms');
  for (const key of KEYS) check(`key ${key} p95`, figures.key_p95_ms[key], budgets.keyP95Ms, 'ms');
  for (const pane of PANES) check(`${pane} pane complete`, figures.pane_complete_ms[pane], budgets.paneCompleteMs, 'ms');
  for (const pane of IDLE_PANES) check(`idle CPU on ${pane}`, figures.idle_cpu_s_per_min[pane], budgets.idleCpuSecondsPerMinute, 's/min');
  for (const pane of ['services', 'nodes', 'tasks', 'max'] as const) check(`peak RSS, ${pane}`, figures.rss_mib[pane], budgets.peakRssMib, 'MiB');
  return failures;
}

export const round1 = (value: number): number => Math.round(value * 10) / 10;

/** Issue 23's startup budgets against the lab, beside `watch docker service ls` in the same run. */
export const STARTUP_BUDGETS = {
  seaFirstFrameMs: 200,
  /** The single executable's first frame, as a multiple of watch's. */
  seaFirstFrameWatchRatio: 3,
  seaPeakRssMib: 80,
  npmPeakRssMib: 80,
} as const;

export interface StartupFigures {
  watchFirstFrameMs: number;
  seaFirstFrameMs: number;
  seaPeakRssMib: number;
  npmPeakRssMib: number;
}

/** Each startup budget as a line (`pass` or `MISS`, the figure and its limit), and whether all hold. */
export function startupVerdicts(figures: StartupFigures, budgets: typeof STARTUP_BUDGETS = STARTUP_BUDGETS): {lines: [string, string][]; pass: boolean} {
  const ratio = figures.seaFirstFrameMs / figures.watchFirstFrameMs;
  const checks: [string, number, number, string][] = [
    ['single executable: first full frame', figures.seaFirstFrameMs, budgets.seaFirstFrameMs, 'ms'],
    ["single executable: first full frame, × watch's", ratio, budgets.seaFirstFrameWatchRatio, '×'],
    ['single executable: peak RSS', figures.seaPeakRssMib, budgets.seaPeakRssMib, 'MiB'],
    ['npm command: peak RSS', figures.npmPeakRssMib, budgets.npmPeakRssMib, 'MiB'],
  ];
  const lines = checks.map(([name, value, limit, unit]): [string, string] => {
    const held = Number.isFinite(value) && value <= limit;
    return [`budget: ${name} ≤ ${limit} ${unit}`, `${held ? 'pass' : 'MISS'} (${unit === '×' ? value.toFixed(2) : round1(value)} ${unit})`];
  });
  return {lines, pass: lines.every(([, verdict]) => verdict.startsWith('pass'))};
}
