import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {labDockerSync as labDocker, labSkipReason, labSockets, waitUntil, runningTaskCount} from '../lab/lab.js';
import {openServiceLogs} from '../support/console-steps.js';
import {TerminalSession} from '../support/terminal.js';
import {ctrl, keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();
const saveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'swarmtop-e2e-logs-'));

function startConsole(extraArgs: string[] = []): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, '--refresh', '0.5', ...extraArgs], {
    cols: 140,
    rows: 40,
    cwd: saveDir,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
  });
}

const create = (name: string, args: string[], script: string) =>
  labDocker(1, [
    'service',
    'create',
    '--detach',
    '--no-resolve-image',
    '--name',
    name,
    '--env',
    'NODE_NAME={{.Node.Hostname}}',
    ...args,
    'lab/busybox:1',
    'sh',
    '-c',
    script,
  ]);

/** The log lines on screen: the rows between the status line and the status/hint lines. */
function logRows(term: TerminalSession): string[] {
  const lines = term.screenLines();
  const status = lines.findIndex(line => /^(streaming|connecting|reconnecting)/.test(line));
  return lines.slice(status + 1, lines.length - 3).filter(line => line.trim());
}

/**
 * Searches the log for the tasks' first lines ("out 0 on"), waits until their count, as the status
 * line gives it, satisfies `enough`, clears the search and returns the count.
 */
async function firstLinesSeen(term: TerminalSession, enough: (count: number) => boolean): Promise<number> {
  const count = (session: TerminalSession) => Number(/(\d+) of \d+ lines match/.exec(session.screenText())?.[1] ?? Number.NaN);
  term.press('/');
  term.type('out 0 on');
  term.press(keys.enter);
  await term.waitFor(session => !Number.isNaN(count(session)) && enough(count(session)), {timeoutMs: 20_000});
  const seen = count(term);
  term.press(keys.escape);
  await term.waitForNoText(/lines match/);
  return seen;
}

