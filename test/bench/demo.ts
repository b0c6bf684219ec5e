// The console against the simulated swarm at a given size, in a real pty, measured
// by console.ts. The story is pinned: the engine is built from a fixed seed
// (BENCH_DEMO_SEED, default 1) with its autopilot held, and the bench releases it at
// the same point of its cycle for every idle window (the rolling updates come 15 s
// in, and at large a redeploy every 15 s), and holds it for the one-row change and
// the keys. So every run plays the same rollouts at the same moments.
import {spawn, type ChildProcess} from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {TerminalSession} from '../support/terminal.js';
import {type Activity, measureConsole} from './console.js';
import {type ConsoleFigures, LARGE_CEILINGS, budgetFailures, recordFigures} from './figures.js';
import {processStats} from '../support/process-stats.js';
import {mebibytes, report} from './report.js';
import {line} from './screen.js';
import {type BenchSettings, root} from './settings.js';
import {buildSea, seaPath} from '../support/distribution.js';

/** Where the simulated engine runs: in swarmtop's process (`--demo`), or in its own (`-H unix://…`). */
export type EnginePlacement = 'separate' | 'in-process';

/** Where in the autopilot's 6-minute cycle each idle window starts: its rolling updates come 15 s later. */
const CYCLE_OFFSET_MS = 45_000;

interface Engine {
  url: string;
  process?: ChildProcess;
}

function demoEnv(): Record<string, string> {
  return {SWARMTOP_DEMO_SEED: process.env['BENCH_DEMO_SEED'] ?? '1', SWARMTOP_DEMO_AUTOPILOT: 'held'};
}

async function startSeparateEngine(size: string): Promise<Engine> {
  const child = spawn(process.execPath, [path.join(root, '.bench-dist', 'test', 'bench', 'demo-engine.js'), size], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {...process.env, ...demoEnv()},
  });
  const lines = createInterface({input: child.stdout!});
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', code => reject(new Error(`demo engine exited (${code}) before serving`)));
  });
  return {url, process: child};
}

function post(url: string, requestPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request({socketPath: url.replace(/^unix:\/\//, ''), method: 'POST', path: requestPath}, response => {
      let body = '';
      response.on('data', chunk => (body += String(chunk)));
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`POST ${requestPath}: ${response.statusCode} ${body}`))));
    });
    request.on('error', reject);
    request.end();
  });
}

/** The demo's autopilot, released at the same point of its cycle each time and held in between. */
function autopilot(url: string): Activity {
  return {
    start: () => post(url, `/swarmtop-demo/autopilot/release?offset=${CYCLE_OFFSET_MS}`),
    stop: () => post(url, '/swarmtop-demo/autopilot/hold'),
  };
}

/** Services the bench rolls out and reads logs of: at large the catalog's 100- and 50-replica ones. */
function bigServices(size: string): {rolloutService: string; logService?: string} {
  return size === 'small' ? {rolloutService: 'shop_web'} : {rolloutService: 'storefront_web', logService: 'storefront_ingest'};
}

export interface DemoVerdict {
  /** The budgets missed (printed). */
  missed: string[];
  /** Ceilings exceeded (the run fails). */
  failed: string[];
}

/**
 * What the demo bench runs: the single executable operators copy onto a manager (its V8
 * flags fixed in the file, as shipped), or with BENCH_CONSOLE=dist the tsc build under
 * plain `node`, which runs with none of them (its young generation grows to 64 MiB at
 * size large, about 60 MiB of peak memory no user pays).
 */
export function demoConsole(settings: BenchSettings, env: NodeJS.ProcessEnv = process.env): DemoConsole {
  const which = env['BENCH_CONSOLE'] ?? 'sea';
  if (which === 'dist') return {command: process.execPath, args: [settings.cliPath], name: 'dist/cli.js under node'};
  if (which !== 'sea') throw new Error(`BENCH_CONSOLE is sea or dist (got "${which}")`);
  if (!seaBuilt) {
    const built = buildSea();
    report('build: single executable for the demo bench', `${built.ms} ms`);
    seaBuilt = true;
  }
  return {command: seaPath, args: [], name: 'the single executable'};
}

interface DemoConsole {
  command: string;
  args: string[];
  name: string;
}

let seaBuilt = false;

/** Measures one size and placement; at size large, with the engine separate, checks the budgets and ceilings (figures.ts). */
export async function benchDemo(settings: BenchSettings, size: string, placement: EnginePlacement): Promise<DemoVerdict> {
  const label = `demo ${size}, engine ${placement}`;
  const console_ = demoConsole(settings);
  report(`${label}: console measured`, console_.name);
  const engineStarted = performance.now();
  const engine: Engine = placement === 'separate' ? await startSeparateEngine(size) : {url: ''};
  if (engine.process) report(`${label}: simulated engine ready`, `${Math.round(performance.now() - engineStarted)} ms`);
  const args = [...console_.args, ...(placement === 'separate' ? ['-H', engine.url] : [`--demo=${size}`])];
  const started = performance.now();
  const term = TerminalSession.spawn(console_.command, args, {cols: settings.cols, rows: settings.rows, recordOutput: false, env: demoEnv()});
  let figures: ConsoleFigures;
  try {
    if (!engine.url) {
      await term.waitFor(t => /unix:\/\/\S+\.sock/.test(line(t, 0)), {timeoutMs: 120_000, description: 'the demo socket in the header'});
      engine.url = /unix:\/\/\S+\.sock/.exec(line(term, 0))![0];
    }
    figures = await measureConsole(
      term,
      {label, url: engine.url, activity: autopilot(engine.url), ...bigServices(size), ...(engine.process && {enginePid: engine.process.pid!})},
      settings,
      started,
    );
    if (engine.process) report(`${label}: peak memory of the simulated engine process`, mebibytes(processStats(engine.process.pid!).peakRssBytes));
  } finally {
    await term.close();
    engine.process?.kill('SIGTERM');
  }
  // The JSON holds swarmtop's own figures: the engine in its own process.
  if (placement === 'separate') recordFigures(size, figures);
  // The budgets are swarmtop's, so they hold for it alone, at the size.
  if (size !== 'large' || placement !== 'separate') return {missed: [], failed: []};
  return {
    missed: budgetFailures(figures).map(failure => `${label}: ${failure}`),
    failed: budgetFailures(figures, LARGE_CEILINGS).map(failure => `${label}: ${failure}`),
  };
}
