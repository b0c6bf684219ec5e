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

  it('has jobs: counted as docker counts them, complete in the header, and r runs one again after asking', async () => {
    term = TerminalSession.spawn(process.execPath, [cliPath, '--demo'], {cols: 160, rows: 40, env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined}});
    await term.waitForText(/shop_db-migrate\s+replicated job\s+0\/1 \(3\/3 completed\)/, {timeoutMs: 20_000});
    await term.waitForText(/ops_log-rotate\s+global job\s+0\/0 \((\d+)\/\1 completed\)/);
    await term.waitForText(/converged \(2 jobs complete\)/);
    term.press('/');
    term.type('shop_db-migrate');
    term.press(keys.enter);
    await term.waitForText(/shop_db-migrate job: complete · iteration 0 · last run started .* ago, finished .* ago/);
    term.press('r');
    await term.waitForText('Run job shop_db-migrate again? [y/N]');
    term.press('y');
    await term.waitForText('shop_db-migrate running again: a new iteration started');
    await term.waitForText(/shop_db-migrate\s+replicated job\s+[01]\/1 \([0-2]\/3 completed\)/);
    await term.waitForText(/shop_db-migrate job: complete · iteration 1/, {timeoutMs: 30_000});
    await term.waitForText(/shop_db-migrate\s+replicated job\s+0\/1 \(3\/3 completed\)/);
  });

  it('shows the simulated swarm with its badge, drills into tasks, streams logs, and quits cleanly', async () => {
    term = TerminalSession.spawn(process.execPath, [cliPath, '--demo'], {cols: 120, rows: 40, env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined}});
    await term.waitForText(/^swarmtop DEMO /m, {timeoutMs: 20_000});
    // At 120 columns the jobs' "0/1 (3/3 completed)" leaves no room for MODE, an optional column.
    await term.waitForText(/shop_web\s+(replicated\s+)?\d\/3/);
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
