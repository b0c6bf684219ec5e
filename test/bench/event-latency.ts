// Event latency: how long a change made by another client takes to show in
// swarmtop. The built CLI runs in a real pseudo-terminal against the lab with
// a 30 s poll, so only the event stream can explain a quick update; the docker
// CLI scales a service back and forth, and each time the screen is watched
// for the new replica count.
//
// Two figures per run: from the moment the docker CLI is started (its own
// start-up and request included), and from the moment it returned (the
// engine has accepted the change; what is left is the event, swarmtop's
// refresh and the repaint).
//
// Standalone: `node .bench-dist/test/bench/event-latency.js` under the lab lock
// (`bash test/lab/locked.sh node .bench-dist/test/bench/event-latency.js`); it brings
// the lab up if it is not running, and down again afterwards.
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {labDocker, labDockerSync, labIsUp, labSockets, waitUntil} from '../lab/lab.js';
import {TerminalSession} from '../support/terminal.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const labScript = path.join(root, 'test', 'lab', 'lab.sh');

export interface LatencyStats {
  runs: number;
  p50: number;
  p95: number;
  max: number;
}

export interface EventLatencyResult {
  /** From starting `docker service scale` to the new count on screen (ms). */
  fromCommand: LatencyStats;
  /** From `docker service scale` returning to the new count on screen (ms); can be below 0 when the screen wins. */
  afterCommand: LatencyStats;
  samples: Array<{fromCommandMs: number; afterCommandMs: number}>;
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank]!;
}

export function latencyStats(values: readonly number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  return {runs: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted[sorted.length - 1] ?? Number.NaN};
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Measures event latency against a running lab: `runs` external scales of a
 * throw-away service, each timed until swarmtop's services pane shows it.
 */
export async function measureEventLatency(options: {runs?: number; service?: string} = {}): Promise<EventLatencyResult> {
  const runs = options.runs ?? 10;
  const service = options.service ?? 'bench-latency';
  labDockerSync(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', service, '--replicas', '1', 'lab/busybox:1', 'sleep', '1d']);
  const term = TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, '--refresh', '30'], {
    cols: 120,
    rows: 40,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
  });
  const samples: EventLatencyResult['samples'] = [];
  try {
    const row = (desired: number) => new RegExp(`${service}\\s+replicated\\s+\\d+/${desired}\\b`);
    await term.waitForText(row(1), {timeoutMs: 20_000});
    // The event stream is up once the header has no "events down" and a first change came through; give it a moment.
    await sleep(1000);
    for (let run = 0; run < runs; run++) {
      const desired = run % 2 === 0 ? 3 : 1;
      const started = performance.now();
      let returned = Number.NaN;
      const command = labDocker(1, ['service', 'scale', `${service}=${desired}`, '-d']).then(() => {
        returned = performance.now();
      });
      await term.waitForText(row(desired), {timeoutMs: 10_000});
      const shown = performance.now();
      await command;
      samples.push({fromCommandMs: shown - started, afterCommandMs: shown - returned});
      // Let the tasks start and the screen settle before the next change.
      await sleep(1500);
    }
  } finally {
    term.kill();
    try {
      labDockerSync(1, ['service', 'rm', service]);
    } catch {
      // Gone with the lab already.
    }
  }
  return {
    fromCommand: latencyStats(samples.map(sample => sample.fromCommandMs)),
    afterCommand: latencyStats(samples.map(sample => sample.afterCommandMs)),
    samples,
  };
}

export function formatLatency(result: EventLatencyResult): string[] {
  const line = (label: string, stats: LatencyStats) =>
    `${label.padEnd(44)} p50 ${Math.round(stats.p50)} ms · p95 ${Math.round(stats.p95)} ms · max ${Math.round(stats.max)} ms (${stats.runs} runs)`;
  return [line('event latency, from docker service scale', result.fromCommand), line('event latency, after docker service scale', result.afterCommand)];
}

async function main(): Promise<void> {
  const startedLab = !labIsUp();
  if (startedLab) {
    console.log('starting the lab swarm…');
    execFileSync('bash', [labScript, 'up'], {stdio: ['ignore', 'ignore', 'inherit']});
  }
  try {
    await waitUntil(() => labIsUp(), {timeoutMs: 60_000});
    const result = await measureEventLatency({runs: Number(process.env['BENCH_LATENCY_RUNS'] ?? 10)});
    for (const line of formatLatency(result)) console.log(line);
  } finally {
    if (startedLab) execFileSync('bash', [labScript, 'down'], {stdio: 'ignore'});
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch(error => {
    console.error(`event latency bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
