// Node reach against the lab: each node's own engine through --nodes-via
// (each lab node's own socket), for stats, health and how tasks ended.
import {mkdtempSync, rmSync, symlinkSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {labSkipReason, labSockets, resetSwarm, waitUntil} from '../lab/lab.js';
import {filterTo} from '../support/console-steps.js';
import {TerminalSession} from '../support/terminal.js';
import {createReachServices, lineWith, openPane, reachChecks} from './reach-checks.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();
const EACH_NODE = 'unix:///run/stlab/{hostname}.sock';

function startConsole(nodesVia: string, args: string[] = []): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, '--refresh', '1', '--nodes-via', nodesVia, ...args], {
    cols: 160,
    rows: 40,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
  });
}

describe.skipIf(skip)("node reach: stats, health and ends from each node's own engine", () => {
  let term: TerminalSession | undefined;

  beforeAll(createReachServices, 180_000);

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  afterAll(async () => {
    await resetSwarm();
  }, 120_000);

  reachChecks(extra => (term = startConsole(EACH_NODE, extra)));

  it("with node3 unreachable, shows why on node3 and still shows the other nodes' stats", async () => {
    const via = mkdtempSync(path.join(os.tmpdir(), 'reach-'));
    try {
      // node1 and node2 are reached through links to their sockets; node3's path leads nowhere.
      symlinkSync('/run/stlab/node1.sock', path.join(via, 'node1.sock'));
      symlinkSync('/run/stlab/node2.sock', path.join(via, 'node2.sock'));
      term = startConsole(`unix://${via}/{hostname}.sock`);
      await term.waitForText('reach-busy');
      openPane(term, 'nodes');
      await term.waitForText(/REACH/);
      await waitUntil(() => /node3.*(ENOENT|no such file)/.test(lineWith(term!, 'node3')), {
        timeoutMs: 20_000,
        what: `node3 reason: ${lineWith(term, 'node3')}`,
      });
      await waitUntil(() => /node2.*\d+%\s+\S+B\s+ok/.test(lineWith(term!, 'node2')), {timeoutMs: 20_000, what: `node2 stats: ${lineWith(term, 'node2')}`});
      expect(lineWith(term, 'node1')).toMatch(/\d+(\.\d)?%\s+\S+B\s+ok/);
      expect(lineWith(term, 'node3')).toContain('—');
      // The reason in full under the table once node3 is selected.
      await filterTo(term, 'node3', {anyCount: true});
      await term.waitForText(/node3 engine not reached at unix:\/\/.*node3\.sock/);
      // x on a task there says why, and opens nothing.
      openPane(term, 'tasks');
      await filterTo(term, 'reach-idle.node3', {anyCount: true});
      await term.waitForText(/reach-idle\.node3.*—/);
      await term.waitForQuiet(300, {timeoutMs: 5_000});
      term.press('x');
      await term.waitForText(/can't open a shell: node node3 is not reached: .*(ENOENT|no such file)/, {timeoutMs: 15_000});
      expect(lineWith(term, 'reach-idle.node3')).toContain('—');
    } finally {
      rmSync(via, {recursive: true, force: true});
    }
  }, 60_000);
});
