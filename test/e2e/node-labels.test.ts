// `e` on a node, in the built console against the real lab, with a shell script
// standing in for a person at $EDITOR: a label added from the console lets a
// task pending on a placement constraint start; an edit of a field that cannot
// change is refused and changes nothing. node2's labels are put back afterwards
// (the lab is shared by the other test files).

import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {labDockerSync as docker, labSkipReason, labSockets, waitUntil} from '../lab/lab.js';
import {filterTo} from '../support/console-steps.js';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();
const SERVICE = 'nl-zoned';
const NODE = 'node2';

const editorDir = skip ? '' : mkdtempSync(path.join(os.tmpdir(), 'e2e-node-editor-'));

/** A shell script standing in for a person at $EDITOR: `body` edits the file "$1". */
function scriptedEditor(name: string, body: string): string {
  const file = path.join(editorDir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`, {mode: 0o755});
  return file;
}

function startConsole(env: Record<string, string | undefined>): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, '--refresh', '0.5'], {
    cols: 160,
    rows: 40,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, VISUAL: undefined, ...env},
  });
}

async function command(term: TerminalSession, text: string): Promise<void> {
  term.type(`:${text}`);
  term.press(keys.enter);
}

const NODES = ['node1', 'node2', 'node3'];
const labelsOf = (node: string): Record<string, string> => JSON.parse(docker(1, ['node', 'inspect', node, '--format', '{{json .Spec.Labels}}'])) ?? {};
const labels = () => labelsOf(NODE);

/** Gives `node` exactly `wanted` as its labels (a key is never both removed and added: the CLI would apply the removal last). */
function setLabels(node: string, wanted: Record<string, string>): void {
  const current = labelsOf(node);
  const args = [
    ...Object.keys(current)
      .filter(key => !(key in wanted))
      .flatMap(key => ['--label-rm', key]),
    ...Object.entries(wanted)
      .filter(([key, value]) => current[key] !== value)
      .flatMap(([key, value]) => ['--label-add', `${key}=${value}`]),
  ];
  if (args.length) docker(1, ['node', 'update', ...args, node]);
}
const nodeVersion = () => Number(docker(1, ['node', 'inspect', NODE, '--format', '{{.Version.Index}}']).trim());
const states = (service: string) => docker(1, ['service', 'ps', service, '--filter', 'desired-state=running', '--format', '{{.Node}} {{.CurrentState}}']);

describe.skipIf(skip)('node labels from the keyboard, against the lab swarm', () => {
  let term: TerminalSession | undefined;
  const before = new Map<string, Record<string, string>>();

  beforeAll(() => {
    // The constraint below must be met by no node until the console adds the label.
    for (const node of NODES) {
      const {zone: _zone, ...rest} = labelsOf(node);
      before.set(node, labelsOf(node));
      setLabels(node, rest);
    }
  });

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  afterAll(() => {
    try {
      docker(1, ['service', 'rm', SERVICE]);
    } catch {
      // never created
    }
    // Every node's labels as they were: what the console added goes, what was there comes back.
    for (const [node, wanted] of before) setLabels(node, wanted);
    if (editorDir) rmSync(editorDir, {recursive: true, force: true});
  });

  it('adding zone=blue to node2 lets the task pending on node.labels.zone==blue start there', async () => {
    docker(1, [
      'service',
      'create',
      '--detach',
      '--quiet',
      '--name',
      SERVICE,
      '--constraint',
      'node.labels.zone==blue',
      '--no-resolve-image',
      'lab/busybox:1',
      'sleep',
      '1d',
    ]);
    await waitUntil(() => states(SERVICE).includes('Pending'), {timeoutMs: 30_000, what: `${SERVICE} pending`});
    // Adds the label, whether node2 has no labels (`Labels: {}`) or some (a mapping below `Labels:`).
    const editor = scriptedEditor('add-zone.sh', `sed -i -e 's/^  Labels: {}$/  Labels: {zone: blue}/' -e 's/^  Labels:$/  Labels:\\n    zone: blue/' "$1"`);
    term = startConsole({EDITOR: editor});
    await term.waitForText(SERVICE);
    await filterTo(term, SERVICE);
    term.press(keys.enter);
    await term.waitForText(`services › tasks of ${SERVICE}`);
    term.press('d');
    await term.waitFor(session => session.screenText().replace(/\s+/g, ' ').includes(`${NODE}: node.labels.zone==blue (has no zone)`), {
      timeoutMs: 20_000,
      description: 'describe says node2 has no zone',
    });

    await command(term, 'nodes');
    await term.waitForText(/HOSTNAME\s+ROLE/);
    await filterTo(term, NODE);
    term.press('e');
    await term.waitForText(`Apply 1 change to ${NODE}? [y/N]`);
    expect(term.screenText()).toContain('Spec.Labels.zone: (unset) → "blue"');
    expect(labels()['zone']).toBeUndefined();
    term.press('y');
    await term.waitForText(`${NODE} updated`);
    expect(labels()['zone']).toBe('blue');

    await command(term, 'services');
    await filterTo(term, SERVICE);
    await term.waitForText(new RegExp(`${SERVICE}\\s+replicated\\s+1/1`), {timeoutMs: 60_000});
    term.press(keys.enter);
    await term.waitForText(new RegExp(`${SERVICE}\\.1\\s+lab/busybox:1\\s+${NODE}\\s+Running\\s+Running`), {timeoutMs: 30_000});
    expect(states(SERVICE)).toMatch(new RegExp(`^${NODE} Running`, 'm'));
  }, 120_000);

  it('an edit that changes a field other than the spec is refused, and nothing changes', async () => {
    const editor = scriptedEditor(
      'rename-host.sh',
      `sed -i -e 's/^  Hostname: ${NODE}$/  Hostname: renamed/' -e 's/^  Availability: active$/  Availability: drain/' "$1"`,
    );
    const version = nodeVersion();
    const labelsBefore = labels();
    term = startConsole({EDITOR: editor});
    await term.waitForText(SERVICE);
    await command(term, 'nodes');
    await term.waitForText(/HOSTNAME\s+ROLE/);
    await filterTo(term, NODE);
    term.press('e');
    await term.waitForText(`The edit of ${NODE} cannot be sent. Edit again? [y/N]`);
    expect(term.screenText()).toContain(`Description.Hostname: "${NODE}" → "renamed"`);
    term.press('n');
    await term.waitForNoText('cannot be sent');
    expect(nodeVersion()).toBe(version);
    expect(labels()).toEqual(labelsBefore);
    expect(docker(1, ['node', 'inspect', NODE, '--format', '{{.Spec.Availability}}']).trim()).toBe('active');
  }, 60_000);
});
