// Secrets from the keyboard, in the built console against the real lab: `e`
// rotates a secret two services use (plan shown, content from a real $EDITOR,
// both moved to .v2 at their own targets, the old one removed); a rotation whose
// second rollout fails stops and leaves each service on a version that exists;
// Ctrl-d refuses a secret in use and names its user; `n` creates a config.

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

/** A shell script standing in for a person at $EDITOR: writes `content` (no newline) into the file. */
function writingEditor(content: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'e2e-editor-')), 'write.sh');
  writeFileSync(file, `#!/bin/sh\nprintf '%s' '${content}' > "$1"\n`, {mode: 0o755});
  return file;
}

function startConsole(editorContent: string, args: string[] = []): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, '--refresh', '0.5', ...args], {
    cols: 220,
    rows: 40,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, EDITOR: writingEditor(editorContent), VISUAL: undefined},
  });
}

async function openPane(term: TerminalSession, pane: string, row: string) {
  term.type(`:${pane}`);
  term.press(keys.enter);
  await term.waitForText(row);
  await filterTo(term, row);
}

const secrets = () => docker(1, ['secret', 'ls', '--format', '{{.Name}}']).split('\n').filter(Boolean);
/** Each reference of the service's spec: name, target, uid:gid, mode. */
const references = (service: string) =>
  docker(1, [
    'service',
    'inspect',
    service,
    '--format',
    '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}} {{.File.Name}} {{.File.UID}}:{{.File.GID}} {{printf "%o" .File.Mode}};{{end}}',
  ]).trim();
/** The secrets the service's running tasks were made with. */
const runningTaskSecrets = (service: string) => {
  const ids = docker(1, ['service', 'ps', service, '--filter', 'desired-state=running', '--format', '{{.ID}} {{.CurrentState}}'])
    .split('\n')
    .filter(line => line.includes('Running'))
    .map(line => line.split(' ')[0]!);
  return ids.map(id => docker(1, ['inspect', id, '--format', '{{range .Spec.ContainerSpec.Secrets}}{{.SecretName}}{{end}}']).trim());
};
const create = (args: string[]) => docker(1, ['service', 'create', '--detach', '--no-resolve-image', ...args]);

