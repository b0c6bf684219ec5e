// The built console in a real pty against a hostile engine (test/support/hostile-engine.ts):
// the lab's manager behind a proxy that rewrites its answers with escapes, bidi controls,
// TAB, a node without Spec, nulls, wrong types, path-climbing container IDs, a 100 MB
// /version and an event line that never ends. The raw bytes the console writes are read:
// no sequence it would not write against the clean lab, the title put, the console up and
// showing what it can read, and no request outside the ones it means to make.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {labDockerSync as labDocker, labSkipReason, labSocketPath, runningTaskCount, waitUntil} from '../lab/lab.js';
import {type HostileEngine, startHostileEngine} from '../support/hostile-engine.js';
import type {Mutation} from '../support/hostile-mutations.js';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();
const SERVICE = 'hostile-web';

const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;

/**
 * The kinds of control sequence in `raw`: cursor moves and colours by their final byte (their
 * numbers change with the screen), everything else whole; OSC with its text; C1, bidi and TAB.
 */
function sequenceKinds(raw: string): Set<string> {
  const kinds = new Set<string>();
  for (const [, params, inter, final] of raw.matchAll(/\x1b\[([0-9;?<=>]*)([ -/]*)([@-~])/g)) {
    const moves = 'ABCDEFGHfdm'.includes(final!);
    kinds.add(moves ? `CSI ${/^[?<=>]/.exec(params!)?.[0] ?? ''}${final}` : `CSI ${params}${inter}${final}`);
  }
  for (const [, text] of raw.matchAll(/\x1b\]([^\x07\x1b]*)(?:\x07|\x1b\\)/g)) kinds.add(`OSC ${text}`);
  for (const [, next] of raw.matchAll(/\x1b([^[\]])/g)) kinds.add(`ESC ${next!.codePointAt(0)!.toString(16)}`);
  for (const [char] of raw.matchAll(/[\u0080-\u009f]/g)) kinds.add(`C1 ${char.codePointAt(0)!.toString(16)}`);
  for (const [char] of raw.matchAll(new RegExp(BIDI.source, 'gu'))) kinds.add(`BIDI ${char.codePointAt(0)!.toString(16)}`);
  if (raw.includes('\t')) kinds.add('TAB');
  return kinds;
}

function startConsole(engine: HostileEngine, cols = 160, rows = 40): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '-H', engine.url, '--refresh', '1'], {
    cols,
    rows,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
    defaultTimeoutMs: 20_000,
  });
}

/** Resolves once `pattern` is on screen at least `count` times. */
async function waitForCount(term: TerminalSession, pattern: RegExp, count: number): Promise<void> {
  const global = new RegExp(pattern.source, 'g');
  await term.waitFor(current => (current.screenText().match(global)?.length ?? 0) >= count, {description: `${count} × ${pattern}`});
}

/**
 * The same walk for every run: services, nodes, a node's description, the tasks, a task's
 * description. It waits on what no mutation prefixes (states, counts, crumbs), since a name
 * that carries an escaped injection is cut short in its column.
 */
async function tour(term: TerminalSession): Promise<void> {
  await term.waitForText(/global\s+3\/3/);
  await term.waitForText(/nodes \d+\/\d+ ready/);
  term.type(':nodes');
  term.press(keys.enter);
  await waitForCount(term, /\bReady\b/, 3);
  term.press('d');
  await term.waitForText(/describe node/);
  term.press(keys.escape);
  await term.waitForNoText(/describe node/);
  term.type(':tasks');
  term.press(keys.enter);
  await waitForCount(term, /Running\s+Running/, 3);
  term.press('d');
  await term.waitForText(/describe task/);
  term.press(keys.escape);
  await term.waitForNoText(/describe task/);
}

