import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');

// The README's "run it" command, as a first-time user runs it: no swarm, no Docker.
describe('swarmtop --demo in a real terminal', () => {
  let term: TerminalSession | undefined;

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  it('shows the simulated swarm with its badge, drills into tasks, streams logs, and quits cleanly', async () => {
    term = TerminalSession.spawn(process.execPath, [cliPath, '--demo'], {cols: 120, rows: 40, env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined}});
    await term.waitForText(/^swarmtop DEMO /m, {timeoutMs: 20_000});
    await term.waitForText(/shop_web\s+replicated\s+\d\/3/);
    expect(term.screenText()).toContain('simulated by --demo');
    term.press('/');
    term.type('shop_web');
    term.press(keys.enter);
    await term.waitForText(/services\s+\/shop_web\s+1 of/);
    term.press(keys.enter);
    await term.waitForText('tasks of shop_web');
    await term.waitForText(/shop_web\.1\s/);
    term.press(keys.escape);
    await term.waitForNoText('tasks of shop_web');
    term.press('l');
    await term.waitForText('logs of shop_web');
    await term.waitForText(/shop_web\.\d@\S+\s+\S/);
    term.press(keys.escape);
    await term.waitForNoText('logs of shop_web');
    term.press('q');
    const result = await term.exit(5000);
    expect(result.exitCode).toBe(0);
    expect(term.isAlternateScreen).toBe(false);
  });
});