describe.skipIf(skip)('the log view against the lab swarm', () => {
  let term: TerminalSession | undefined;

  beforeAll(async () => {
    create(
      'e2e-logs',
      ['--replicas', '3', '--replicas-max-per-node', '1'],
      'i=0; while true; do echo "out $i on $NODE_NAME"; echo "err $i" >&2; i=$((i+1)); sleep 0.3; done',
    );
    // Escape sequences every half second; also, now and then, a megabyte without a newline and bytes that are not UTF-8.
    create(
      'e2e-hostile',
      [],
      "i=0; while true; do printf '\\033]0;pwned\\007\\033[2Jhostile %s\\n' $i; if [ $((i % 6)) -eq 0 ]; then head -c 1048576 /dev/zero | tr '\\000' x; echo; printf 'bad \\377\\376 utf8\\n'; fi; i=$((i+1)); sleep 0.5; done",
    );
    create('e2e-flood', [], 'i=0; while true; do yes "flood line $i with some padding to make it longer" | head -n 1000; i=$((i+1)); sleep 0.1; done');
    await waitUntil(() => runningTaskCount('e2e-logs') === 3 && runningTaskCount('e2e-hostile') === 1 && runningTaskCount('e2e-flood') === 1, {
      timeoutMs: 60_000,
    });
  });

  afterAll(() => {
    labDocker(1, ['service', 'rm', 'e2e-logs', 'e2e-hostile', 'e2e-flood']);
    fs.rmSync(saveDir, {recursive: true, force: true});
  });

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  it('shows every replica’s lines, from worker nodes too, named by slot and node, stderr marked', async () => {
    term = startConsole();
    await openServiceLogs(term, 'e2e-logs');
    const seen = await waitUntil(
      () => {
        const nodes = new Set<string>();
        for (const row of logRows(term!)) {
          // The prefix's node is where the engine says the task runs; the text names the node it ran on.
          const match = /^e2e-logs\.[123]@(node\d)\s+out \d+ on (node\d)/.exec(row);
          if (match) {
            expect(match[1]).toBe(match[2]);
            nodes.add(match[1]!);
          }
        }
        return nodes.size === 3 ? nodes : undefined;
      },
      {timeoutMs: 20_000},
    );
    expect([...seen].sort()).toEqual(['node1', 'node2', 'node3']);
    expect(logRows(term).some(row => /^e2e-logs\.[123]@node\d ▌ err \d+$/.test(row))).toBe(true);
    expect(term.screenText()).toMatch(/streaming · \d+ lines · last 200 · following/);
  });

  it('pauses when scrolled up and holds still, follows again with G, and filters with /', async () => {
    term = startConsole();
    await openServiceLogs(term, 'e2e-logs');
    await term.waitFor(session => logRows(session).length > 20);
    term.press('k');
    await term.waitForText(/paused/);
    const held = logRows(term);
    await term.waitForText(/paused, \d+ newer below — G follows/, {timeoutMs: 5000});
    expect(logRows(term)).toEqual(held);
    term.press('G');
    await term.waitForText(/· following/);
    term.press('/');
    term.type('err 1');
    term.press(keys.enter);
    await term.waitForText(/\d+ of \d+ lines match/);
    const rows = logRows(term);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/err 1/);
    term.press(keys.escape);
    await term.waitForNoText(/lines match/);
    expect(term.screenText()).toContain('logs of e2e-logs');
    term.press(keys.escape);
    await term.waitForText(/NAME\s+MODE\s+REPLICAS/);
  });

  it('restarts with the service without duplicating a line, and saves to a new file only', {timeout: 150_000}, async () => {
    term = startConsole();
    await openServiceLogs(term, 'e2e-logs');
    await term.waitFor(session => logRows(session).length > 10);
    const firstLinesBefore = await firstLinesSeen(term, () => true);
    const restartedAt = Date.now();
    labDocker(1, ['service', 'update', '--force', '--detach', 'e2e-logs']);
    await waitUntil(
      () =>
        runningTaskCount('e2e-logs') === 3 && labDocker(1, ['service', 'inspect', 'e2e-logs', '--format', '{{.UpdateStatus.State}}']).trim() === 'completed',
      {timeoutMs: 90_000},
    );
    // The new tasks count from 0 again: wait until the console has the first line of each.
    await firstLinesSeen(term, count => count >= firstLinesBefore + 3);
    term.press(ctrl('s'));
    await term.waitForText('Save');
    term.press(ctrl('u'));
    term.type('saved.log');
    term.press(keys.enter);
    await term.waitForText(/saved \d+ lines to .*saved\.log/);
    const saved = fs.readFileSync(path.join(saveDir, 'saved.log'), 'utf8').trimEnd().split('\n');
    expect(new Set(saved).size).toBe(saved.length);
    const fresh = saved.filter(line => Date.parse(line.split(' ')[0]!) >= restartedAt - 1000 && / out 0 on node\d$/.test(line));
    expect(fresh.length).toBeGreaterThanOrEqual(3);
    // Again to the same file: refused, the file kept as it was.
    term.press(ctrl('s'));
    await term.waitForText('Save');
    term.press(ctrl('u'));
    term.type('saved.log');
    term.press(keys.enter);
    await term.waitForText(/saved\.log already exists: choose another name/);
    expect(fs.readFileSync(path.join(saveDir, 'saved.log'), 'utf8').trimEnd().split('\n')).toEqual(saved);
    term.press(keys.escape);
  });

  it('shows a hostile container’s escape sequences as text: the title and the screen stay untouched', async () => {
    term = startConsole();
    await term.waitForText('e2e-hostile');
    const titleBefore = term.title;
    const clearsBefore = term.clearScreenCount;
    await openServiceLogs(term, 'e2e-hostile');
    await term.waitForText('^[]0;pwned^G^[[2Jhostile');
    // A fixed wait on purpose: it proves that nothing happens (no title set, no clear) once the line is drawn.
    await new Promise(resolve => setTimeout(resolve, 1500));
    expect(term.title).toBe(titleBefore);
    expect(term.title).not.toContain('pwned');
    expect(term.clearScreenCount).toBe(clearsBefore);
    expect(term.rawOutput()).not.toContain('\u001b]0;pwned');
    expect(term.screenLines()[0]).toMatch(/^swarmtop /);
    // The megabyte line is kept cut, and invalid bytes show as replacement characters.
    await term.waitForText(/xxxx… \[\d+ bytes cut\]|xxxxxxxx…/);
    await term.waitForText('bad \uFFFD\uFFFD utf8');
    term.press('w');
    await term.waitForText(/x… \[\d{6,} bytes cut\]/);
  });

  it('refuses a bad --tail or --log-lines with a clear message', () => {
    for (const args of [
      ['--tail', 'abc'],
      ['--tail', '-5'],
      ['--log-lines', '10'],
    ]) {
      const result = spawnSync(process.execPath, [cliPath, ...args], {encoding: 'utf8'});
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^swarmtop: ${args[0]} takes a whole number of lines`));
    }
  });

  it('keeps a flood to the line cap and still answers keys', async () => {
    term = startConsole(['--log-lines', '1000']);
    await openServiceLogs(term, 'e2e-flood');
    await term.waitForText(/1000 lines \(oldest dropped: keeps 1000; \d+ received\)/, {timeoutMs: 20_000});
    term.press('t');
    await term.waitFor(session => logRows(session).some(row => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z e2e-flood/.test(row)), {timeoutMs: 5000});
    term.press('k');
    await term.waitForText(/paused/, {timeoutMs: 5000});
    expect(term.screenText()).toMatch(/1000 lines \(oldest dropped/);
    const stats = term.stats();
    expect(stats).toBeDefined();
    // The buffer is bounded: far below what the flood has written by now.
    expect(stats!.peakRssBytes).toBeLessThan(400 * 1024 * 1024);
  });
});
