// Live reads against the lab: a replica that comes up or dies on a worker shows without
// waiting for a refresh. The console refreshes every 30 s here, and each wait gives up well
// before that, so only a live read can pass them (see source/model/live-window.ts).
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, it} from 'vitest';
import {labDocker, labDockerSync as docker, labSkipReason, labSockets, waitUntil} from '../lab/lab.js';
import {TerminalSession} from '../support/terminal.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();
const SERVICE = 'live-worker';
/** Well under the 30 s refresh: a screen that changes within it was read live. */
const SOONER_THAN_A_REFRESH_MS = 15_000;

function startConsole(args: string[] = []): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, '--refresh', '30', ...args], {
    cols: 140,
    rows: 40,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
  });
}

const row = (count: string) => new RegExp(`${SERVICE}\\s+replicated\\s+${count}\\b`);

describe.skipIf(skip)('live reads: a moving service shows before the next refresh', () => {
  let term: TerminalSession | undefined;

  beforeAll(() => {
    try {
      docker(1, ['service', 'rm', SERVICE]);
    } catch {
      // Not left over from an earlier run.
    }
    docker(1, [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--name',
      SERVICE,
      '--replicas',
      '0',
      '--constraint',
      'node.hostname==node2',
      '--stop-grace-period',
      '1s',
      'lab/busybox:1',
      'sleep',
      '1d',
    ]);
  }, 60_000);

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  afterAll(() => {
    docker(1, ['service', 'rm', SERVICE]);
  }, 60_000);

  it('shows a replica scaled up on a worker as running, from the service event', async () => {
    term = startConsole();
    await term.waitForText(row('0/0'), {timeoutMs: 30_000});
    await labDocker(1, ['service', 'scale', '-d', `${SERVICE}=1`]);
    // The service event shows 0/1 at once; the running count moves only by the live reads that follow it.
    await term.waitForText(row('1/1'), {timeoutMs: SOONER_THAN_A_REFRESH_MS});
  }, 60_000);

  it('shows a worker’s container that dies, from the node’s container events alone', async () => {
    await waitUntil(() => docker(2, ['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${SERVICE}`]).trim(), {
      timeoutMs: 30_000,
      what: 'the task container on node2',
    });
    term = startConsole(['--nodes-via', 'unix:///run/stlab/{hostname}.sock']);
    await term.waitForText(row('1/1'), {timeoutMs: 30_000});
    // The console subscribes to node2's events once its first read has listed the nodes, and nothing on
    // screen tells when that is done: a container killed before then is seen only at the replacement's start.
    await new Promise(resolve => setTimeout(resolve, 2000));
    // Out of the manager's sight: no service changes, only the task (restarted after the default 5 s delay).
    const container = docker(2, ['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${SERVICE}`]).trim();
    docker(2, ['kill', container]);
    await term.waitForText(row('0/1'), {timeoutMs: SOONER_THAN_A_REFRESH_MS});
    await term.waitForText(row('1/1'), {timeoutMs: SOONER_THAN_A_REFRESH_MS});
  }, 60_000);
});
