// The console against the simulated swarm (`--demo`) at a given size, in a real pty.
//
// Key-to-frame latency, as measured here: the key's bytes are written to the pty at
// t0; output chunks are timestamped as they arrive; the sample ends once (a) the
// emulated screen shows the change the key should cause (a predicate per key, checked
// after every parsed chunk) and then (b) the program has printed nothing for QUIET_MS.
// The latency is the arrival time of the last chunk before that silence, minus t0:
// the moment the frame showing the key's effect was complete on the terminal.
// Every sample starts from a quiet screen. A refresh that happens to land inside a
// sample's window counts against it, as a person would see it.
import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {createInterface} from 'node:readline';
import Dockerode from 'dockerode';
import {swarmClient} from '../../source/docker/client.js';
import {processStats, type ProcessStats} from '../support/process-stats.js';
import {TerminalSession} from '../support/terminal.js';
import {mebibytes, percentile, report, sleep} from './report.js';
import {type BenchSettings, root} from './settings.js';

/** Where the simulated engine runs: in swarmtop's process (`--demo`), or in its own (`-H unix://…`). */
export type EnginePlacement = 'separate' | 'in-process';

export const QUIET_MS = 30;
const SETTLE_MS = 150;
const WAIT_MS = 60_000;
const BODY_FIRST_ROW = 4;

interface Engine {
  url: string;
  process?: ChildProcess;
}

async function startSeparateEngine(size: string): Promise<Engine> {
  const child = spawn(process.execPath, [path.join(root, '.bench-dist', 'test', 'bench', 'demo-engine.js'), size], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({input: child.stdout!});
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', code => reject(new Error(`demo engine exited (${code}) before serving`)));
  });
  return {url, process: child};
}

function line(term: TerminalSession, row: number): string {
  return term.lineAt(row);
}

/** The selected table row's text (drawn inverse), if any. */
function selectedLine(term: TerminalSession): string | undefined {
  for (let row = BODY_FIRST_ROW; row < term.rows - 2; row++) {
    if (term.cellStyle(row, 0)?.inverse) return term.lineAt(row);
  }
  return undefined;
}

function listed(view: string) {
  const crumb = new RegExp(`^${view}\\s+\\d`);
  return (term: TerminalSession) => crumb.test(line(term, 2)) && line(term, BODY_FIRST_ROW).trim() !== '' && !/Loading/.test(line(term, BODY_FIRST_ROW));
}

interface KeyTiming {
  /** ms to the last chunk of the frame that shows the key's full effect (see the top of this file). */
  ms: number;
  /** ms to the chunk after which `early` first held, if given: e.g. the pane drawn before its data arrived. */
  earlyMs?: number;
}

/** The pane listed with its data in full: the nodes pane with its task counts. */
function complete(view: string) {
  const isListed = listed(view);
  if (view !== 'nodes') return isListed;
  return (term: TerminalSession) => isListed(term) && !/\s…\s/.test(line(term, BODY_FIRST_ROW));
}

/** Time from writing `key` to the last chunk of the frame that shows `expected` (see the top of this file). */
async function keyToFrame(
  term: TerminalSession,
  key: string,
  expected: (term: TerminalSession) => boolean,
  early?: (term: TerminalSession) => boolean,
): Promise<KeyTiming> {
  let lastChunkAt: number | undefined;
  let earlyAt: number | undefined;
  const unsubscribe = term.onData(chunk => {
    lastChunkAt = chunk.at;
  });
  try {
    const sentAt = term.press(key);
    await term.waitFor(
      t => {
        if (early && earlyAt === undefined && lastChunkAt !== undefined && early(t)) earlyAt = lastChunkAt;
        return expected(t);
      },
      {timeoutMs: WAIT_MS, description: `the effect of ${JSON.stringify(key)}`},
    );
    await term.waitForQuiet(QUIET_MS, {timeoutMs: WAIT_MS});
    if (lastChunkAt === undefined) throw new Error(`no output after ${JSON.stringify(key)}`);
    return {ms: lastChunkAt - sentAt, ...(earlyAt !== undefined && {earlyMs: earlyAt - sentAt})};
  } finally {
    unsubscribe();
  }
}

async function timeKey(term: TerminalSession, key: string, expected: (term: TerminalSession) => boolean): Promise<number> {
  return (await keyToFrame(term, key, expected)).ms;
}

async function settle(term: TerminalSession): Promise<void> {
  await term.waitForQuiet(SETTLE_MS, {timeoutMs: WAIT_MS});
}

async function unmeasured(term: TerminalSession, key: string, expected: (term: TerminalSession) => boolean): Promise<void> {
  term.press(key);
  await term.waitFor(expected, {timeoutMs: WAIT_MS, description: `the effect of ${JSON.stringify(key)}`});
  await settle(term);
}

