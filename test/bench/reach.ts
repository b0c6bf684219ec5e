// What per-task stats cost: 50 running tasks on screen across the 3 lab nodes,
// the console on their tasks pane with --nodes-via through a counting proxy per
// node socket (requests/s as the engines see them), CPU of swarmtop and of the
// three dockerds, and the same console whose nodes can't be reached.
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

async function measure(cliPath: string, nodesVia: string, seconds: number, count: () => number) {
  const term = TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, '--nodes-via', nodesVia], {cols: 160, rows: 60});
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
  }
}

export async function benchReach({cliPath, idleSeconds}: BenchSettings): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-reach-'));
  const proxies = countingProxies(dir);
  try {
    labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'bench-stats', '--replicas', String(TASKS), 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => labDocker(1, ['service', 'ls', '--filter', 'name=bench-stats', '--format', '{{.Replicas}}']).trim() === `${TASKS}/${TASKS}`, {timeoutMs: 180_000});
    const seconds = Math.min(idleSeconds, 60);
    const withStats = await measure(cliPath, `unix://${dir}/{hostname}.sock`, seconds, proxies.count);
    const visible = (withStats.screen.match(/bench-stats\.\d+.*\d%/g) ?? []).length;
    const without = await measure(cliPath, 'unix:///nonexistent/{hostname}.sock', seconds, proxies.count);
    report(`lab reach: task rows with CPU shown (of ${TASKS}, 160x60 terminal)`, String(visible));
    report('lab reach: stats requests to the nodes (2 s refresh)', `${withStats.requests.toFixed(1)} req/s`);
    report('lab reach: swarmtop CPU with stats', `${withStats.cpu.toFixed(2)} s/min`);
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
