import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {labDockerSync as labDocker, labSkipReason, labSockets, startNode, stopNode, waitUntil, runningTaskCount} from '../lab/lab.js';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();

function startConsole(cols = 120, rows = 40, extraArgs: string[] = []): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, '--refresh', '0.5', ...extraArgs], {
    cols,
    rows,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
  });
}

/** One frame on screen, anchored at the top: the header once, on row 0, and the last row left free. */
function expectCleanFrame(term: TerminalSession): void {
  const lines = term.screenLines();
  expect(lines[0]).toMatch(/^swarmtop /);
  expect(lines.filter(line => line.startsWith('swarmtop ')).length).toBe(1);
  expect(lines[lines.length - 1]!.trim()).toBe('');
}

describe.skipIf(skip)('the console against the lab swarm', () => {
  let term: TerminalSession | undefined;

  beforeAll(async () => {
    labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'e2e-web', '--replicas', '3', 'lab/busybox:1', 'sleep', '1d']);
    labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'e2e-agent', '--mode', 'global', 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => runningTaskCount('e2e-web') === 3 && runningTaskCount('e2e-agent') === 3, {timeoutMs: 60_000});
  });

  afterAll(() => {
    labDocker(1, ['service', 'rm', 'e2e-web', 'e2e-agent']);
  });

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  it('shows the services pane with a replicated and a global service, converged', async () => {
    term = startConsole();
    await term.waitForText(/e2e-agent\s+global\s+3\/3/);
    await term.waitForText(/e2e-web\s+replicated\s+3\/3\s+lab\/busybox:1/);
    expect(term.screenText()).toMatch(/nodes 3\/3 ready/);
    expect(term.screenText()).toMatch(/managers 1\/1 up · tolerates 0 failures/);
  });

  it('shows the nodes pane with the leader, and drills into the tasks on a node', async () => {
    term = startConsole();
    await term.waitForText('e2e-web');
    term.type(':nodes');
    term.press(keys.enter);
    await term.waitForText(/node1\s+Manager\s+Ready\s+Active\s+Leader/);
    expect(term.screenText()).toMatch(/node2\s+Worker\s+Ready\s+Active/);
    expect(term.screenText()).toMatch(/node3\s+Worker\s+Ready\s+Active/);
    term.press('j');
    term.press(keys.enter);
    await term.waitForText('tasks on node2');
    await term.waitForText(/e2e-agent\.node2\s+lab\/busybox:1\s+node2\s+Running\s+Running/);
    expectCleanFrame(term);
  });

  it('drills from a service into its tasks and back, keeping the selection', async () => {
    term = startConsole();
    await term.waitForText('e2e-web');
    term.press('/');
    term.type('e2e-web');
    term.press(keys.enter);
    await term.waitForText(/services\s+\/e2e-web\s+1 of/);
    term.press(keys.enter);
    await term.waitForText('services › tasks of e2e-web');
    for (const slot of [1, 2, 3]) await term.waitForText(new RegExp(`e2e-web\\.${slot}\\s+lab/busybox:1\\s+node\\d\\s+Running\\s+Running`));
    term.press(keys.escape);
    await term.waitForText(/services\s+\/e2e-web/);
    expect(term.screenText()).not.toContain('tasks of e2e-web');
    expectCleanFrame(term);
  });

  it('filters rows as you type and clears the filter with Esc', async () => {
    term = startConsole();
    await term.waitForText('e2e-web');
    term.press('/');
    term.type('agent');
    await term.waitFor(session => !session.screenText().includes('e2e-web') && session.screenText().includes('e2e-agent'));
    term.press(keys.escape);
    await term.waitForText('e2e-web');
    expect(term.screenText()).toContain('e2e-agent');
  });

  it('quits on q and gives the terminal back', async () => {
    term = startConsole();
    await term.waitForText('e2e-web');
    expect(term.isAlternateScreen).toBe(true);
    term.press('q');
    const result = await term.exit(5000);
    expect(result.exitCode).toBe(0);
    expect(term.isAlternateScreen).toBe(false);
    expect(term.screenText()).not.toContain('e2e-web');
  });

  it('fits an 80x24 terminal without repainting the whole screen on refresh', async () => {
    term = startConsole(80, 24);
    await term.waitForText(/e2e-web\s+replicated\s+3\/3/);
    const clearsAfterFirstFrame = term.clearScreenCount;
    // A fixed wait on purpose: several refreshes at 0.5 s, to prove that none of them clears the screen.
    await new Promise(resolve => setTimeout(resolve, 2500));
    expect(term.clearScreenCount).toBe(clearsAfterFirstFrame);
    expectCleanFrame(term);
    const lines = term.screenLines();
    expect(lines).toHaveLength(24);
    expect(lines[23]!.trim()).toBe('');
    expect(lines.every(line => line.length <= 80)).toBe(true);
  });

  it('follows a terminal resize', async () => {
    term = startConsole(120, 40);
    await term.waitForText(/e2e-web\s+replicated\s+3\/3\s+lab\/busybox:1/);
    expect(term.screenText()).toMatch(/^ID\s+NAME/m);
    term.resize(60, 20);
    // At 60 columns the ID column drops and the names are shown whole.
    // Both rows: a redraw can reach the terminal in more than one write.
    await term.waitFor(
      session => /^NAME\s+MODE/m.test(session.screenText()) && /^e2e-web\s/m.test(session.screenText()) && /^e2e-agent\s/m.test(session.screenText()),
    );
    const narrow = term.screenLines();
    expect(narrow.filter(line => line.includes('e2e-agent'))).toHaveLength(1);
    expect(narrow[19]!.trim()).toBe('');
    term.resize(120, 40);
    // A redraw can reach the terminal in more than one write: wait for its rows, not just its header.
    await term.waitFor(session => /^ID\s+NAME/m.test(session.screenText()) && /\se2e-web\s/.test(session.screenText()));
    expect(term.screenLines().filter(line => line.includes('e2e-web'))).toHaveLength(1);
    expectCleanFrame(term);
  });
});

