// The swarm's other objects from the keyboard, in the built console against
// the real lab: a deployed stack and its removal, networks, secrets and
// configs with their users, describe and YAML, and the swarm pane's quorum.

import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {labDockerSync as docker, labSkipReason, labSockets, runLabSh, waitUntil} from '../lab/lab.js';
import {filterTo} from '../support/console-steps.js';
import {TerminalSession} from '../support/terminal.js';
import {ctrl, keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();

const STACK = `version: "3.8"
services:
  front:
    image: lab/busybox:1
    command: ["sleep", "1d"]
    deploy: {replicas: 2}
    networks: [back]
  worker:
    image: lab/busybox:1
    command: ["sleep", "1d"]
    networks: [back]
networks:
  back: {driver: overlay}
`;

function startConsole(args: string[] = [], env: Record<string, string | undefined> = {}): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, '--refresh', '0.5', ...args], {
    cols: 140,
    rows: 40,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, ...env},
  });
}

async function command(term: TerminalSession, text: string) {
  term.type(`:${text}`);
  term.press(keys.enter);
}

const stacks = () => docker(1, ['stack', 'ls', '--format', '{{.Name}}']).split('\n').filter(Boolean);
const running = (service: string) =>
  docker(1, ['service', 'ps', service, '--filter', 'desired-state=running', '--format', '{{.CurrentState}}'])
    .split('\n')
    .filter(line => line.startsWith('Running')).length;

