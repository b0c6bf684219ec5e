// `e` on a node in `swarmtop --demo`, in a real terminal with a script as
// $EDITOR: the simulated engine takes the node update, and the service pending
// on `node.labels.gpu==true` starts once a worker has the label.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');

describe('e on a node in swarmtop --demo', () => {
  let term: TerminalSession | undefined;
  let dir: string | undefined;

  afterEach(() => {
    term?.kill();
    term = undefined;
    if (dir) rmSync(dir, {recursive: true, force: true});
    dir = undefined;
  });

  it('adds gpu=true to worker1, and ml_trainer, pending on that constraint, runs', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'demo-node-editor-'));
    const editor = path.join(dir, 'add-gpu.sh');
    writeFileSync(editor, `#!/bin/sh\nsed -i -e 's/^  Labels:$/  Labels:\\n    gpu: "true"/' "$1"\n`, {mode: 0o755});
    term = TerminalSession.spawn(process.execPath, [cliPath, '--demo'], {
      cols: 140,
      rows: 40,
      env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, VISUAL: undefined, EDITOR: editor},
    });
    await term.waitForText(/ml_trainer\s+replicated\s+0\/1/, {timeoutMs: 20_000});
    term.type(':nodes');
    term.press(keys.enter);
    await term.waitForText(/HOSTNAME\s+ROLE/);
    term.type('/worker1');
    term.press(keys.enter);
    await term.waitForText(/nodes\s+\/worker1\s+1 of/);
    term.press('e');
    await term.waitForText('Apply 1 change to worker1? [y/N]');
    expect(term.screenText()).toContain('Spec.Labels.gpu: (unset) → "true"');
    term.press('y');
    await term.waitForText('worker1 updated');
    term.type(':services');
    term.press(keys.enter);
    await term.waitForText(/ml_trainer\s+replicated\s+1\/1/, {timeoutMs: 30_000});
  }, 60_000);
});
