// The lab swarm's figures for BENCH_JSON ("lab"), measured as the demo's are
// (console.ts): a small stack of busybox services, rolled out (`--force`) every
// 15 s by the bench during each idle window, so the lab idles with rollouts
// running as the demo does. The lab has no budgets of its own: they are for size large.
import Dockerode from 'dockerode';
import {swarmClient} from '../../source/docker/client.js';
import {labDockerSync as labDocker, labSockets, waitUntil} from '../lab/lab.js';
import {TerminalSession} from '../support/terminal.js';
import {type Activity, measureConsole} from './console.js';
import {recordFigures} from './figures.js';
import type {BenchSettings} from './settings.js';

const STACK = 'benchfig';
const ROLLED = `${STACK}_api`;
const FORCE_EVERY_MS = 15_000;

/** `docker service update --force` of one service every 15 s, the first 5 s in. */
function forcedRollouts(url: string, serviceName: string): Activity {
  const client = swarmClient(new Dockerode({socketPath: url.replace(/^unix:\/\//, '')}));
  let timers: NodeJS.Timeout[] = [];
  const force = async () => {
    const service = (await client.services.list()).find(candidate => candidate.Spec.Name === serviceName);
    if (service) await client.services.restart(service.ID);
  };
  return {
    start: async () => {
      const first = setTimeout(() => {
        void force().catch(() => {});
        timers.push(setInterval(() => void force().catch(() => {}), FORCE_EVERY_MS));
      }, 5000);
      timers.push(first);
    },
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers = [];
    },
  };
}

export async function benchLabFigures(settings: BenchSettings): Promise<void> {
  const url = labSockets().manager;
  const create = (name: string, ...args: string[]) =>
    labDocker(1, [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--name',
      `${STACK}_${name}`,
      '--label',
      `com.docker.stack.namespace=${STACK}`,
      ...args,
      'lab/busybox:1',
      'sleep',
      '1d',
    ]);
  const services = ['web', 'api', 'agent'].map(name => `${STACK}_${name}`);
  try {
    create('web', '--replicas', '6', '--update-parallelism', '1', '--update-delay', '8s');
    create('api', '--replicas', '3', '--update-parallelism', '1', '--update-delay', '2s');
    create('agent', '--mode', 'global');
    await waitUntil(
      () =>
        labDocker(1, ['service', 'ls', '--filter', `label=com.docker.stack.namespace=${STACK}`, '--format', '{{.Replicas}}'])
          .split('\n')
          .filter(line => /^(\d+)\/\1\b/.test(line)).length >= 3,
      {timeoutMs: 90_000},
    );
    const started = performance.now();
    const term = TerminalSession.spawn(process.execPath, [settings.cliPath, '-H', url], {cols: settings.cols, rows: settings.rows, recordOutput: false});
    try {
      const figures = await measureConsole(term, {label: 'lab', url, activity: forcedRollouts(url, ROLLED), rolloutService: `${STACK}_web`}, settings, started);
      recordFigures('lab', figures);
    } finally {
      await term.close();
    }
  } finally {
    try {
      labDocker(1, ['service', 'rm', ...services]);
    } catch {
      // Already gone with the lab.
    }
  }
}
