// --demo simulates the nodes' own engines: CPU and MEM for tasks, sums for
// nodes and services, usage history in describe. No lab needed.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');

describe('swarmtop --demo: stats from the simulated nodes', () => {
  let term: TerminalSession | undefined;

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  it('shows CPU and MEM for tasks, nodes and services, sorts by CPU, and draws the history in describe', async () => {
    term = TerminalSession.spawn(process.execPath, [cliPath, '--demo', '--refresh', '0.5'], {
      cols: 160,
      rows: 40,
      env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
    });
    await term.waitForText(/shop_web\s+replicated/, {timeoutMs: 20_000});
    // Services: summed CPU % and memory.
    await term.waitForText(/shop_web\s+replicated.*\d%\+?\s+\d+(\.\d)?[KMG]iB/, {timeoutMs: 20_000});
    term.type(':tasks');
    term.press(keys.enter);
    await term.waitForText(/CPU\s+MEM/);
    await term.waitForText(/Running.*\s\d+(\.\d)?%\s+\d+(\.\d)?[KMG]iB/, {timeoutMs: 20_000});
    // Shift-C sorts by CPU, twice for the busiest first.
    term.press('C');
    term.press('C');
    await term.waitForText('CPU↓');
    const cpus = term
      .screenText()
      .split('\n')
      .map(line => /Running.*?\s(\d+(?:\.\d)?)%\s/.exec(line))
      .filter((match): match is RegExpExecArray => Boolean(match))
      .map(match => Number(match[1]));
    expect(cpus.length).toBeGreaterThan(3);
    expect(cpus[0]).toBeGreaterThanOrEqual(cpus[cpus.length - 1]!);
    term.press('g');
    term.press('d');
    await term.waitForText(/CPU history:\s+[▁▂▃▄▅▆▇█]{2,}/, {timeoutMs: 20_000});
    expect(term.screenText()).toMatch(/Memory history:\s+[▁▂▃▄▅▆▇█]{2,}/);
    term.press(keys.escape);
    term.type(':nodes');
    term.press(keys.enter);
    await term.waitForText(/REACH/);
    await term.waitForText(/\d%\+?\s+\d+(\.\d)?[KMG]iB\+?\s+ok/, {timeoutMs: 20_000});
  });
});