function reportLatency(label: string, samples: readonly number[]): void {
  report(`${label} key-to-frame p50 / p95 (${samples.length} samples)`, `${percentile(samples, 0.5).toFixed(1)} / ${percentile(samples, 0.95).toFixed(1)} ms`);
}

async function measureKeys(term: TerminalSession, label: string, samples: number): Promise<void> {
  const changedFrom = (before: string | undefined) => (t: TerminalSession) => {
    const now = selectedLine(t);
    return now !== undefined && now !== before;
  };

  const moves: number[] = [];
  for (let i = 0; i < samples; i++) {
    await settle(term);
    moves.push(await timeKey(term, 'j', changedFrom(selectedLine(term))));
    await unmeasured(term, 'k', changedFrom(selectedLine(term)));
  }
  reportLatency(`${label}: move selection (j)`, moves);

  const pages: number[] = [];
  for (let i = 0; i < samples; i++) {
    await settle(term);
    pages.push(await timeKey(term, 'pageDown', changedFrom(selectedLine(term))));
    await unmeasured(term, 'pageUp', changedFrom(selectedLine(term)));
  }
  reportLatency(`${label}: page down (PgDn)`, pages);

  // A pane counts as switched once it is drawn with its data: the nodes pane with each
  // node's running-task count (drawn as … until the running tasks are read), a task
  // pane without "Loading". The frame drawn before the data is reported as well.
  const panes: Record<string, number[]> = {nodes: [], tasks: [], services: []};
  const drawn: Record<string, number[]> = {nodes: [], tasks: [], services: []};
  const order: Array<[string, string]> = [['1', 'nodes'], ['3', 'tasks'], ['2', 'services']];
  for (let i = 0; i < samples; i++) {
    const [key, view] = order[i % order.length]!;
    await settle(term);
    const shown = (t: TerminalSession) => new RegExp(`^${view}\\s`).test(line(t, 2));
    const timing = await keyToFrame(term, key, complete(view), shown);
    panes[view]!.push(timing.ms);
    drawn[view]!.push(timing.earlyMs ?? timing.ms);
  }
  if (!listed('services')(term)) await unmeasured(term, '2', listed('services'));
  reportLatency(`${label}: switch pane (1/2/3), data shown`, Object.values(panes).flat());
  for (const [view, values] of Object.entries(panes)) {
    reportLatency(`${label}:   … to ${view}, data shown`, values);
    reportLatency(`${label}:   … to ${view}, pane drawn`, drawn[view]!);
  }

  const filters: number[] = [];
  for (let i = 0; i < samples; i++) {
    await settle(term);
    await unmeasured(term, '/', t => line(t, t.rows - 3).startsWith('/'));
    filters.push(await timeKey(term, 'e', t => line(t, 2).includes('/e')));
    await unmeasured(term, 'escape', listed('services'));
  }
  reportLatency(`${label}: type a filter character (after /)`, filters);

  const drills: number[] = [];
  const backs: number[] = [];
  for (let i = 0; i < samples; i++) {
    await settle(term);
    const name = (selectedLine(term) ?? '').trim().split(/\s+/)[0] ?? '';
    drills.push(
      await timeKey(term, 'enter', t => {
        if (!/^services › tasks of /.test(line(t, 2))) return false;
        const first = line(t, BODY_FIRST_ROW);
        return first.includes(name.slice(0, 12)) || first.includes('This service has no tasks');
      }),
    );
    await settle(term);
    backs.push(await timeKey(term, 'escape', t => listed('services')(t) && (selectedLine(t) ?? '').startsWith(name)));
    // Alternate between two services, so every sample drills into a freshly selected one.
    await unmeasured(term, i % 2 === 0 ? 'j' : 'k', t => !(selectedLine(t) ?? '').startsWith(name));
  }
  reportLatency(`${label}: drill into a service (Enter)`, drills);
  reportLatency(`${label}: back (Esc)`, backs);
}

