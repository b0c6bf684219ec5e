// Volumes from the keyboard, in the built console against the real lab, each node's own
// engine reached through --nodes-via: every node's local volumes with the node each lives
// on and the service tasks that mount it; Ctrl-d asks first and removes an unused one on
// its own node (a worker's and the manager's); one a task mounts is refused and kept; one
// a plain container holds is refused by the engine, whose words are shown. The docker CLI
// on each node is the oracle.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {type LabNode, LAB_NODES, labDockerSync as docker, labSkipReason, labSockets, resetSwarm, waitUntil} from '../lab/lab.js';
import {filterTo} from '../support/console-steps.js';
import {TerminalSession} from '../support/terminal.js';
import {ctrl, keys} from '../support/terminal-keys.js';
import {lineWith} from './reach-checks.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();
const EACH_NODE = 'unix:///run/stlab/{hostname}.sock';
/** Every volume this file makes starts with it, so cleaning up touches nothing else. */
const PREFIX = 'e2evol_';

function startConsole(args: string[] = []): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, '--refresh', '0.5', '--nodes-via', EACH_NODE, ...args], {
    cols: 200,
    rows: 40,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
  });
}

const volumesOn = (node: LabNode) =>
  docker(node, ['volume', 'ls', '--format', '{{.Name}}'])
    .split('\n')
    .filter(name => name.startsWith(PREFIX));

async function openVolumes(term: TerminalSession, name: string): Promise<void> {
  term.type(':volumes');
  term.press(keys.enter);
  await term.waitForText(/NAME\s+DRIVER\s+NODE/);
  await term.waitForText(name, {timeoutMs: 20_000});
  await filterTo(term, name);
  // The row is selected once the frame settles: Ctrl-d acts on what shows.
  await term.waitForQuiet(300, {timeoutMs: 5_000});
}

describe.skipIf(skip)('volumes listed per node and removed from the keyboard, against the lab swarm', () => {
  let term: TerminalSession | undefined;

  const cleanUp = async () => {
    await resetSwarm();
    for (const node of LAB_NODES) for (const name of volumesOn(node)) docker(node, ['volume', 'rm', name]);
  };

  beforeAll(async () => {
    await cleanUp();
    // Made by the engine on node2 when the task starts there: in use by a service.
    docker(1, [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--name',
      'e2evol-db',
      '--constraint',
      'node.hostname==node2',
      '--mount',
      `type=volume,source=${PREFIX}data,target=/data`,
      'lab/busybox:1',
      'sleep',
      '1d',
    ]);
    docker(2, ['volume', 'create', `${PREFIX}spare`]);
    docker(1, ['volume', 'create', `${PREFIX}mgr_spare`]);
    // Held by a plain container, which no task spec names: only node3's engine knows.
    docker(3, ['volume', 'create', `${PREFIX}held`]);
    docker(3, ['run', '-d', '--name', 'e2evol-holder', '-v', `${PREFIX}held:/held`, 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => volumesOn(2).includes(`${PREFIX}data`), {timeoutMs: 60_000, what: 'e2evol-db running with its volume on node2'});
  }, 180_000);

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  afterAll(cleanUp, 180_000);

  it("lists each node's volumes with the node it lives on and the tasks that mount it", async () => {
    term = startConsole();
    term.type(':volumes');
    term.press(keys.enter);
    await term.waitForText(`${PREFIX}mgr_spare`, {timeoutMs: 20_000});
    await waitUntil(() => /e2evol_data\s+local\s+node2\s+local\s+e2evol-db\.1/.test(lineWith(term!, `${PREFIX}data`)), {
      timeoutMs: 20_000,
      what: `e2evol_data on node2 used by e2evol-db.1: ${lineWith(term, `${PREFIX}data`)}`,
    });
    expect(lineWith(term, `${PREFIX}spare`)).toMatch(/e2evol_spare\s+local\s+node2\s+local\s+unused\s*$/);
    expect(lineWith(term, `${PREFIX}mgr_spare`)).toMatch(/e2evol_mgr_spare\s+local\s+node1\s+local\s+unused\s*$/);
    expect(lineWith(term, `${PREFIX}held`)).toMatch(/e2evol_held\s+local\s+node3\s+local\s+unused\s*$/);
  }, 60_000);

  it("Ctrl-d on an unused volume on a worker asks, then removes it on that worker's engine", async () => {
    term = startConsole();
    await openVolumes(term, `${PREFIX}spare`);
    term.write(ctrl('d'));
    await term.waitForText('Remove volume e2evol_spare on node2?');
    // Nothing is done before the answer.
    expect(volumesOn(2)).toContain(`${PREFIX}spare`);
    term.press('y');
    await term.waitForText('volume e2evol_spare removed from node2', {timeoutMs: 20_000});
    expect(volumesOn(2)).not.toContain(`${PREFIX}spare`);
    expect(volumesOn(2)).toContain(`${PREFIX}data`);
  }, 60_000);

  it("Ctrl-d on the manager's own unused volume removes it there; n keeps it", async () => {
    term = startConsole();
    await openVolumes(term, `${PREFIX}mgr_spare`);
    term.write(ctrl('d'));
    await term.waitForText('Remove volume e2evol_mgr_spare on node1?');
    term.press('n');
    await term.waitForNoText('Remove volume e2evol_mgr_spare on node1?');
    expect(volumesOn(1)).toContain(`${PREFIX}mgr_spare`);
    term.write(ctrl('d'));
    await term.waitForText('Remove volume e2evol_mgr_spare on node1?');
    term.press('y');
    await term.waitForText('volume e2evol_mgr_spare removed from node1', {timeoutMs: 20_000});
    expect(volumesOn(1)).not.toContain(`${PREFIX}mgr_spare`);
  }, 60_000);

  it('Ctrl-d on a volume a service task mounts is refused, naming the task, and nothing is sent', async () => {
    term = startConsole();
    await openVolumes(term, `${PREFIX}data`);
    await waitUntil(() => lineWith(term!, `${PREFIX}data`).includes('e2evol-db.1'), {timeoutMs: 20_000, what: 'the user shown'});
    term.write(ctrl('d'));
    await term.waitForText('volume e2evol_data on node2 is in use by e2evol-db.1: not removed');
    expect(term.screenText()).not.toContain('Remove volume e2evol_data');
    expect(volumesOn(2)).toContain(`${PREFIX}data`);
  }, 60_000);

  it("a volume a plain container holds: the node's engine refuses, and its words are shown whole", async () => {
    term = startConsole();
    await openVolumes(term, `${PREFIX}held`);
    term.write(ctrl('d'));
    await term.waitForText('Remove volume e2evol_held on node3?');
    term.press('y');
    const holder = docker(3, ['inspect', '--format', '{{.Id}}', 'e2evol-holder']).trim();
    // The status line wraps a long message: read it whole.
    await waitUntil(
      () => term!.screenText().replace(/\n/g, '').includes(`removing volume e2evol_held on node3 failed: remove e2evol_held: volume is in use - [${holder}]`),
      {
        timeoutMs: 20_000,
        what: `the engine's refusal: ${term.screenText()}`,
      },
    );
    expect(volumesOn(3)).toContain(`${PREFIX}held`);
  }, 60_000);

  it('--readonly offers no Ctrl-d here and says why', async () => {
    term = startConsole(['--readonly']);
    await openVolumes(term, `${PREFIX}data`);
    expect(term.screenText()).not.toContain('<Ctrl-d> remove');
    term.write(ctrl('d'));
    await term.waitForText('read-only: ctrl-d would change the swarm');
    expect(volumesOn(2)).toContain(`${PREFIX}data`);
  }, 60_000);
});
