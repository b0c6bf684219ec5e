// What per-task stats cost: 50 running tasks on screen across the 3 lab nodes,
// the console on their tasks pane with --nodes-via through a counting proxy per
// node socket (requests/s as the engines see them), CPU of swarmtop and of the
// three dockerds, and the same console whose nodes can't be reached.
//
//   BENCH_REACH_BASELINE=/path/dist/cli.js
//                        a build without per-task stats (e.g. the commit before them), run on
//                        the same pane alternating with this one: "stats add" is the difference
//   BENCH_REACH_PAIRS=2  with-stats / baseline pairs (with a baseline)
//   BENCH_REACH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"
//                        node options for the console (profiles are written as it exits)
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {labDockerSync as labDocker, labSockets, waitUntil} from '../lab/lab.js';
import {processStats} from '../support/process-stats.js';
import {TerminalSession} from '../support/terminal.js';
import {report, sleep} from './report.js';
import type {BenchSettings} from './settings.js';

const TASKS = 50;

/** A unix socket in front of each node's socket, counting the HTTP requests sent through it. */
function countingProxies(dir: string): {count: () => number; close: () => void} {
  let requests = 0;
  const servers = [1, 2, 3].map(node => {
    const server = net.createServer(client => {
      const upstream = net.connect(`/run/stlab/node${node}.sock`);
      client.on('data', chunk => {
        requests += (chunk.toString('latin1').match(/ HTTP\/1\.[01]\r\n/g) ?? []).length;
      });
      client.pipe(upstream).pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end);
      upstream.on('error', end);
    });
    server.listen(path.join(dir, `node${node}.sock`));
    return server;
  });
  return {count: () => requests, close: () => servers.forEach(server => server.close())};
}

function dockerdCpuSeconds(): number {
  return [1, 2, 3].reduce((sum, node) => sum + processStats(Number(readFileSync(`/run/stlab/node${node}.dockerd.pid`, 'utf8').trim())).cpuSeconds, 0);
}

const nodeArgs = (process.env['BENCH_REACH_NODE_ARGS'] ?? '').split(' ').filter(Boolean);

async function measure(cliPath: string, nodesVia: string, seconds: number, count: () => number) {
  const term = TerminalSession.spawn(process.execPath, [...nodeArgs, cliPath, '-H', labSockets().manager, '--nodes-via', nodesVia], {cols: 160, rows: 60});
  try {
    await term.waitForText('bench-stats', {timeoutMs: 20_000});
    term.type(':tasks');
    term.write('\r');
    term.type('/bench-stats');
    term.write('\r');
    await term.waitForText(new RegExp(`/bench-stats\\s+${TASKS} of`), {timeoutMs: 20_000});
    // Let the first rounds connect and fill in.
    await sleep(5_000);
    const before = processStats(term.pid);
    const dockerdBefore = dockerdCpuSeconds();
    const requestsBefore = count();
    await sleep(seconds * 1000);
    const after = processStats(term.pid);
    const perMinute = 60 / seconds;
    return {
      cpu: (after.cpuSeconds - before.cpuSeconds) * perMinute,
      dockerd: (dockerdCpuSeconds() - dockerdBefore) * perMinute,
      requests: (count() - requestsBefore) / seconds,
      screen: term.screenText(),
    };
  } finally {
    term.kill();
    // A profile is written as the console exits (SIGHUP, then SIGKILL after 500 ms).
    if (nodeArgs.length > 0) await term.waitForExit({timeoutMs: 10_000}).catch(() => undefined);
  }
}

const average = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

export async function benchReach({cliPath, idleSeconds}: BenchSettings): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-reach-'));
  const proxies = countingProxies(dir);
  try {
    labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'bench-stats', '--replicas', String(TASKS), 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => labDocker(1, ['service', 'ls', '--filter', 'name=bench-stats', '--format', '{{.Replicas}}']).trim() === `${TASKS}/${TASKS}`, {
      timeoutMs: 180_000,
    });
    const seconds = Math.min(idleSeconds, 60);
    const viaProxies = `unix://${dir}/{hostname}.sock`;
    const baseline = process.env['BENCH_REACH_BASELINE'];
    const pairs = baseline ? Math.max(1, Number(process.env['BENCH_REACH_PAIRS'] ?? 2)) : 1;
    const runs: Awaited<ReturnType<typeof measure>>[] = [];
    const baselineCpu: number[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      runs.push(await measure(cliPath, viaProxies, seconds, proxies.count));
      if (baseline) baselineCpu.push((await measure(baseline, viaProxies, seconds, proxies.count)).cpu);
    }
    const withStats = {
      cpu: average(runs.map(run => run.cpu)),
      dockerd: average(runs.map(run => run.dockerd)),
      requests: average(runs.map(run => run.requests)),
      screen: runs.at(-1)!.screen,
    };
    const visible = (withStats.screen.match(/bench-stats\.\d+.*\d%/g) ?? []).length;
    const without = await measure(cliPath, 'unix:///nonexistent/{hostname}.sock', seconds, proxies.count);
    report(`lab reach: task rows with CPU shown (of ${TASKS}, 160x60 terminal)`, String(visible));
    // The costs below are of stats that reach the screen: with none shown they measure nothing (a round
    // that dropped every CPU mark once passed here unnoticed, printing 0).
    if (visible === 0) throw new Error('lab reach: no task row shows a CPU figure, so per-task stats are not reaching the screen');
    report('lab reach: stats requests to the nodes (2 s refresh)', `${withStats.requests.toFixed(1)} req/s`);
    report('lab reach: swarmtop CPU with stats', `${withStats.cpu.toFixed(2)} s/min${pairs > 1 ? ` (${runs.map(run => run.cpu.toFixed(2)).join(', ')})` : ''}`);
    if (baseline) {
      report(
        'lab reach: swarmtop CPU, the baseline build (no stats)',
        `${average(baselineCpu).toFixed(2)} s/min (${baselineCpu.map(cpu => cpu.toFixed(2)).join(', ')})`,
      );
      // Per pair too: a pair whose two samples other jobs on the machine hit unevenly stands out.
      const perPair = runs.map((run, pair) => (run.cpu - baselineCpu[pair]!).toFixed(2)).join(', ');
      report('lab reach: stats add to swarmtop (budget 1 s/min)', `${(withStats.cpu - average(baselineCpu)).toFixed(2)} s/min (pairs: ${perPair})`);
    }
    // Not a baseline without stats: with every node unreachable the rounds are quicker, so rows redraw more often.
    report('lab reach: swarmtop CPU, every node unreachable (rows say —)', `${without.cpu.toFixed(2)} s/min`);
    report('lab reach: the 3 dockerds CPU with stats', `${withStats.dockerd.toFixed(2)} s/min`);
    report('lab reach: the 3 dockerds CPU without', `${without.dockerd.toFixed(2)} s/min`);
  } finally {
    proxies.close();
    rmSync(dir, {recursive: true, force: true});
    try {
      labDocker(1, ['service', 'rm', 'bench-stats']);
    } catch {
      // Gone with the lab.
    }
  }
}
