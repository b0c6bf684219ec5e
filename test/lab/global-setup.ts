// vitest globalSetup: brings the Swarm lab up once per test run and down at
// the end (see test/lab/lab.sh, test/lab/lab.ts).
//
//   // vitest config
//   test: { globalSetup: ['test/lab/global-setup.ts'] }
//
// Tests get the engines through the environment (STLAB_NODE1..3 = unix://
// URLs, STLAB_MANAGER, STLAB_NODEn_ADDR; read them with labSockets() from
// lab.ts) or through `inject('stlab')`.
//
// Environment:
//   STLAB_REQUIRED=1  the lab must come up: any reason to skip is an error (CI)
//   STLAB_KEEP=1      leave the lab up after the run; a later run with
//                     STLAB_KEEP=1 reuses a running lab (after `lab.sh reset`)
//   STLAB_SKIP=1      don't start the lab; lab tests skip
// When the lab can't be used (not root, binaries missing, `up` failed) and
// STLAB_REQUIRED is not set, the reason is printed and exported as
// STLAB_SKIP_REASON, which makes labSkipReason() skip the lab tests.

import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import type {TestProject} from 'vitest/node';
import {LAB_SH, labPreflight, labRequired, parseLabEnv} from './lab.js';

export interface StlabProvided {
  /** STLAB_* values printed by `lab.sh up` (empty when skipped). */
  env: Record<string, string>;
  /** Set when the lab is not available and the lab tests skip. */
  skipReason?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stlab: StlabProvided;
  }
}

const say = (msg: string) => process.stderr.write(`[stlab] ${msg}\n`);

let upChild: ChildProcess | undefined;
let downChild: ChildProcess | undefined;
let labStarted = false;
let tornDown = false;

function killGroup(child: ChildProcess | undefined): void {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

// Runs lab.sh in its own process group (a Ctrl-C aimed at vitest must not cut
// it in half); stderr goes to ours, stdout is returned.
function labSh(args: string[], onSpawn?: (c: ChildProcess) => void): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise(resolve => {
    const child = spawn('bash', [LAB_SH, ...args], {stdio: ['ignore', 'pipe', 'pipe'], detached: true});
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      process.stderr.write(d);
    });
    child.on('error', e => resolve({code: -1, stdout, stderr: stderr + String(e)}));
    child.on('close', code => resolve({code, stdout, stderr}));
  });
}

// Last resort when the process goes away without the teardown (Ctrl-C: vitest
// answers SIGINT/SIGTERM with process.exit() and skips global teardowns).
function emergencyDown(): void {
  if (tornDown || !labStarted) return;
  tornDown = true;
  killGroup(upChild);
  if (downChild && downChild.exitCode === null) return; // detached: it finishes on its own
  if (process.env.STLAB_KEEP === '1') return;
  say('run interrupted: tearing the lab down');
  spawnSync('bash', [LAB_SH, 'down'], {stdio: ['ignore', 'inherit', 'inherit'], timeout: 60_000});
}

function onSignal(signal: NodeJS.Signals): void {
  emergencyDown();
  process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
}

// Prepended: vitest's own SIGINT/SIGTERM/exit listeners call process.exit(),
// which ends the process before any listener registered after theirs runs.
function installHandlers(): () => void {
  process.prependOnceListener('exit', emergencyDown);
  process.prependOnceListener('SIGINT', onSignal);
  process.prependOnceListener('SIGTERM', onSignal);
  process.prependOnceListener('SIGHUP', onSignal);
  return () => {
    process.off('exit', emergencyDown);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  };
}

/**
 * Holds the lab lock (see locked.sh) for the whole run unless the caller holds
 * it already: a plain `vitest run` would otherwise recreate, then tear down, a
 * lab that another run on this machine is using. A `flock` child holds it and
 * lets go when its stdin closes (at teardown, or when this process dies).
 */
async function holdLabLock(): Promise<() => void> {
  if (process.env.STLAB_LOCK_HELD === '1' || spawnSync('sh', ['-c', 'command -v flock'], {stdio: 'ignore'}).status !== 0) return () => {};
  const lock = process.env.STLAB_LOCK ?? '/tmp/stlab.lock';
  const holder = spawn('flock', [lock, '-c', 'echo held; exec cat'], {stdio: ['pipe', 'pipe', 'ignore']});
  const waiting = setTimeout(() => say(`waiting for the lab lock ${lock} (another run is using the lab)`), 2000);
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.once('data', () => resolve());
    holder.once('error', reject);
    holder.once('exit', code => reject(new Error(`flock ${lock} exited ${code}`)));
  });
  clearTimeout(waiting);
  holder.unref();
  return () => holder.stdin!.end();
}

function skip(project: TestProject, reason: string): void {
  if (labRequired()) throw new Error(`STLAB_REQUIRED=1 but the swarm lab is unusable: ${reason}`);
  say(`lab tests will be skipped: ${reason}`);
  process.env.STLAB_SKIP_REASON = reason;
  project.provide('stlab', {env: {}, skipReason: reason});
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

async function labIsHealthy(): Promise<boolean> {
  const {code, stdout} = await labSh(['status']);
  return code === 0 && !/DOWN/.test(stdout);
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.STLAB_SKIP === '1') {
    skip(project, 'STLAB_SKIP=1');
    return undefined;
  }
  const reason = labPreflight();
  if (reason) {
    skip(project, reason);
    return undefined;
  }

  const releaseLock = await holdLabLock();
  const keep = process.env.STLAB_KEEP === '1';
  const removeHandlers = installHandlers();
  labStarted = true;
  let result: {code: number | null; stdout: string; stderr: string};
  if (keep && (await labIsHealthy())) {
    say('STLAB_KEEP=1: reusing the running lab (lab.sh reset)');
    result = await labSh(['reset'], c => (upChild = c));
    if (result.code === 0) result = await labSh(['env']);
  } else {
    say('bringing the swarm lab up (test/lab/lab.sh up)');
    result = await labSh(['up'], c => (upChild = c));
  }
  upChild = undefined;

  const env = parseLabEnv(result.stdout);
  if (result.code !== 0 || !env.STLAB_NODE1) {
    const why = `lab.sh up failed (exit ${result.code}): ${lastLines(result.stderr, 15) || '(no output)'}`;
    await labSh(['down']);
    tornDown = true;
    removeHandlers();
    releaseLock();
    skip(project, why);
    return undefined;
  }

  for (const [k, v] of Object.entries(env)) process.env[k] = v;
  delete process.env.STLAB_SKIP_REASON;
  project.provide('stlab', {env});

  return async () => {
    removeHandlers();
    try {
      if (tornDown) return;
      tornDown = true;
      if (keep) {
        say('STLAB_KEEP=1: leaving the lab up (bash test/lab/lab.sh down to remove it)');
        return;
      }
      const {code} = await labSh(['down'], c => (downChild = c));
      if (code !== 0) say(`lab.sh down exited ${code}`);
    } finally {
      releaseLock();
    }
  };
}