describe.skipIf(skip)('swarm objects from the keyboard, against the lab swarm', () => {
  let term: TerminalSession | undefined;

  beforeAll(async () => {
    // A fresh swarm: the promote below needs one whose raft has not been through earlier files' restarts.
    await runLabSh(['up'], {timeoutMs: 120_000});
    const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-stack-'));
    writeFileSync(path.join(dir, 'stack.yml'), STACK);
    docker(1, ['stack', 'deploy', '--resolve-image', 'never', '-c', path.join(dir, 'stack.yml'), 'e2eshop']);
    docker(1, ['network', 'create', '--driver', 'overlay', '--attachable', '--subnet', '10.88.0.0/24', 'e2e-net']);
    docker(1, ['secret', 'create', 'e2e-secret', '-'], {input: 'hunter2'});
    docker(1, ['config', 'create', 'e2e-config', '-'], {input: 'greeting=hello\n'});
    docker(1, [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--name',
      'e2e-api',
      '--network',
      'e2e-net',
      '--secret',
      'e2e-secret',
      '--config',
      'src=e2e-config,target=/etc/e2e.conf',
      '--env',
      'MODE=one',
      '--replicas',
      '2',
      'lab/busybox:1',
      'sleep',
      '1d',
    ]);
    await waitUntil(() => running('e2eshop_front') === 2 && running('e2e-api') === 2, {timeoutMs: 60_000, what: 'services running'});
  }, 180_000);

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  afterAll(async () => {
    for (const args of [
      ['stack', 'rm', 'e2eshop'],
      ['service', 'rm', 'e2e-api'],
      ['node', 'demote', 'node2'],
      ['node', 'demote', 'node3'],
    ]) {
      try {
        docker(1, args);
      } catch {
        // already gone
      }
    }
  }, 60_000);

  it('lists the stack; Enter shows its services, Enter again their tasks', async () => {
    term = startConsole();
    await term.waitForText('e2e-api');
    await command(term, 'stacks');
    await term.waitForText(/e2eshop\s+2\s+3\/3\s+e2eshop_back/);
    term.press(keys.enter);
    await term.waitForText('services of stack e2eshop');
    await term.waitForText(/e2eshop_front\s+replicated\s+2\/2/);
    expect(term.screenText()).not.toContain('e2e-api');
    term.type('/front');
    term.press(keys.enter);
    term.press(keys.enter);
    await term.waitForText('tasks of e2eshop_front');
    await term.waitForText(/e2eshop_front\.1\s/);
  });

  it('shows the overlay network, the secret and the config, each with its users', async () => {
    term = startConsole();
    await term.waitForText('e2e-api');
    await command(term, 'networks');
    await term.waitForText(/e2e-net\s+overlay\s+swarm\s+10\.88\.0\.0\/24\s+attachable\s+e2e-api/);
    await term.waitForText(/e2eshop_back\s+overlay\s+swarm\s+\S+\s+e2eshop_front, e2eshop_worker/);
    await command(term, 'secrets');
    await term.waitForText(/e2e-secret\s+\S+\s+\S+\s+e2e-api/);
    await command(term, 'configs');
    await term.waitForText(/e2e-config\s+\S+\s+\S+\s+e2e-api/);
    await filterTo(term, 'e2e-config');
    term.press('d');
    await term.waitForText('describe config e2e-config');
    await term.waitForText('greeting=hello');
    term.press(keys.escape);
    await command(term, 'secrets');
    await filterTo(term, 'e2e-secret');
    term.press('d');
    await term.waitForText("never returns a secret's value");
    expect(term.screenText()).not.toContain('hunter2');
  });

  it('describes a service and shows it as YAML, with search', async () => {
    term = startConsole();
    await term.waitForText('e2e-api');
    await filterTo(term, 'e2e-api');
    term.press('d');
    await term.waitForText('describe service e2e-api');
    await term.waitForText(/Replicas:\s+2/);
    term.press('G');
    await term.waitForText('e2e-secret → e2e-secret');
    await term.waitForText('e2e-config → /etc/e2e.conf');
    await term.waitForText('e2e-net');
    term.press(keys.escape);
    await term.waitForText(/e2e-api\s+replicated/);
    term.press(keys.escape);
    term.press('y');
    await term.waitForText('yaml of service');
    term.type('/MODE=one');
    term.press(keys.enter);
    await term.waitForText(/- MODE=one/);
    await term.waitForText(/1 row matches \/MODE=one/);
  });

  it("shows the swarm's quorum figures, and follows a promote", async () => {
    term = startConsole();
    await term.waitForText('e2e-api');
    await command(term, 'swarm');
    await term.waitForText('Managers: 1 of 1 reachable · quorum 1 of 1 · tolerates 0 manager failures');
    await term.waitForText(/Root CA certificate expires:\s+20\d\d-/);
    await term.waitForText('docker swarm join --token SWMTKN-1-••••');
    const worker = docker(1, ['swarm', 'join-token', '-q', 'worker']).trim();
    expect(term.screenText()).not.toContain(worker);
    term.press('x');
    await term.waitForText(worker);
    docker(1, ['node', 'promote', 'node2', 'node3']);
    await term.waitForText('Managers: 3 of 3 reachable · quorum 2 of 3 · tolerates 1 manager failure', {timeoutMs: 90_000});
  }, 120_000);

  it('read-only: the swarm pane keeps the tokens hidden and has no key to reveal them', async () => {
    term = startConsole(['--readonly']);
    await term.waitForText('e2e-api');
    await command(term, 'swarm');
    await term.waitForText('Cluster');
    term.press('G');
    await term.waitForText('Join commands (tokens hidden)');
    term.press('x');
    await term.waitForText('read-only');
    expect(term.screenText()).toContain('SWMTKN-1-••••');
  });

  /** A shell script standing in for a person at $EDITOR. */
  function scriptedEditor(name: string, body: string): string {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'e2e-editor-')), name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`, {mode: 0o755});
    return file;
  }

  const version = () => Number(docker(1, ['service', 'inspect', 'e2e-api', '--format', '{{.Version.Index}}']).trim());

  it('edits a service in $EDITOR: the diff is confirmed, then replicas and env change', async () => {
    const editor = scriptedEditor('edit.sh', `sed -i -e 's/Replicas: 2/Replicas: 3/' -e 's/MODE=one/MODE=two/' "$1"`);
    term = startConsole([], {EDITOR: editor, VISUAL: undefined});
    await term.waitForText('e2e-api');
    await filterTo(term, 'e2e-api');
    term.press('e');
    await term.waitForText('Apply 2 changes to e2e-api? [y/N]');
    // the console is whole again after the editor: header and table as well as the question
    await term.waitForText(/e2e-api\s+replicated\s+2\/2/);
    expect(term.screenText()).toContain('swarmtop');
    expect(term.screenText()).toContain('Mode.Replicated.Replicas: 2 → 3');
    expect(term.screenText()).toContain('TaskTemplate.ContainerSpec.Env: [MODE=one] → [MODE=two]');
    term.press('y');
    await term.waitForText('e2e-api updated');
    expect(
      docker(1, ['service', 'inspect', 'e2e-api', '--format', '{{.Spec.Mode.Replicated.Replicas}} {{json .Spec.TaskTemplate.ContainerSpec.Env}}']).trim(),
    ).toBe('3 ["MODE=two"]');
    await term.waitForText(/e2e-api\s+replicated\s+3\/3/, {timeoutMs: 60_000});
  }, 90_000);

  it('an edit with a YAML syntax error applies nothing', async () => {
    const editor = scriptedEditor('break.sh', `printf 'TaskTemplate: {oops\\n' >> "$1"`);
    term = startConsole([], {EDITOR: editor, VISUAL: undefined});
    await term.waitForText('e2e-api');
    await filterTo(term, 'e2e-api');
    const before = version();
    term.press('e');
    await term.waitForText('The YAML for e2e-api does not parse. Edit again? [y/N]');
    term.press('n');
    await term.waitForNoText('does not parse');
    expect(version()).toBe(before);
  });

  it('removes the stack after a confirmation naming everything in it', async () => {
    term = startConsole();
    await term.waitForText('e2e-api');
    await command(term, 'stacks');
    await term.waitForText(/e2eshop\s+2\s+3\/3/);
    term.write(ctrl('d'));
    await term.waitForText('Remove stack e2eshop and everything in it? [y/N]');
    expect(term.screenText()).toContain('services (2): e2eshop_front, e2eshop_worker');
    expect(term.screenText()).toContain('networks (1): e2eshop_back');
    expect(stacks()).toContain('e2eshop');
    term.press('y');
    await term.waitForText('stack e2eshop removed', {timeoutMs: 30_000});
    await term.waitForText('No stacks in this swarm');
    expect(stacks()).not.toContain('e2eshop');
    // The manager's local copy of the network goes once its tasks are cleaned up.
    const networks = () => docker(1, ['network', 'ls', '--format', '{{.Name}}']);
    await waitUntil(() => !networks().includes('e2eshop_back'), {timeoutMs: 30_000, what: 'e2eshop_back removed'});
    expect(networks()).toContain('e2e-net');
  }, 60_000);
});
