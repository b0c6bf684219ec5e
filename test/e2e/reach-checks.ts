// The node-reach checks that hold whatever transport reaches the nodes (each node's own
// socket in reach.test.ts, its sshd in reach-ssh.test.ts): the services they look at,
// and the checks themselves, registered into the caller's describe block.
import {expect, it} from 'vitest';
import {labDockerSync as docker, resetSwarm, runningTaskCount, waitUntil} from '../lab/lab.js';
import {filterTo} from '../support/console-steps.js';
import type {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

/** A fresh swarm with a busy task on node2, an idle global service, an OOM kill on node3 and two health checks. */
export async function createReachServices(): Promise<void> {
  await resetSwarm();
  const create = (args: string[]) => docker(1, ['service', 'create', '--detach', '--no-resolve-image', ...args]);
  create(['--name', 'reach-busy', '--constraint', 'node.hostname==node2', 'lab/busybox:1', 'sh', '-c', 'while :; do :; done']);
  create(['--name', 'reach-idle', '--mode', 'global', 'lab/busybox:1', 'sleep', '1d']);
  create([
    '--name',
    'reach-oom',
    '--constraint',
    'node.hostname==node3',
    '--limit-memory',
    '16m',
    '--restart-condition',
    'none',
    'lab/busybox:1',
    'sh',
    '-c',
    'x=0123456789; while :; do x=$x$x; done',
  ]);
  // Not restarted: swarm stops the unhealthy container and keeps that one failed task (and its
  // container, with the probes' output) rather than churning through tasks whose old containers
  // it removes, one of which describe may open just as it goes.
  create([
    '--name',
    'reach-sick',
    '--constraint',
    'node.hostname==node2',
    '--restart-condition',
    'none',
    '--health-cmd',
    'echo probe-says-no; exit 1',
    '--health-interval',
    '1s',
    '--health-retries',
    '2',
    '--health-start-period',
    '0s',
    'lab/busybox:1',
    'sleep',
    '1d',
  ]);
  create(['--name', 'reach-well', '--constraint', 'node.hostname==node3', '--health-cmd', 'true', '--health-interval', '1s', 'lab/busybox:1', 'sleep', '1d']);
  await waitUntil(() => runningTaskCount('reach-busy') === 1 && runningTaskCount('reach-idle') === 3, {timeoutMs: 60_000, what: 'services running'});
}

export function openPane(term: TerminalSession, command: string): void {
  term.type(`:${command}`);
  term.press(keys.enter);
}

/** The screen line of a row holding `text`, below the header, the summary and the crumbs. */
export function lineWith(term: TerminalSession, text: string): string {
  return (
    term
      .screenText()
      .split('\n')
      .slice(3)
      .find(line => line.includes(text)) ?? ''
  );
}

/** `x` on the selected task: the shell's `hostname` is the container's ID, and `exit` gives the console back. */
export async function shellShowsContainer(term: TerminalSession, containerId: string, node: string): Promise<void> {
  term.press('x');
  // busybox sh as root prompts "/ #", on the normal screen while the console steps aside.
  await term.waitForText('/ #', {timeoutMs: 20_000});
  term.type('hostname\r');
  await term.waitForText(new RegExp(`^${containerId}\\s*$`, 'm'));
  term.type('exit\r');
  await term.waitForText(`shell on ${node} exited`);
  expect(term.screenText()).not.toContain('/ #');
}

/**
 * Registers the shared checks. `start` opens a console whose nodes are reached the way
 * the calling file tests (extra flags appended); it must also hand the session to the
 * file's afterEach, so a failing check never leaves a console running.
 */
export function reachChecks(start: (extra?: string[]) => TerminalSession): void {
  it('shows a CPU-busy task on a worker using about a core, and idle tasks near nothing', async () => {
    const term = start();
    await term.waitForText('reach-busy');
    openPane(term, 'tasks');
    await filterTo(term, 'reach-', {anyCount: true});
    await term.waitForText(/CPU\s+MEM/);
    // The busy loop holds a core: at least 50 % of one (the lab shares 2 cores).
    const busy = await waitUntil(
      () => {
        const match = /reach-busy\.1.*?\s(\d+(?:\.\d)?)%\s+(\S+)/.exec(lineWith(term, 'reach-busy.1'));
        return match && Number(match[1]) >= 50 ? match : undefined;
      },
      {timeoutMs: 30_000, what: `busy task CPU: ${lineWith(term, 'reach-busy.1')}`},
    );
    expect(Number(busy[1])).toBeGreaterThanOrEqual(50);
    expect(busy[2]).toMatch(/\d(B|KiB|MiB)/);
    const idle = /reach-idle\.\S+.*?\s(\d+(?:\.\d)?)%/.exec(lineWith(term, 'reach-idle.'));
    expect(idle).not.toBeNull();
    expect(Number(idle![1])).toBeLessThan(5);
  }, 60_000);

  it('says a task was OOM killed, with its limit', async () => {
    await waitUntil(() => docker(1, ['service', 'ps', 'reach-oom', '--format', '{{.CurrentState}}']).match(/Failed|Complete|Shutdown/), {
      timeoutMs: 60_000,
      what: 'reach-oom ended',
    });
    const term = start();
    await term.waitForText('reach-oom');
    openPane(term, 'tasks');
    await filterTo(term, 'reach-oom', {anyCount: true});
    await term.waitForText('OOM killed (limit 16MiB)', {timeoutMs: 20_000});
    expect(lineWith(term, 'OOM killed')).toContain('reach-oom.1');
  }, 60_000);

  it('shows a failing health check as unhealthy, with the probe output in describe', async () => {
    // Swarm stops an unhealthy container within a second, so `docker ps` rarely shows one
    // "(unhealthy)"; an exited container keeps its health in inspect, which is what counts.
    await waitUntil(
      () => {
        const ids = docker(2, ['ps', '-aq', '--filter', 'name=reach-sick']).split('\n').filter(Boolean);
        return ids.length > 0 && docker(2, ['inspect', '--format', '{{if .State.Health}}{{.State.Health.Status}}{{end}}', ...ids]).includes('unhealthy');
      },
      {timeoutMs: 60_000, what: 'reach-sick unhealthy'},
    );
    const term = start();
    await term.waitForText('reach-sick');
    openPane(term, 'tasks');
    // A passing check on a running task on a worker reads healthy.
    await filterTo(term, 'reach-well', {anyCount: true});
    await term.waitForText(/reach-well\.1.*Running.*healthy/, {timeoutMs: 20_000});
    term.press(keys.escape);
    await term.waitForNoText('/reach-well');
    await filterTo(term, 'reach-sick', {anyCount: true});
    await term.waitForText('unhealthy', {timeoutMs: 20_000});
    const row = term
      .screenText()
      .split('\n')
      .findIndex(line => line.includes('unhealthy'));
    expect(row).toBeGreaterThan(0);
    // Describe of the first unhealthy task: its probes' output.
    const firstRow = term
      .screenText()
      .split('\n')
      .findIndex(line => line.includes('reach-sick'));
    for (let step = firstRow; step < row; step++) term.press(keys.down);
    term.press('d');
    await term.waitForText('probe-says-no', {timeoutMs: 20_000});
    expect(term.screenText()).toMatch(/Status:\s+unhealthy/);
  }, 90_000);

  it('x opens a shell in a task on a worker: hostname prints its container ID, exit returns to the pane', async () => {
    const containerId = docker(2, ['ps', '--filter', 'name=reach-idle', '--format', '{{.ID}}']).trim();
    expect(containerId).toMatch(/^[0-9a-f]{12}$/);
    const term = start();
    await term.waitForText('reach-idle');
    openPane(term, 'tasks');
    await filterTo(term, 'reach-idle.node2', {anyCount: true});
    term.press('?');
    await term.waitForText(/x\s+Shell in the task/);
    term.press(keys.escape);
    await term.waitForNoText('Help — tasks');
    // The list comes back a moment after the help ("Loading tasks…" can show first): x needs its row.
    await term.waitForText(/reach-idle\.node2\s+lab\/busybox/);
    await shellShowsContainer(term, containerId, 'node2');
    expect(term.screenText()).toContain('reach-idle.node2');
  }, 60_000);

  it('has no x in --readonly', async () => {
    const term = start(['--readonly']);
    await term.waitForText('reach-idle');
    openPane(term, 'tasks');
    await filterTo(term, 'reach-idle.node2', {anyCount: true});
    term.press('x');
    term.press('?');
    await term.waitForText('Help — tasks');
    // The tasks pane's help (its CPU sort is there), without the shell.
    expect(term.screenText()).toContain('Sort by CPU use');
    expect(term.screenText()).not.toMatch(/\bx\s+Shell/);
    expect(term.screenText()).not.toContain('/ #');
  });
}
