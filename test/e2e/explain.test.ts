import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {labDockerSync as docker, labSkipReason, labSockets, waitUntil} from '../lab/lab.js';
import {sizeText} from '../../source/model/why-pending.js';
import {filterTo} from '../support/console-steps.js';
import {TerminalSession} from '../support/terminal.js';
import {ctrl, keys} from '../support/terminal-keys.js';

// Each diagnosis of the issue "Explain, don't just list", on the lab swarm: the
// services are made with the docker CLI, as another operator would, and read
// off the screen of the built console.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();
const PREFIX = 'ex-';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const create = ['service', 'create', '--detach', '--quiet', '--no-resolve-image'];

function startConsole(): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, '--refresh', '0.5'], {
    cols: 180,
    rows: 40,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
  });
}

/** The screen as one line: summaries wrap, and a sentence may span two rows. */
const flat = (term: TerminalSession) => term.screenText().replace(/\s+/g, ' ');
const waitForSentence = (term: TerminalSession, sentence: string | RegExp, timeoutMs = 20_000) =>
  term.waitFor(session => (typeof sentence === 'string' ? flat(session).includes(sentence) : sentence.test(flat(session))), {
    timeoutMs,
    description: `sentence ${String(sentence)}`,
  });

const nodeId = (name: string) => docker(1, ['node', 'inspect', name, '--format', '{{.ID}}']).trim();
const ours = () =>
  docker(1, ['service', 'ls', '--format', '{{.Name}}'])
    .split('\n')
    .filter(name => name.startsWith(PREFIX));
const pending = (service: string) =>
  docker(1, ['service', 'ps', service, '--filter', 'desired-state=running', '--format', '{{.CurrentState}}']).includes('Pending');
const failures = (service: string) =>
  docker(1, ['service', 'ps', service, '--format', '{{.Error}}'])
    .split('\n')
    .filter(line => line.includes('non-zero exit')).length;