describe.skipIf(skip)('secrets rotated and removed from the keyboard, against the lab swarm', () => {
  let term: TerminalSession | undefined;

  beforeAll(async () => {
    await runLabSh(['reset'], {timeoutMs: 120_000});
    docker(1, ['secret', 'create', 'rot_db', '-'], {input: 'old-pass'});
    create(['--name', 'rot-a', '--secret', 'source=rot_db,target=db_password,uid=1000,gid=1000,mode=0400', 'lab/busybox:1', 'sleep', '1d']);
    create(['--name', 'rot-b', '--replicas', '2', '--secret', 'source=rot_db,target=/etc/app/pw', 'lab/busybox:1', 'sleep', '1d']);
    // fail-b runs only with the old content: its rollout to the new one fails and the engine rolls it back.
    docker(1, ['secret', 'create', 'fail_db', '-'], {input: 'old'});
    create(['--name', 'fail-a', '--secret', 'fail_db', 'lab/busybox:1', 'sleep', '1d']);
    create([
      '--name',
      'fail-b',
      '--secret',
      'fail_db',
      '--restart-delay',
      '1s',
      '--update-failure-action',
      'rollback',
      '--update-monitor',
      '8s',
      '--update-max-failure-ratio',
      '0',
      'lab/busybox:1',
      'sh',
      '-c',
      '[ "$(cat /run/secrets/fail_db)" = old ] && exec sleep 1d',
    ]);
    // pause-b likewise, with the default failure action: its update pauses, and the rotation rolls it back.
    docker(1, ['secret', 'create', 'pause_db', '-'], {input: 'old'});
    create(['--name', 'pause-a', '--secret', 'pause_db', 'lab/busybox:1', 'sleep', '1d']);
    create([
      '--name',
      'pause-b',
      '--secret',
      'pause_db',
      '--restart-delay',
      '1s',
      '--update-monitor',
      '8s',
      'lab/busybox:1',
      'sh',
      '-c',
      '[ "$(cat /run/secrets/pause_db)" = old ] && exec sleep 1d',
    ]);
    docker(1, ['secret', 'create', 'inuse_db', '-'], {input: 'x'});
    docker(1, ['secret', 'create', 'unused_db', '-'], {input: 'x'});
    create(['--name', 'inuse-a', '--secret', 'inuse_db', 'lab/busybox:1', 'sleep', '1d']);
    const running = (service: string) => runningTaskSecrets(service).length;
    await waitUntil(() => running('rot-a') === 1 && running('rot-b') === 2 && running('fail-a') === 1 && running('fail-b') === 1 && running('pause-b') === 1, {
      timeoutMs: 60_000,
      what: 'services running',
    });
  }, 180_000);

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  afterAll(async () => {
    await runLabSh(['reset'], {timeoutMs: 120_000});
  }, 180_000);

  it('rotates a secret two services use: the plan first, then both on .v2 at the same targets, and the old one gone', async () => {
    term = startConsole('new-pass');
    await openPane(term, 'secrets', 'rot_db');
    term.press('e');
    await term.waitForText('Rotate secret rot_db to rot_db.v2? [y/N]');
    expect(term.screenText()).toMatch(/SERVICE\s+TARGET\s+UID\s+GID\s+MODE/);
    expect(term.screenText()).toMatch(/rot-a\s+db_password\s+1000\s+1000\s+0400/);
    expect(term.screenText()).toMatch(/rot-b\s+\/etc\/app\/pw\s+0\s+0\s+0444/);
    // Nothing is done before the content is given.
    expect(secrets()).not.toContain('rot_db.v2');
    term.press('y');
    await term.waitForText('New content for secret rot_db.v2');
    term.press(keys.enter);
    await term.waitForText('secret rot_db rotated to rot_db.v2: rot-a, rot-b now use it; rot_db removed', {timeoutMs: 150_000});

    expect(secrets()).toContain('rot_db.v2');
    expect(secrets()).not.toContain('rot_db');
    expect(references('rot-a')).toBe('rot_db.v2 db_password 1000:1000 400;');
    expect(references('rot-b')).toBe('rot_db.v2 /etc/app/pw 0:0 444;');
    expect(runningTaskSecrets('rot-a')).toEqual(['rot_db.v2']);
    expect(runningTaskSecrets('rot-b')).toEqual(['rot_db.v2', 'rot_db.v2']);
  }, 180_000);

  it('a rotation whose second rollout fails stops there: one service on .v2, the other back on the old one, both kept', async () => {
    term = startConsole('new');
    await openPane(term, 'secrets', 'fail_db');
    term.press('e');
    await term.waitForText('Rotate secret fail_db to fail_db.v2? [y/N]');
    term.press('y');
    await term.waitForText('New content for secret fail_db.v2');
    term.press(keys.enter);
    await term.waitForText('rotation of secret fail_db stopped at fail-b', {timeoutMs: 150_000});
    // The status line wraps a long outcome: read it whole.
    expect(term.screenText().replace(/\n/g, '')).toContain('on fail_db.v2: fail-a; on fail_db: fail-b; fail_db is kept');

    expect(secrets()).toEqual(expect.arrayContaining(['fail_db', 'fail_db.v2']));
    expect(references('fail-a')).toBe('fail_db.v2 fail_db 0:0 444;');
    expect(references('fail-b')).toBe('fail_db fail_db 0:0 444;');
    // Both work: fail-a on the new version, fail-b running again on the old one.
    await waitUntil(() => runningTaskSecrets('fail-b').join() === 'fail_db', {timeoutMs: 60_000, what: 'fail-b running on fail_db'});
    expect(runningTaskSecrets('fail-a')).toEqual(['fail_db.v2']);
  }, 180_000);

  it('a rollout that pauses is rolled back by the rotation, so the service runs the old version again', async () => {
    term = startConsole('new');
    await openPane(term, 'secrets', 'pause_db');
    term.press('e');
    await term.waitForText('Rotate secret pause_db to pause_db.v2? [y/N]');
    term.press('y');
    await term.waitForText('New content for secret pause_db.v2');
    term.press(keys.enter);
    await term.waitForText('rotation of secret pause_db stopped at pause-b', {timeoutMs: 150_000});
    const outcome = term.screenText().replace(/\n/g, '');
    expect(outcome).toContain('its update is paused');
    expect(outcome).toContain('rolled pause-b back to pause_db. on pause_db.v2: pause-a; on pause_db: pause-b; pause_db is kept');
    expect(secrets()).toEqual(expect.arrayContaining(['pause_db', 'pause_db.v2']));
    expect(references('pause-a')).toBe('pause_db.v2 pause_db 0:0 444;');
    await waitUntil(() => references('pause-b') === 'pause_db pause_db 0:0 444;' && runningTaskSecrets('pause-b').join() === 'pause_db', {
      timeoutMs: 60_000,
      what: 'pause-b back on pause_db and running',
    });
  }, 180_000);

  it('--readonly offers none of n, e, Ctrl-d here and refuses each', async () => {
    term = startConsole('x', ['--readonly']);
    await openPane(term, 'secrets', 'inuse_db');
    expect(term.screenText()).not.toContain('<e> rotate');
    expect(term.screenText()).not.toContain('<n> new');
    term.press('e');
    await term.waitForText('read-only: e would change the swarm, so it is off');
    term.write(ctrl('d'));
    await term.waitForText('read-only: ctrl-d would change the swarm');
    expect(secrets()).toContain('inuse_db');
  }, 60_000);

  it('Ctrl-d refuses a secret in use, naming its user, and removes an unused one after asking', async () => {
    term = startConsole('unused');
    await openPane(term, 'secrets', 'inuse_db');
    term.write(ctrl('d'));
    await term.waitForText('secret inuse_db is in use by inuse-a: not removed');
    expect(secrets()).toContain('inuse_db');
    term.press(keys.escape);
    await term.waitForNoText('/inuse_db');
    await filterTo(term, 'unused_db');
    term.write(ctrl('d'));
    await term.waitForText('Remove secret unused_db? [y/N]');
    term.press('y');
    await term.waitForText('secret unused_db removed');
    expect(secrets()).not.toContain('unused_db');
  }, 60_000);

  it('n creates a config from $EDITOR, with labels', async () => {
    term = startConsole('greeting=hi');
    term.type(':configs');
    term.press(keys.enter);
    await term.waitForText('configs');
    term.press('n');
    await term.waitForText('New config');
    term.type('made.conf');
    term.press(keys.tab);
    term.type('team=db, env=lab');
    term.press(keys.enter);
    await term.waitForText('config made.conf created');
    const inspected = docker(1, ['config', 'inspect', 'made.conf', '--format', '{{json .Spec.Labels}} {{printf "%s" .Spec.Data}}']).trim();
    expect(inspected).toBe('{"env":"lab","team":"db"} greeting=hi');
  }, 60_000);
});