describe.skipIf(skip)('the console against a hostile engine', () => {
  let engine: HostileEngine | undefined;
  let term: TerminalSession | undefined;
  let baseline: {kinds: Set<string>; title: string};

  const start = async (mutations: Mutation[], cols?: number): Promise<TerminalSession> => {
    engine = await startHostileEngine({upstream: labSocketPath(1), mutations});
    term = startConsole(engine, cols ?? 200);
    return term;
  };

  beforeAll(async () => {
    labDocker(1, [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--name',
      SERVICE,
      '--mode',
      'global',
      '--label',
      'com.docker.stack.namespace=hostile',
      'lab/busybox:1',
      'sleep',
      '1d',
    ]);
    await waitUntil(() => runningTaskCount(SERVICE) === 3, {timeoutMs: 60_000});
    // What the console writes against the clean lab, through the same proxy: its own sequences.
    const clean = await start([]);
    await tour(clean);
    baseline = {kinds: sequenceKinds(clean.rawOutput()), title: clean.title};
    // The proxy itself is no cause of trouble: the clean run's event stream stays up.
    expect(clean.screenText()).not.toMatch(/events down/);
    expect(engine!.unintended()).toEqual([]);
    clean.kill();
    await engine!.close();
    engine = undefined;
  }, 120_000);

  afterAll(() => {
    labDocker(1, ['service', 'rm', SERVICE]);
  });

  afterEach(async () => {
    term?.kill();
    term = undefined;
    await engine?.close();
    engine = undefined;
  });

  it('lets no injected escape, OSC, C1, bidi control or TAB reach the terminal, and keeps the title', async () => {
    const session = await start(['escapes', 'bidi', 'tab']);
    await tour(session);
    const raw = session.rawOutput();
    expect([...sequenceKinds(raw)].filter(kind => !baseline.kinds.has(kind))).toEqual([]);
    expect(raw).not.toContain('PWNED-title\x07');
    expect(raw).not.toContain('\x1b]52;');
    expect(raw).not.toMatch(BIDI);
    expect(session.title).toBe(baseline.title);
    expect(session.title).not.toContain('PWNED');
    expect(session.isRunning).toBe(true);
  }, 90_000);

  it('names a node it cannot read and shows the rest', async () => {
    const session = await start(['malformed-node']);
    await session.waitForText(SERVICE);
    session.type(':nodes');
    session.press(keys.enter);
    await session.waitForText(/node3/);
    await session.waitForText(/1 node unreadable/);
    expect(session.screenText()).toMatch(/node1[\s\S]*node2[\s\S]*node3/);
    expect(session.isRunning).toBe(true);
  }, 60_000);

  it('keeps running through nulls in the lists and fields of the wrong type, showing every readable object', async () => {
    const session = await start(['null-elements', 'wrong-types']);
    // Names are untouched here, but a node whose state is of the wrong type is not "ready".
    await session.waitForText(SERVICE);
    session.type(':nodes');
    session.press(keys.enter);
    await session.waitForText(/node1[\s\S]*node2[\s\S]*node3/);
    session.press('d');
    await session.waitForText(/describe node/);
    session.press(keys.escape);
    session.type(':tasks');
    session.press(keys.enter);
    await waitForCount(session, new RegExp(`${SERVICE}\\.`), 3);
    session.press('d');
    await session.waitForText(/describe task/);
    expect(session.rawOutput()).not.toMatch(/Cannot read properties|TypeError|at .*\.js:\d+/);
    expect(session.isRunning).toBe(true);
  }, 90_000);

  it('sends no request outside the ones it means to make, whatever the container IDs say', async () => {
    const session = await start(['climbing-container-id']);
    await session.waitForText(SERVICE);
    session.type(':nodes');
    session.press(keys.enter);
    await session.waitForText(/node1/);
    // node1's tasks: the node the console reaches (the manager), so its container IDs are used.
    session.press(keys.enter);
    await session.waitForText(/tasks on node1/);
    // Global: one task of it on every node, node1 included.
    await session.waitForText(new RegExp(`${SERVICE}\\.`));
    const before = session.screenText();
    session.press('x');
    await session.waitFor(current => current.screenText() !== before);
    // A round of stats for the rows on screen has been asked for by now.
    await waitUntil(() => engine!.requests.some(request => /\/containers\/.*\/(stats|json)/.test(request.url)) || engine!.requests.length > 40, {
      timeoutMs: 20_000,
    });
    expect(engine!.unintended()).toEqual([]);
    expect(engine!.requests.filter(request => request.url.includes('..') || /swarm\/leave/i.test(request.url) || request.method !== 'GET')).toEqual([]);
    expect(session.isRunning).toBe(true);
  }, 60_000);

  it('drops a 100 MB /version at its cap and says so, without reading the rest', async () => {
    const session = await start(['huge-version']);
    const status = await session.waitForExit({timeoutMs: 30_000});
    expect(status.exitCode).not.toBe(0);
    const message = session
      .screenLines()
      .map(line => line.trimEnd())
      .join('');
    expect(message).toMatch(/answer\s*to\s*\/version\s*over\s*its\s*cap\s*of\s*1\s*MiB:\s*dropped/);
    expect(session.rawOutput()).not.toMatch(/^\s+at /m);
    await waitUntil(() => engine!.poured.every(answer => answer.closed), {timeoutMs: 10_000});
    for (const answer of engine!.poured) expect(answer.bytes).toBeLessThan(16 * 1024 * 1024);
  }, 60_000);

  it('drops an event line that never ends at its cap, says so, and keeps working by polling', async () => {
    const session = await start(['endless-event-line'], 200);
    await session.waitForText(SERVICE);
    await session.waitForText(/events down: event line to \/events over its cap of 1 MiB: dropped/, {timeoutMs: 30_000});
    session.type(':nodes');
    session.press(keys.enter);
    await session.waitForText(/node3/);
    expect(session.isRunning).toBe(true);
    await waitUntil(() => engine!.poured.length > 0 && engine!.poured[0]!.closed, {timeoutMs: 10_000});
    for (const answer of engine!.poured.filter(poured => poured.closed)) expect(answer.bytes).toBeLessThan(16 * 1024 * 1024);
  }, 60_000);
});
