// --demo: `x` on a running task opens a shell in its simulated container, by
// the same path as on a real swarm (the console steps aside, its exec helper
// talks to the node's socket), and the console comes back when it exits.
// --readonly has no `x`. And describe of a crash-looping task lists its
// slot's earlier tasks. No lab needed: runs the built CLI in a real pty.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const env = {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined};
// The shell waits at its prompt: the last line on the screen is "/ #".
const PROMPT = /(?:^|\n)\/ #\s*$/;

let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill();
  term = undefined;
});

/** Opens the tasks of `service` and describes its first task once it runs; returns its container ID. */
async function describeRunningTask(session: TerminalSession, service: string): Promise<string> {
  await session.waitForText(/shop_web\s+replicated/, {timeoutMs: 20_000});
  session.type(':tasks');
  session.press(keys.enter);
  await session.waitForText(/CPU\s+MEM/);
  session.type(`/${service}.1`);
  session.press(keys.enter);
  await session.waitForText(new RegExp(`${service}\\.1\\s.*Running`), {timeoutMs: 20_000});
  session.press('d');
  await session.waitForText(/Container:\s+[0-9a-f]{64}/);
  return /Container:\s+([0-9a-f]{64})/.exec(session.screenText())![1]!;
}

describe('swarmtop --demo: a shell in a task', () => {
  it('x opens the built-in shell in the container: hostname is its ID, exit returns to the pane', async () => {
    term = TerminalSession.spawn(process.execPath, [cliPath, '--demo', '--refresh', '0.5'], {cols: 140, rows: 36, env});
    const containerId = await describeRunningTask(term, 'shop_redis');
    term.press(keys.escape);
    await term.waitForText(/shop_redis\.1\s.*Running/);
    term.press('x');
    await term.waitForText(PROMPT, {timeoutMs: 10_000});
    // The console stepped aside: its header is not on the screen.
    expect(term.screenText()).not.toMatch(/CPU\s+MEM/);
    term.type('hostname\r');
    await term.waitForText(new RegExp(`^${containerId.slice(0, 12)}$`, 'm'));
    term.type('echo $HOSTNAME in $PWD\r');
    await term.waitForText(`${containerId.slice(0, 12)} in /`);
    term.type('ps\r');
    await term.waitForText(/^\s+1 root\s+0:00 redis$/m);
    term.type('kubectl get pods\r');
    await term.waitForText('sh: kubectl: not found');
    term.type('exit\r');
    // Back on the pane, which says how the shell ended.
    await term.waitForText(/CPU\s+MEM/, {timeoutMs: 10_000});
    await term.waitForText(/shop_redis\.1\s.*Running/);
    await term.waitForText(/shell on \S+ exited with 127/);
    // Ctrl-d ends a second session as well, with the status of its last command.
    term.press('x');
    await term.waitForText(/\/ # exit\s*\n\/ #\s*$/, {timeoutMs: 10_000});
    term.type('true\r');
    await term.waitForText(/\/ # true\s*\n\/ #\s*$/);
    term.press('\u0004');
    await term.waitForText(/shell on \S+ exited(?! with)/, {timeoutMs: 10_000});
    expect(term.isRunning).toBe(true);
  });

  it('--readonly has no x', async () => {
    term = TerminalSession.spawn(process.execPath, [cliPath, '--demo', '--readonly', '--refresh', '0.5'], {cols: 140, rows: 36, env});
    await describeRunningTask(term, 'shop_redis');
    term.press(keys.escape);
    await term.waitForText(/shop_redis\.1\s.*Running/);
    term.press('x');
    await term.waitForText('read-only: x would change the swarm, so it is off');
    expect(term.screenText()).not.toMatch(/^\/ #/m);
    expect(term.screenText()).toMatch(/CPU\s+MEM/);
  });

  it("describe of a crash-looping task lists its slot's earlier tasks and how they ended", async () => {
    term = TerminalSession.spawn(process.execPath, [cliPath, '--demo', '--refresh', '0.5'], {cols: 160, rows: 50, env});
    await term.waitForText(/shop_web\s+replicated/, {timeoutMs: 20_000});
    term.type(':tasks');
    term.press(keys.enter);
    await term.waitForText(/CPU\s+MEM/);
    term.type('/shop_billing-worker.1');
    term.press(keys.enter);
    // The worker dies with 137 every few seconds under its memory limit; wait until the slot has a history.
    await term.waitForText(/Failed/, {timeoutMs: 30_000});
    term.press('g');
    term.press('d');
    term.press('G');
    await term.waitForText(/Slot history \(\d+ earlier tasks?, [1-9]\d* failed, newest first\):/, {timeoutMs: 20_000});
    expect(term.screenText()).toMatch(/TASK\s+ENDED\s+STATE\s+EXIT\s+WHY/);
    // The node's engine tells an OOM kill apart from any other exit 137.
    await term.waitForText(/[a-z0-9]{12}\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(.* ago\)\s+failed\s+137\s+OOM killed \(limit 1(\.0)?GiB\)/, {timeoutMs: 20_000});
  });
});