describe.skipIf(skip)('explanations, against the lab swarm', () => {
  let term: TerminalSession | undefined;

  beforeAll(() => {
    docker(1, ['node', 'update', '--label-add', 'zone=a', nodeId('node1')]);
  });

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  afterAll(() => {
    const names = ours();
    if (names.length) docker(1, ['service', 'rm', ...names]);
    docker(1, ['node', 'update', '--label-rm', 'zone', nodeId('node1')]);
    docker(1, ['node', 'update', '--availability', 'active', nodeId('node3')]);
  });

  it('a constraint no node meets: which constraint, and what each node has', async () => {
    docker(1, [...create, '--name', 'ex-zoned', '--constraint', 'node.labels.zone==eu', 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => pending('ex-zoned'), {timeoutMs: 30_000});
    term = startConsole();
    await term.waitForText(/ex-zoned\s+replicated\s+0\/1/);
    await filterTo(term, 'ex-zoned');
    await waitForSentence(term, 'ex-zoned pending: no node fits: constraint node.labels.zone==eu; node1 has zone=a, node2 and node3 have no zone');
    term.press(keys.enter);
    await term.waitForText('services › tasks of ex-zoned');
    await waitForSentence(term, 'ex-zoned.1 pending: no node fits: constraint node.labels.zone==eu; node1 has zone=a, node2 and node3 have no zone');
    expect(flat(term)).toContain('node2: node.labels.zone==eu (has no zone)');
  });

  it('a memory reservation larger than any node: how much is asked and the most there is, net of what running tasks reserve', async () => {
    // Every node runs one task reserving 1 GiB: the most free is a node's memory less that.
    docker(1, [...create, '--name', 'ex-reserved', '--mode', 'global', '--reserve-memory', '1GiB', 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => /3\/3/.test(docker(1, ['service', 'ls', '--filter', 'name=ex-reserved', '--format', '{{.Replicas}}'])), {timeoutMs: 30_000});
    const memory = Math.max(
      ...['node1', 'node2', 'node3'].map(name => Number(docker(1, ['node', 'inspect', name, '--format', '{{.Description.Resources.MemoryBytes}}']).trim())),
    );
    docker(1, [...create, '--name', 'ex-hungry', '--reserve-memory', '500GiB', 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => pending('ex-hungry'), {timeoutMs: 30_000});
    term = startConsole();
    await term.waitForText(/ex-hungry\s+replicated\s+0\/1/);
    await filterTo(term, 'ex-hungry');
    await waitForSentence(
      term,
      new RegExp(`ex-hungry pending: no node fits: needs 500 GiB of memory reserved; the most free is ${escapeRegExp(sizeText(memory - 2 ** 30))} on node\\d`),
    );
  });

  it('max replicas per node on 3 nodes: "(max 1 per node)" and who already runs one', async () => {
    docker(1, [...create, '--name', 'ex-spread', '--replicas', '5', '--replicas-max-per-node', '1', 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => pending('ex-spread'), {timeoutMs: 30_000});
    term = startConsole();
    await term.waitForText(/ex-spread\s+replicated\s+3\/5 \(max 1 per node\)/, {timeoutMs: 30_000});
    await filterTo(term, 'ex-spread');
    await waitForSentence(term, 'ex-spread pending: no node fits: at most 1 per node; node1, node2 and node3 run 1 already', 30_000);
  });

  it('a drained node: said as drained, before anything else it lacks', async () => {
    docker(1, ['node', 'update', '--availability', 'drain', nodeId('node3')]);
    try {
      docker(1, [...create, '--name', 'ex-pinned', '--constraint', 'node.hostname==node3', 'lab/busybox:1', 'sleep', '1d']);
      await waitUntil(() => pending('ex-pinned'), {timeoutMs: 30_000});
      term = startConsole();
      await term.waitForText(/ex-pinned\s+replicated\s+0\/1/);
      await filterTo(term, 'ex-pinned');
      await waitForSentence(
        term,
        'ex-pinned pending: no node fits: node3 is drained; constraint node.hostname==node3; node1 has hostname=node1, node2 has hostname=node2',
      );
    } finally {
      docker(1, ['node', 'update', '--availability', 'active', nodeId('node3')]);
    }
  });

  it('a crash loop: restarts counted, the state in its own colour, the exit codes summed up', async () => {
    docker(1, [...create, '--name', 'ex-crashy', '--restart-delay', '1s', 'lab/busybox:1', 'sh', '-c', 'sleep 1; exit 3']);
    await waitUntil(() => failures('ex-crashy') >= 3, {timeoutMs: 90_000});
    term = startConsole();
    await filterTo(term, 'ex-crashy');
    await waitForSentence(term, /ex-crashy crash-looping: 1 slot failed 3 or more times in 5 minutes \(exit 3 ×\d+\)/);
    // The RESTARTS column counts the failures; crash-looping is drawn in a colour of its own (bright red).
    // (The selected row is drawn in inverse video, so the colour is read from the line above the table.)
    await term.waitForText(/ex-crashy\s+replicated\s+[01]\/1\s+lab\/busybox:1\s+([3-9]|\d\d+)\s/);
    const at = term.findText('ex-crashy crash-looping')!;
    expect(term.cellStyle(at.row, at.col)?.fg).toBe(9);
    term.press(keys.enter);
    await waitForSentence(term, /ex-crashy\.1 crash-looping: \d+ failures in 5 minutes, \d+ restarts in all \(exit 3 ×\d+\)/);
    await term.waitForText(/ex-crashy\.1\s+lab\/busybox:1\s.*Crash-looping \(/);
  });

  it("an update's diff: describe's Last update, and the reverse diff when rolling back", async () => {
    docker(1, [...create, '--name', 'ex-web', '--replicas', '2', '--env', 'MODE=blue', 'lab/busybox:1', 'sleep', '1d']);
    docker(1, [
      'service',
      'update',
      '--detach',
      '--quiet',
      '--no-resolve-image',
      '--image',
      'lab/busybox:2',
      '--env-add',
      'MODE=green',
      '--replicas',
      '3',
      'ex-web',
    ]);
    term = startConsole();
    await filterTo(term, 'ex-web');
    term.type('d');
    await term.waitForText('Last update:');
    await term.waitForText('image lab/busybox:1 → lab/busybox:2');
    expect(term.screenText()).toContain('env MODE blue → green');
    expect(term.screenText()).toContain('replicas 2 → 3');
    term.press(keys.escape);
    await term.waitForNoText('Last update:');
    term.write(ctrl('l'));
    await term.waitForText('Roll back ex-web to its previous spec? [y/N]');
    expect(term.screenText()).toContain('image lab/busybox:2 → lab/busybox:1');
    expect(term.screenText()).toContain('env MODE green → blue');
    expect(term.screenText()).toContain('replicas 3 → 2');
    term.type('n');
    await term.waitForNoText('Roll back ex-web');
    term.type('o');
    await term.waitForText('rollout of ex-web');
    await waitForSentence(term, 'changes: image lab/busybox:1 → lab/busybox:2 · env MODE blue → green · replicas 2 → 3');
  });

  it('the events pane shows an update made by another client, filters, pauses and follows', async () => {
    docker(1, [...create, '--name', 'ex-events', 'lab/busybox:1', 'sleep', '1d']);
    term = startConsole();
    await term.waitForText(/ex-events\s+replicated/);
    term.type(':events');
    term.press(keys.enter);
    await term.waitForText(/following · \d+ of the last 1000 kept/);
    docker(1, ['service', 'scale', '--detach', 'ex-events=2']);
    await term.waitForText(/\d\d:\d\d:\d\d\s+service\s+update\s+ex-events\s+replicas 1→2/, {timeoutMs: 10_000});
    // The manager's own containers show too, as the new task starts (if it lands there).
    term.type('p');
    // Other tests' services may still be settling, so the count need not start at 0.
    const heldCount = (): number => Number(/paused · (\d+) newer events? held/.exec(term!.screenText())?.[1] ?? -1);
    await term.waitFor(() => heldCount() >= 0, {description: 'the paused line'});
    const heldBefore = heldCount();
    const topRowWhenPaused = term.screenLines()[5];
    docker(1, ['service', 'update', '--detach', '--quiet', '--env-add', 'X=1', 'ex-events']);
    await term.waitFor(() => heldCount() > heldBefore, {timeoutMs: 10_000, description: `more than ${heldBefore} newer events held`});
    // Held, not drawn: the list under the paused line has not moved.
    expect(term.screenLines()[5]).toBe(topRowWhenPaused);
    term.type('f');
    await term.waitForText(/following ·/);
    term.type('/replicas 1→2');
    term.press(keys.enter);
    await term.waitForText(/\/replicas 1→2\s+1 of/);
    expect(term.screenText()).toMatch(/service\s+update\s+ex-events\s+replicas 1→2/);
  });
});
