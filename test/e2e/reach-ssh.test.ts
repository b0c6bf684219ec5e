// Node reach over ssh against the lab: the manager as -H ssh://, each node's
// own engine through a real sshd in that node's namespace (test/lab/sshd.sh)
// with the system ssh client, by an ssh:// --nodes-via template and by the ssh
// default (the manager's user at each node's hostname). The same checks as
// reach.test.ts (stats, health, how tasks ended, a shell), and a node whose
// sshd is down. Nothing here reads or writes ~/.ssh: the client config comes in
// through SWARMTOP_SSH_OPTS="-F <copy of the lab config>" and its known_hosts
// through --ssh-opt, so both channels must reach every ssh the console runs.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {labDockerSync as docker, labSkipReason, resetSwarm, waitUntil} from '../lab/lab.js';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const sshdSh = path.join(root, 'test', 'lab', 'sshd.sh');
const skip = labSkipReason();
// The lab's ssh config has a Host alias per swarm hostname (node1..node3).
const EACH_NODE = 'ssh://{hostname}';
const MANAGER = 'ssh://stlab-mgr1';

function sshd(...args: string[]): string {
  return execFileSync('bash', [sshdSh, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}

function sshPaths(): Record<string, string> {
  return Object.fromEntries(
    sshd('paths')
      .trim()
      .split('\n')
      .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

const runningTasks = (service: string) =>
  docker(1, ['service', 'ps', service, '--filter', 'desired-state=running', '--format', '{{.CurrentState}}']).split('\n').filter(line => line.startsWith('Running'));

async function openPane(term: TerminalSession, command: string) {
  term.type(`:${command}`);
  term.press(keys.enter);
}

async function focus(term: TerminalSession, name: string) {
  term.type(`/${name}`);
  term.press(keys.enter);
  await term.waitForText(new RegExp(`/${name}\\s+\\d+ of`));
}

/** The screen line of a row holding `text`. */
function lineWith(term: TerminalSession, text: string): string {
  // Below the header, the summary and the crumbs.
  return term.screenText().split('\n').slice(3).find(line => line.includes(text)) ?? '';
}

describe.skipIf(skip)('node reach over ssh: stats, health and ends from each node\'s own engine through its sshd', () => {
  let term: TerminalSession | undefined;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-e2e-reach-ssh-'));
  /** The lab's client config without its known_hosts line, and that file for --ssh-opt. */
  let sshConfig = '';
  let knownHosts = '';

  function startConsole(args: string[]): TerminalSession {
    return TerminalSession.spawn(process.execPath, [cliPath, '-H', MANAGER, '--refresh', '1', '--ssh-opt', `UserKnownHostsFile=${knownHosts}`, ...args], {
      cols: 160,
      rows: 40,
      env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, SWARMTOP_SSH_OPTS: `-F ${sshConfig}`},
    });
  }

  beforeAll(async () => {
    sshd('up', '1', '2', '3');
    const paths = sshPaths();
    knownHosts = paths.STLAB_SSH_KNOWN_HOSTS!;
    sshConfig = path.join(scratch, 'ssh_config');
    const config = readFileSync(paths.STLAB_SSH_CONFIG!, 'utf8');
    expect(config).toMatch(/UserKnownHostsFile /);
    writeFileSync(sshConfig, config.replace(/^\s*UserKnownHostsFile .*\n/m, ''));
    await resetSwarm();
    const create = (args: string[]) => docker(1, ['service', 'create', '--detach', '--no-resolve-image', ...args]);
    create(['--name', 'reach-busy', '--constraint', 'node.hostname==node2', 'lab/busybox:1', 'sh', '-c', 'while :; do :; done']);
    create(['--name', 'reach-idle', '--mode', 'global', 'lab/busybox:1', 'sleep', '1d']);
    create(['--name', 'reach-oom', '--constraint', 'node.hostname==node3', '--limit-memory', '16m', '--restart-condition', 'none', 'lab/busybox:1', 'sh', '-c', 'x=0123456789; while :; do x=$x$x; done']);
    create(['--name', 'reach-sick', '--constraint', 'node.hostname==node2', '--health-cmd', 'echo probe-says-no; exit 1', '--health-interval', '1s', '--health-retries', '2', '--health-start-period', '0s', 'lab/busybox:1', 'sleep', '1d']);
    create(['--name', 'reach-well', '--constraint', 'node.hostname==node3', '--health-cmd', 'true', '--health-interval', '1s', 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => runningTasks('reach-busy').length === 1 && runningTasks('reach-idle').length === 3, {timeoutMs: 60_000, what: 'services running'});
  }, 180_000);

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  afterAll(async () => {
    term?.kill();
    // As ssh.test.ts leaves it: no sshd in the lab for later files.
    sshd('down', '1', '2', '3');
    rmSync(scratch, {recursive: true, force: true});
    await resetSwarm();
  }, 120_000);

  it('shows a CPU-busy task on a worker using about a core, and idle tasks near nothing', async () => {
    term = startConsole(['--nodes-via', EACH_NODE]);
    await term.waitForText('reach-busy');
    await openPane(term, 'tasks');
    await focus(term, 'reach-');
    await term.waitForText(/CPU\s+MEM/);
    // The busy loop holds a core: at least 50 % of one (the lab shares 2 cores).
    const busy = await waitUntil(
      () => {
        const match = /reach-busy\.1.*?\s(\d+(?:\.\d)?)%\s+(\S+)/.exec(lineWith(term!, 'reach-busy.1'));
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
    await waitUntil(() => docker(1, ['service', 'ps', 'reach-oom', '--format', '{{.CurrentState}}']).match(/Failed|Complete|Shutdown/), {timeoutMs: 60_000, what: 'reach-oom ended'});
    term = startConsole(['--nodes-via', EACH_NODE]);
    await term.waitForText('reach-oom');
    await openPane(term, 'tasks');
    await focus(term, 'reach-oom');
    await term.waitForText('OOM killed (limit 16MiB)', {timeoutMs: 20_000});
    expect(lineWith(term, 'OOM killed')).toContain('reach-oom.1');
  }, 60_000);

  it('shows a failing health check as unhealthy, with the probe output in describe', async () => {
    await waitUntil(() => docker(2, ['ps', '-a', '--filter', 'name=reach-sick', '--format', '{{.Status}}']).includes('unhealthy'), {timeoutMs: 60_000, what: 'reach-sick unhealthy'});
    term = startConsole(['--nodes-via', EACH_NODE]);
    await term.waitForText('reach-sick');
    await openPane(term, 'tasks');
    // A passing check on a running task on a worker reads healthy.
    await focus(term, 'reach-well');
    await term.waitForText(/reach-well\.1.*Running.*healthy/, {timeoutMs: 20_000});
    term.press(keys.escape);
    await term.waitForNoText('/reach-well');
    await focus(term, 'reach-sick');
    await term.waitForText('unhealthy', {timeoutMs: 20_000});
    const row = term.screenText().split('\n').findIndex(line => line.includes('unhealthy'));
    expect(row).toBeGreaterThan(0);
    // Describe of the first unhealthy task: its probes' output.
    const firstRow = term.screenText().split('\n').findIndex(line => line.includes('reach-sick'));
    for (let step = firstRow; step < row; step++) term.press(keys.down);
    term.press('d');
    await term.waitForText('probe-says-no', {timeoutMs: 20_000});
    expect(term.screenText()).toMatch(/Status:\s+unhealthy/);
  }, 90_000);

  it('with node3\'s sshd down, shows why on node3 (pane and describe) and still shows the other nodes\' stats', async () => {
    sshd('down', '3');
    try {
      term = startConsole(['--nodes-via', EACH_NODE]);
      await term.waitForText('reach-busy');
      await openPane(term, 'nodes');
      await term.waitForText(/REACH/);
      // The REACH cell holds the reason's start (ssh's line, cut to the column); the detail line and describe hold all of it.
      await waitUntil(() => /node3.*ssh: connect to host 10\.213\.0\.13/.test(lineWith(term!, 'node3')), {timeoutMs: 20_000, what: `node3 reason: ${lineWith(term, 'node3')}`});
      await waitUntil(() => /node2.*\d+%\s+\S+B\s+ok/.test(lineWith(term!, 'node2')), {timeoutMs: 20_000, what: `node2 stats: ${lineWith(term, 'node2')}`});
      expect(lineWith(term, 'node1')).toMatch(/\d+(\.\d)?%\s+\S+B\s+ok/);
      expect(lineWith(term, 'node3')).toContain('—');
      // The reason in full under the table once node3 is selected: ssh's own line.
      await focus(term, 'node3');
      await term.waitForText(/node3 engine not reached at ssh:\/\/node3: ssh: connect to host 10\.213\.0\.13 port 22: Connection refused/);
      // And in describe, as the node's engine part.
      term.press('d');
      await term.waitForText(/Reached:\s+no/);
      expect(term.screenText()).toMatch(/Endpoint:\s+ssh:\/\/node3/);
      expect(term.screenText()).toMatch(/Reason:\s+ssh: connect to host 10\.213\.0\.13 port 22: Connection refused/);
      term.press(keys.escape);
      await term.waitForNoText(/Reached:\s+no/);
      // x on a task there says why, and opens nothing.
      await openPane(term, 'tasks');
      await focus(term, 'reach-idle.node3');
      await term.waitForText(/reach-idle\.node3.*—/);
      await term.waitForQuiet(300, {timeoutMs: 5_000});
      term.press('x');
      await term.waitForText(/can't open a shell: node node3 is not reached: ssh: connect to host 10\.213\.0\.13 port 22: Connection refused/, {timeoutMs: 15_000});
      expect(lineWith(term, 'reach-idle.node3')).toContain('—');
      expect(term.screenText()).not.toContain('/ #');
    } finally {
      sshd('up', '3');
    }
  }, 60_000);

  it('x opens a shell over ssh in a task on a worker: hostname prints its container ID, exit returns to the pane', async () => {
    const containerId = docker(2, ['ps', '--filter', 'name=reach-idle', '--format', '{{.ID}}']).trim();
    expect(containerId).toMatch(/^[0-9a-f]{12}$/);
    term = startConsole(['--nodes-via', EACH_NODE]);
    await term.waitForText('reach-idle');
    await openPane(term, 'tasks');
    await focus(term, 'reach-idle.node2');
    term.press('?');
    await term.waitForText(/x\s+Shell in the task/);
    term.press(keys.escape);
    await term.waitForNoText('Help — tasks');
    // The list comes back a moment after the help (over ssh, "Loading tasks…" can show first): x needs its row.
    await term.waitForText(/reach-idle\.node2\s+lab\/busybox/);
    term.press('x');
    // busybox sh as root prompts "/ #", on the normal screen while the console steps aside.
    await term.waitForText('/ #', {timeoutMs: 20_000});
    term.type('hostname\r');
    await term.waitForText(new RegExp(`^${containerId}\\s*$`, 'm'));
    term.type('exit\r');
    await term.waitForText('shell on node2 exited');
    expect(term.screenText()).toContain('reach-idle.node2');
    expect(term.screenText()).not.toContain('/ #');
  }, 60_000);

  it('has no x in --readonly', async () => {
    term = startConsole(['--nodes-via', EACH_NODE, '--readonly']);
    await term.waitForText('reach-idle');
    await openPane(term, 'tasks');
    await focus(term, 'reach-idle.node2');
    term.press('x');
    term.press('?');
    await term.waitForText('Help — tasks');
    // The tasks pane's help (its CPU sort is there), without the shell.
    expect(term.screenText()).toContain('Sort by CPU use');
    expect(term.screenText()).not.toMatch(/\bx\s+Shell/);
    expect(term.screenText()).not.toContain('/ #');
  });

  it('without --nodes-via reaches every node as the manager\'s ssh user at its hostname: stats on all three', async () => {
    term = startConsole([]);
    await term.waitForText('reach-busy');
    await openPane(term, 'nodes');
    await term.waitForText(/REACH/);
    for (const node of ['node1', 'node2', 'node3']) {
      await waitUntil(() => new RegExp(`${node}.*\\d+(\\.\\d)?%\\s+\\S+B\\s+ok`).test(lineWith(term!, node)), {timeoutMs: 20_000, what: `${node} stats: ${lineWith(term, node)}`});
    }
    // node2 through its own hostname (a Host alias in the lab config); node1 is the manager's own endpoint.
    await focus(term, 'node2');
    term.press('d');
    await term.waitForText(/Reached:\s+yes/);
    expect(term.screenText()).toMatch(/Endpoint:\s+ssh:\/\/node2\b/);
    term.press(keys.escape);
    await term.waitForNoText(/Reached:\s+yes/);
    await openPane(term, 'tasks');
    await focus(term, 'reach-busy');
    const busy = await waitUntil(
      () => {
        const match = /reach-busy\.1.*?\s(\d+(?:\.\d)?)%/.exec(lineWith(term!, 'reach-busy.1'));
        return match && Number(match[1]) >= 50 ? match : undefined;
      },
      {timeoutMs: 30_000, what: `busy task CPU: ${lineWith(term, 'reach-busy.1')}`},
    );
    expect(Number(busy[1])).toBeGreaterThanOrEqual(50);
  }, 90_000);
});