/** Bytes written for one service's replica count changing, per frame; scaled up and back down. */
async function measureOneRowChange(term: TerminalSession, url: string, label: string): Promise<void> {
  const docker = new Dockerode({socketPath: url.replace(/^unix:\/\//, '')});
  const client = swarmClient(docker);
  let target: {name: string; replicas: number} | undefined;
  for (let row = BODY_FIRST_ROW; row < term.rows - 3 && !target; row++) {
    const match = /^(\S+)\s+replicated\s+(\d+)\/(\d+)\s/.exec(line(term, row));
    if (match && match[2] === match[3]) target = {name: match[1]!, replicas: Number(match[3])};
  }
  if (!target) throw new Error(`no converged replicated service on screen:\n${term.formatScreen()}`);
  const [service] = (await docker.listServices({filters: {name: [target.name]}})) as Array<{ID: string}>;
  const sizes: number[] = [];
  for (let i = 0; i < 6; i++) {
    const replicas = i % 2 === 0 ? target.replicas + 1 : target.replicas;
    const shown = new RegExp(`^${target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+replicated\\s+\\d+/${replicas}\\s`, 'm');
    await settle(term);
    const chunks: Array<{at: number; bytes: number}> = [];
    const unsubscribe = term.onData(chunk => chunks.push({at: chunk.at, bytes: chunk.bytes.length}));
    try {
      await client.services.scale(service!.ID, replicas);
      await term.waitFor(t => shown.test(t.screenText()), {timeoutMs: WAIT_MS, description: `${target.name} at ${replicas}`});
      await term.waitForQuiet(QUIET_MS, {timeoutMs: WAIT_MS});
    } finally {
      unsubscribe();
    }
    // The frame that showed the change is the last burst of output (bursts are split by QUIET_MS of silence).
    let bytes = 0;
    for (let k = chunks.length - 1; k >= 0; k--) {
      bytes += chunks[k]!.bytes;
      if (k > 0 && chunks[k]!.at - chunks[k - 1]!.at >= QUIET_MS) break;
    }
    sizes.push(bytes);
  }
  report(`${label}: bytes written for a one-row change (median of ${sizes.length}; max)`, `${percentile(sizes, 0.5)} B; ${Math.max(...sizes)} B`);
}

export async function benchDemo(settings: BenchSettings, size: string, placement: EnginePlacement): Promise<void> {
  const label = `demo ${size}, engine ${placement}`;
  const engineStarted = performance.now();
  const engine: Engine = placement === 'separate' ? await startSeparateEngine(size) : {url: ''};
  if (engine.process) report(`${label}: simulated engine ready`, `${Math.round(performance.now() - engineStarted)} ms`);
  const args = placement === 'separate' ? [settings.cliPath, '-H', engine.url] : [settings.cliPath, `--demo=${size}`];
  const started = performance.now();
  const term = TerminalSession.spawn(process.execPath, args, {cols: settings.cols, rows: settings.rows, recordOutput: false});
  try {
    await term.waitFor(t => /refreshed \d\d:\d\d:\d\d/.test(line(t, 0)) && listed('services')(t), {timeoutMs: 120_000, description: 'the first full frame'});
    report(`${label}: time to first full frame`, `${Math.round(performance.now() - started)} ms`);
    const url = engine.url || /unix:\/\/\S+\.sock/.exec(line(term, 0))?.[0];
    if (!url) throw new Error('the demo socket is not in the header');
    await settle(term);

    await settle(term);
    const engineBefore = engine.process ? processStats(engine.process.pid!) : undefined;
    const before = processStats(term.pid);
    const bytesBefore = term.bytesWritten;
    const writesBefore = term.writes;
    await sleep(settings.idleSeconds * 1000);
    const after = processStats(term.pid);
    const engineAfter = engine.process ? processStats(engine.process.pid!) : undefined;
    const perMinute = 60 / settings.idleSeconds;
    const cpu = (a: ProcessStats, b: ProcessStats) => `${((b.cpuSeconds - a.cpuSeconds) * perMinute).toFixed(2)} s/min`;
    report(`${label}: idle CPU (2 s refresh, ${settings.idleSeconds} s sampled)`, cpu(before, after));
    if (engineBefore && engineAfter) report(`${label}: idle CPU of the simulated engine process`, cpu(engineBefore, engineAfter));
    report(`${label}: idle bytes written`, `${Math.round((term.bytesWritten - bytesBefore) * perMinute)} B/min in ${Math.round((term.writes - writesBefore) * perMinute)} writes/min`);

    await measureOneRowChange(term, url, label);

    report(`${label}: peak memory (VmHWM) on the services pane`, mebibytes(processStats(term.pid).peakRssBytes));

    await measureKeys(term, label, settings.keySamples);

    // The panes that read tasks every refresh: the nodes pane (running tasks, for its
    // counts) and the all-tasks pane (every task, history included).
    for (const [key, view] of [['1', 'nodes'], ['3', 'tasks']] as const) {
      await unmeasured(term, key, complete(view));
      await sleep(2000);
      await settle(term);
      const paneBefore = processStats(term.pid);
      await sleep(settings.idleSeconds * 1000);
      const paneAfter = processStats(term.pid);
      report(`${label}: idle CPU on the ${view === 'nodes' ? 'nodes' : 'all-tasks'} pane`, cpu(paneBefore, paneAfter));
    }
    await unmeasured(term, '2', listed('services'));

    report(`${label}: peak memory (VmHWM) after every pane, all tasks included`, mebibytes(processStats(term.pid).peakRssBytes));
    if (engine.process) report(`${label}: peak memory of the simulated engine process`, mebibytes(processStats(engine.process.pid!).peakRssBytes));
  } finally {
    await term.close();
    engine.process?.kill('SIGTERM');
  }
}
