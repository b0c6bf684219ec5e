import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {TerminalSession} from '../support/terminal.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');

// An error printed before the UI starts quotes what the operator's files (or an
// engine) said: it reaches the terminal inert, like everything drawn after.
describe('a startup error in a real terminal', () => {
  let term: TerminalSession | undefined;
  let dir: string | undefined;

  afterEach(() => {
    term?.kill();
    term = undefined;
    if (dir) rmSync(dir, {recursive: true, force: true});
    dir = undefined;
  });

  it('prints the hostile value as visible text: no OSC, no CSI, no bidi control reaches the terminal, the title stays', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-startup-inert-'));
    mkdirSync(path.join(dir, 'swarmtop'));
    // YAML's \e is ESC, \a is BEL: the skin name retitles the terminal, clears it, and reverses the line.
    writeFileSync(path.join(dir, 'swarmtop', 'config.yml'), 'skin: "x\\e]0;pwned\\a\\e[2J\\u202eevil"\n');
    term = TerminalSession.spawn(process.execPath, [cliPath, '--demo'], {
      cols: 160,
      rows: 20,
      env: {XDG_CONFIG_HOME: dir, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
    });
    const result = await term.exit(20_000);
    expect(result.exitCode).toBe(2);
    const raw = term.rawOutput();
    expect(raw).toContain('skin: a skin is named by its file in skins/');
    expect(raw).toContain('x^[]0;pwned^G^[[2J\\u202eevil');
    expect(raw).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(term.title).toBe('');
  });
});