describe.skipIf(skip)('startup failures', () => {
  function runCli(args: string[], env: Record<string, string> = {}) {
    return spawnSync(process.execPath, [cliPath, ...args], {
      encoding: 'utf8',
      env: {...process.env, DOCKER_HOST: '', DOCKER_CONTEXT: '', ...env},
      timeout: 20_000,
    });
  }

  it('refuses to run without a terminal, in one line', () => {
    const result = runCli(['-H', labSockets().manager]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('needs a terminal');
  });
});

describe.skipIf(skip)('startup failures in a terminal', () => {
  let term: TerminalSession | undefined;
  afterEach(() => term?.kill());

  async function failingStart(args: string[]): Promise<string> {
    term = TerminalSession.spawn(process.execPath, [cliPath, ...args], {cols: 200, rows: 10, env: {DOCKER_HOST: undefined}});
    const result = await term.exit(20_000);
    expect(result.exitCode).not.toBe(0);
    const text = term.screenText().trim();
    expect(text).not.toMatch(/\n\s+at /);
    return text;
  }

  it('names the endpoint and where it came from when no engine answers', async () => {
    const text = await failingStart(['-H', 'unix:///run/stlab/nothing-here.sock']);
    expect(text).toContain('unix:///run/stlab/nothing-here.sock');
    expect(text).toContain('--host');
  });

  it('says a manager is needed when pointed at a worker', async () => {
    const text = await failingStart(['-H', labSockets()[2]]);
    expect(text).toMatch(/worker/i);
    expect(text).toMatch(/manager/i);
  });
});

describe.skipIf(skip)('a lost manager', () => {
  let term: TerminalSession | undefined;

  afterAll(async () => {
    term?.kill();
    await startNode(1);
  });

  it('shows a banner and stale data while the manager is down, and recovers by itself', async () => {
    labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'e2e-survivor', 'lab/busybox:1', 'sleep', '1d']);
    term = startConsole();
    await term.waitForText('e2e-survivor');
    await stopNode(1);
    await term.waitForText('connection lost', {timeoutMs: 15_000});
    expect(term.screenText()).toContain('e2e-survivor');
    expect(term.screenText()).toContain('stale');
    await startNode(1);
    await term.waitFor(session => !session.screenText().includes('connection lost'), {timeoutMs: 40_000});
    expect(term.screenText()).toContain('e2e-survivor');
    labDocker(1, ['service', 'rm', 'e2e-survivor']);
  });
});
