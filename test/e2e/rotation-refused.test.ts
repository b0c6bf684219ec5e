// A rotation where the engine refuses one service's update, in the built
// console against the real lab: it stops at the refused service, shows the
// engine's message whole and says where it stopped, and leaves every service
// on a version that exists and running.
//
// The refusal is injected: the console talks to a proxy on a private unix
// socket in front of the lab manager's real socket, which passes everything
// through except the update of ref-b, answered as the engine answers a refused
// update (HTTP 400, swarmkit's InvalidArgument). The lab's 20.10 engine checks
// a spec on update as it does on create, so a spec it took at creation cannot
// be made to fail at will in the middle of a rotation. Everything else (the new
// secret, ref-a's update and rollout, what is left) is the real engine, read
// afterwards with the docker CLI.

import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {labDockerSync as docker, labSkipReason, labSockets, runLabSh, waitUntil} from '../lab/lab.js';
import {filterTo} from '../support/console-steps.js';
import {type RefusingProxy, startRefusingProxy} from '../support/refusing-proxy.js';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();

const REFUSAL = 'rpc error: code = InvalidArgument desc = secret reference ref_db.v2 has a conflicting target db_password';

/** A shell script standing in for a person at $EDITOR: writes `content` (no newline) into the file. */
function writingEditor(content: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'e2e-editor-')), 'write.sh');
  writeFileSync(file, `#!/bin/sh\nprintf '%s' '${content}' > "$1"\n`, {mode: 0o755});
  return file;
}

const secrets = () => docker(1, ['secret', 'ls', '--format', '{{.Name}}']).split('\n').filter(Boolean);
const references = (service: string) =>
  docker(1, ['service', 'inspect', service, '--format', '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}} {{.File.Name}};{{end}}']).trim();
/** The secrets of each task the service wants running, and whether it runs. */
const tasks = (service: string) =>
  docker(1, ['service', 'ps', service, '--filter', 'desired-state=running', '--format', '{{.ID}} {{.CurrentState}}'])
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [id = '', state = ''] = line.split(' ');
      const secret = docker(1, ['inspect', id, '--format', '{{range .Spec.ContainerSpec.Secrets}}{{.SecretName}}{{end}}']).trim();
      return `${secret} ${state}`;
    });
const create = (args: string[]) => docker(1, ['service', 'create', '--detach', '--no-resolve-image', ...args]);

describe.skipIf(skip)('a rotation whose second update the engine refuses, against the lab swarm', () => {
  let term: TerminalSession | undefined;
  let proxy: RefusingProxy | undefined;

  beforeAll(async () => {
    await runLabSh(['reset'], {timeoutMs: 120_000});
    docker(1, ['secret', 'create', 'ref_db', '-'], {input: 'old'});
    create(['--name', 'ref-a', '--secret', 'source=ref_db,target=db_password', 'lab/busybox:1', 'sleep', '1d']);
    create(['--name', 'ref-b', '--replicas', '2', '--secret', 'source=ref_db,target=db_password', 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => tasks('ref-a').join() === 'ref_db Running' && tasks('ref-b').join() === 'ref_db Running,ref_db Running', {
      timeoutMs: 60_000,
      what: 'ref-a and ref-b running',
    });
    const refBId = docker(1, ['service', 'inspect', 'ref-b', '--format', '{{.ID}}']).trim();
    proxy = await startRefusingProxy(labSockets().manager.replace(/^unix:\/\//, ''), refBId, REFUSAL);
  }, 180_000);

  afterAll(async () => {
    term?.kill();
    await proxy?.close();
    await runLabSh(['reset'], {timeoutMs: 120_000});
  }, 180_000);

  it('stops at the refused service with the engine message whole: ref-a on .v2, ref-b on the old one, both secrets kept, every task running', async () => {
    term = TerminalSession.spawn(process.execPath, [cliPath, '-H', proxy!.url, '--refresh', '0.5'], {
      cols: 220,
      rows: 40,
      env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, EDITOR: writingEditor('new'), VISUAL: undefined},
    });
    term.type(':secrets');
    term.press(keys.enter);
    await term.waitForText('ref_db');
    await filterTo(term, 'ref_db');
    term.press('e');
    await term.waitForText('Rotate secret ref_db to ref_db.v2? [y/N]');
    term.press('y');
    await term.waitForText('New content for secret ref_db.v2');
    term.press(keys.enter);
    await term.waitForText('rotation of secret ref_db stopped at ref-b', {timeoutMs: 150_000});
    // The status line wraps a long outcome: read it whole.
    const outcome = term.screenText().replace(/\n/g, '');
    expect(outcome).toContain(`stopped at ref-b: the update was refused: ${REFUSAL}. on ref_db.v2: ref-a; on ref_db: ref-b; ref_db is kept`);
    expect(proxy!.refused()).toBe(1);

    // What the real engine holds now.
    expect(secrets()).toEqual(expect.arrayContaining(['ref_db', 'ref_db.v2']));
    expect(references('ref-a')).toBe('ref_db.v2 db_password;');
    expect(references('ref-b')).toBe('ref_db db_password;');
    await waitUntil(() => tasks('ref-a').join() === 'ref_db.v2 Running', {timeoutMs: 60_000, what: 'ref-a running on ref_db.v2'});
    expect(tasks('ref-b')).toEqual(['ref_db Running', 'ref_db Running']);
  }, 240_000);
});
