// Live latency: how long a replica that comes up takes to show as running, on a worker and on
// the manager, against `watch -n1 docker service ls` in the same run. Both run in real
// pseudo-terminals against the lab; the docker CLI scales a service pinned to one node from 0
// to 1 (`-d`), and from the moment it returns each screen is watched for `1/1`.
//
// The console runs at its default 2 s refresh: what shows sooner came by a live read (the
// service event, or the node's container event with `nodesVia`; see source/model/live-window.ts).
//
// Standalone: `bash test/lab/locked.sh node .bench-dist/test/bench/live-latency.js` (after
// `npm run build` and `npm run build:bench`); it brings the lab up if it is not running, and down again afterwards.
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {labDocker, labDockerSync, labIsUp, labSockets, waitUntil} from '../lab/lab.js';
import {TerminalSession} from '../support/terminal.js';
import {type LatencyStats, latencyStats} from './event-latency.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
// BENCH_CLI: another build of the console (an earlier commit's, for a before/after figure).
const cliPath = process.env['BENCH_CLI'] ?? path.join(root, 'dist', 'cli.js');
const labScript = path.join(root, 'test', 'lab', 'lab.sh');

/** Where the replica lands: a worker's tasks have no event on the manager; the manager's own containers do. */
export const PLACEMENTS = [
  {name: 'worker', hostname: 'node2'},
  {name: 'manager', hostname: 'node1'},
] as const;

export interface LiveLatencyRow {
  placement: (typeof PLACEMENTS)[number]['name'];
  /** From `docker service scale -d` returning to `1/1` on the console's screen (ms). */
  console: LatencyStats;
  /** The same, on `watch -n1 docker service ls`'s screen. */
  watch: LatencyStats;
}

export interface LiveLatencyResult {
  nodesVia: boolean;
  rows: LiveLatencyRow[];
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** When `term` shows `pattern`, in performance.now() time. */
async function shownAt(term: TerminalSession, pattern: RegExp): Promise<number> {
  await term.waitForText(pattern, {timeoutMs: 15_000});
  return performance.now();
}

/**
 * `runs` rounds of 0 → 1 → 0 on each placement. With `nodesVia`, the console reaches each lab
 * node's own engine (and follows its container events).
 */
export async function measureLiveLatency(options: {runs?: number; nodesVia?: boolean} = {}): Promise<LiveLatencyResult> {
  const runs = options.runs ?? 3;
  const manager = labSockets().manager;
  const service = (placement: string) => `bench-live-${placement}`;
  for (const placement of PLACEMENTS) {
    labDockerSync(1, [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--name',
      service(placement.name),
      '--replicas',
      '0',
      '--constraint',
      `node.hostname==${placement.hostname}`,
      '--stop-grace-period',
      '1s',
      'lab/busybox:1',
      'sleep',
      '1d',
    ]);
  }
  const nodesVia = options.nodesVia ? ['--nodes-via', 'unix:///run/stlab/{hostname}.sock'] : [];
  const env = {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined};
  const term = TerminalSession.spawn(process.execPath, [cliPath, '-H', manager, ...nodesVia], {cols: 160, rows: 40, env, recordOutput: false});
  const watch = TerminalSession.spawn('watch', ['-n1', 'docker', '-H', manager, 'service', 'ls'], {cols: 160, rows: 40, env, recordOutput: false});
  const samples = new Map<string, {console: number[]; watch: number[]}>(PLACEMENTS.map(placement => [placement.name, {console: [], watch: []}]));
  try {
    const row = (name: string, count: string) => new RegExp(`${service(name)}\\s+replicated\\s+${count}\\b`);
    for (const placement of PLACEMENTS) {
      await Promise.all([
        term.waitForText(row(placement.name, '0/0'), {timeoutMs: 30_000}),
        watch.waitForText(row(placement.name, '0/0'), {timeoutMs: 30_000}),
      ]);
    }
    // The event streams are up a moment after the first frame.
    await sleep(2000);
    for (let run = 0; run < runs; run++) {
      for (const placement of PLACEMENTS) {
        const up = row(placement.name, '1/1');
        const shown = Promise.all([shownAt(term, up), shownAt(watch, up)]);
        await labDocker(1, ['service', 'scale', '-d', `${service(placement.name)}=1`]);
        const returned = performance.now();
        const [onConsole, onWatch] = await shown;
        samples.get(placement.name)!.console.push(onConsole - returned);
        samples.get(placement.name)!.watch.push(onWatch - returned);
        await labDocker(1, ['service', 'scale', '-d', `${service(placement.name)}=0`]);
        await Promise.all([shownAt(term, row(placement.name, '0/0')), shownAt(watch, row(placement.name, '0/0'))]);
        // Out of step with both refresh clocks, and the old container gone.
        await sleep(1500 + Math.random() * 1000);
      }
    }
  } finally {
    term.kill();
    watch.kill();
    try {
      labDockerSync(1, ['service', 'rm', ...PLACEMENTS.map(placement => service(placement.name))]);
    } catch {
      // Gone with the lab already.
    }
  }
  return {
    nodesVia: options.nodesVia ?? false,
    rows: PLACEMENTS.map(placement => ({
      placement: placement.name,
      console: latencyStats(samples.get(placement.name)!.console),
      watch: latencyStats(samples.get(placement.name)!.watch),
    })),
  };
}

export function formatLiveLatency(result: LiveLatencyResult): string[] {
  const stats = (value: LatencyStats) => `p50 ${Math.round(value.p50)} ms · max ${Math.round(value.max)} ms`;
  return result.rows.map(
    row =>
      `${`running count, replica on the ${row.placement}${result.nodesVia ? ' (nodes reached)' : ''}`.padEnd(56)} swarmtop ${stats(row.console)} · watch -n1 ${stats(row.watch)} (${row.console.runs} runs)`,
  );
}

async function main(): Promise<void> {
  const startedLab = !labIsUp();
  if (startedLab) {
    console.log('starting the lab swarm…');
    execFileSync('bash', [labScript, 'up'], {stdio: ['ignore', 'ignore', 'inherit']});
  }
  try {
    await waitUntil(() => labIsUp(), {timeoutMs: 60_000});
    const runs = Number(process.env['BENCH_LATENCY_RUNS'] ?? 3);
    for (const nodesVia of [false, true]) {
      for (const line of formatLiveLatency(await measureLiveLatency({runs, nodesVia}))) console.log(line);
    }
  } finally {
    if (startedLab && process.env['BENCH_KEEP_LAB'] !== '1') execFileSync('bash', [labScript, 'down'], {stdio: 'ignore'});
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch(error => {
    console.error(`live latency bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
