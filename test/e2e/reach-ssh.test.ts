// Node reach over ssh against the lab: the manager as -H ssh://, each node's
// own engine through a real sshd in that node's namespace (test/lab/sshd.sh)
// with the system ssh client, by an ssh:// --nodes-via template and by the ssh
// default (the manager's user at each node's hostname). The same checks as
// reach.test.ts (stats, health, how tasks ended, a shell), and a node whose
// sshd is down. Nothing here reads or writes ~/.ssh: the client config comes in
// through SWARMTOP_SSH_OPTS="-F <copy of the lab config>" and its known_hosts
// through --ssh-opt, so both channels must reach every ssh the console runs.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {labSkipReason, resetSwarm, waitUntil, labSshd, labSshPaths} from '../lab/lab.js';
import {filterTo} from '../support/console-steps.js';
import {TerminalSession} from '../support/terminal.js';
import {createReachServices, lineWith, openPane, reachChecks} from './reach-checks.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();
// The lab's ssh config has a Host alias per swarm hostname (node1..node3).
const EACH_NODE = 'ssh://{hostname}';
const MANAGER = 'ssh://stlab-mgr1';

describe.skipIf(skip)("node reach over ssh: stats, health and ends from each node's own engine through its sshd", () => {
  let term: TerminalSession | undefined;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-e2e-reach-ssh-'));
  /** The lab's client config without its known_hosts line, and that file for --ssh-opt. */
  let sshConfig = '';
  let knownHosts = '';

  function startConsole(args: string[]): TerminalSession {
    return TerminalSession.spawn(process.execPath, [cliPath, '-H', MANAGER, '--refresh', '1', '--ssh-opt', `UserKnownHostsFile=${knownHosts}`, ...args], {
      cols: 160,
      rows: 40,
      env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, SWARMTOP_SSH_OPTS: `-F ${sshConfig}`},
    });
  }

  beforeAll(async () => {
    labSshd('up', '1', '2', '3');
    const paths = labSshPaths();
    knownHosts = paths.STLAB_SSH_KNOWN_HOSTS!;
    sshConfig = path.join(scratch, 'ssh_config');
    const config = readFileSync(paths.STLAB_SSH_CONFIG!, 'utf8');
    expect(config).toMatch(/UserKnownHostsFile /);
    writeFileSync(sshConfig, config.replace(/^\s*UserKnownHostsFile .*\n/m, ''));
    await createReachServices();
  }, 180_000);

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  afterAll(async () => {
    term?.kill();
    // As ssh.test.ts leaves it: no sshd in the lab for later files.
    labSshd('down', '1', '2', '3');
    rmSync(scratch, {recursive: true, force: true});
    await resetSwarm();
  }, 120_000);

  reachChecks(extra => (term = startConsole(['--nodes-via', EACH_NODE, ...(extra ?? [])])));

  it("with node3's sshd down, shows why on node3 (pane and describe) and still shows the other nodes' stats", async () => {
    labSshd('down', '3');
    try {
      term = startConsole(['--nodes-via', EACH_NODE]);
      await term.waitForText('reach-busy');
      openPane(term, 'nodes');
      await term.waitForText(/REACH/);
      // The REACH cell holds the reason's start (ssh's line, cut to the column); the detail line and describe hold all of it.
      await waitUntil(() => /node3.*ssh: connect to host 10\.213\.0\.13/.test(lineWith(term!, 'node3')), {
        timeoutMs: 20_000,
        what: `node3 reason: ${lineWith(term, 'node3')}`,
      });
      await waitUntil(() => /node2.*\d+%\s+\S+B\s+ok/.test(lineWith(term!, 'node2')), {timeoutMs: 20_000, what: `node2 stats: ${lineWith(term, 'node2')}`});
      expect(lineWith(term, 'node1')).toMatch(/\d+(\.\d)?%\s+\S+B\s+ok/);
      expect(lineWith(term, 'node3')).toContain('—');
      // The reason in full under the table once node3 is selected: ssh's own line.
      await filterTo(term, 'node3', {anyCount: true});
      await term.waitForText(/node3 engine not reached at ssh:\/\/node3: ssh: connect to host 10\.213\.0\.13 port 22: Connection refused/);
      // And in describe, as the node's engine part.
      term.press('d');
      await term.waitForText(/Reached:\s+no/);
      expect(term.screenText()).toMatch(/Endpoint:\s+ssh:\/\/node3/);
      expect(term.screenText()).toMatch(/Reason:\s+ssh: connect to host 10\.213\.0\.13 port 22: Connection refused/);
      term.press(keys.escape);
      await term.waitForNoText(/Reached:\s+no/);
      // x on a task there says why, and opens nothing.
      openPane(term, 'tasks');
      await filterTo(term, 'reach-idle.node3', {anyCount: true});
      await term.waitForText(/reach-idle\.node3.*—/);
      await term.waitForQuiet(300, {timeoutMs: 5_000});
      term.press('x');
      await term.waitForText(/can't open a shell: node node3 is not reached: ssh: connect to host 10\.213\.0\.13 port 22: Connection refused/, {
        timeoutMs: 15_000,
      });
      expect(lineWith(term, 'reach-idle.node3')).toContain('—');
      expect(term.screenText()).not.toContain('/ #');
    } finally {
      labSshd('up', '3');
    }
  }, 60_000);

  it("without --nodes-via reaches every node as the manager's ssh user at its hostname: stats on all three", async () => {
    term = startConsole([]);
    await term.waitForText('reach-busy');
    openPane(term, 'nodes');
    await term.waitForText(/REACH/);
    for (const node of ['node1', 'node2', 'node3']) {
      await waitUntil(() => new RegExp(`${node}.*\\d+(\\.\\d)?%\\s+\\S+B\\s+ok`).test(lineWith(term!, node)), {
        timeoutMs: 20_000,
        what: `${node} stats: ${lineWith(term, node)}`,
      });
    }
    // node2 through its own hostname (a Host alias in the lab config); node1 is the manager's own endpoint.
    await filterTo(term, 'node2', {anyCount: true});
    term.press('d');
    await term.waitForText(/Reached:\s+yes/);
    expect(term.screenText()).toMatch(/Endpoint:\s+ssh:\/\/node2\b/);
    term.press(keys.escape);
    await term.waitForNoText(/Reached:\s+yes/);
    openPane(term, 'tasks');
    await filterTo(term, 'reach-busy', {anyCount: true});
    const busy = await waitUntil(
      () => {
        const match = /reach-busy\.1.*?\s(\d+(?:\.\d)?)%/.exec(lineWith(term!, 'reach-busy.1'));
        return match && Number(match[1]) >= 50 ? match : undefined;
      },
      {timeoutMs: 30_000, what: `busy task CPU: ${lineWith(term, 'reach-busy.1')}`},
    );
    expect(Number(busy[1])).toBeGreaterThanOrEqual(50);
  }, 90_000);
});
