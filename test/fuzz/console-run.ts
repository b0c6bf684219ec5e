// Shared by the fuzz and the soak: a seeded random source, the lab with
// something on every pane, and the built CLI in a real pty with its stderr
// going to a file (the console must print nothing there while it runs).

import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {labDockerSync as labDocker, labIsUp, labSockets, waitUntil} from '../lab/lab.js';
import {TerminalSession} from '../support/terminal.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const cliPath = path.join(root, 'dist', 'cli.js');
const labScript = path.join(root, 'test', 'lab', 'lab.sh');

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function between(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** Brings the lab up unless it is; returns how to put it back. */
export function ensureLab(): () => void {
  if (labIsUp()) return () => {};
  console.log('starting the lab swarm…');
  execFileSync('bash', [labScript, 'up'], {stdio: ['ignore', 'ignore', 'inherit']});
  return () => execFileSync('bash', [labScript, 'down'], {stdio: 'ignore'});
}

const PREFIX = 'fz-';

/** Something on every pane: services (replicated, global, logging), a stack, a network, a secret, a config. */
export async function populate(): Promise<() => void> {
  // What an earlier run left behind (it may have been cut short) goes first.
  removeFuzzObjects();
  const create = (args: string[]) => labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', ...args]);
  labDocker(1, ['network', 'create', '--driver', 'overlay', `${PREFIX}net`]);
  labDocker(1, ['secret', 'create', `${PREFIX}secret`, '-'], {input: 'hush'});
  labDocker(1, ['config', 'create', `${PREFIX}config`, '-'], {input: 'key: value\n'});
  create([
    '--name',
    `${PREFIX}web`,
    '--replicas',
    '4',
    '--network',
    `${PREFIX}net`,
    '--secret',
    `${PREFIX}secret`,
    '--config',
    `${PREFIX}config`,
    'lab/busybox:1',
    'sh',
    '-c',
    'i=0; while true; do echo "line $i"; i=$((i+1)); sleep 0.5; done',
  ]);
  create(['--name', `${PREFIX}agent`, '--mode', 'global', 'lab/busybox:1', 'sleep', '1d']);
  create(['--name', `${PREFIX}stack_api`, '--label', `com.docker.stack.namespace=${PREFIX}stack`, '--replicas', '2', 'lab/busybox:1', 'sleep', '1d']);
  await waitUntil(
    () =>
      labDocker(1, ['service', 'ls', '--filter', `name=${PREFIX}`, '--format', '{{.Replicas}}'])
        .split('\n')
        .filter(line => /^(\d+)\/\1/.test(line)).length >= 3,
    {timeoutMs: 60_000},
  );
  return removeFuzzObjects;
}

function removeFuzzObjects(): void {
  const services = labDocker(1, ['service', 'ls', '-q', '--filter', `name=${PREFIX}`])
    .split('\n')
    .filter(Boolean);
  if (services.length) labDocker(1, ['service', 'rm', ...services]);
  // The manager lets go of the network, secret and config a moment after the tasks are gone.
  const leftovers = (): Array<[string, string]> =>
    (
      [
        ['network', `${PREFIX}net`],
        ['secret', `${PREFIX}secret`],
        ['config', `${PREFIX}config`],
      ] as Array<[string, string]>
    ).filter(([kind, name]) => {
      try {
        labDocker(1, [kind, 'inspect', name]);
        return true;
      } catch {
        return false;
      }
    });
  for (let attempt = 0; attempt < 150; attempt++) {
    const left = leftovers();
    if (left.length === 0) return;
    for (const [kind, name] of left) {
      try {
        labDocker(1, [kind, 'rm', name]);
      } catch {
        // still in use
      }
    }
    execFileSync('sleep', ['0.2']);
  }
  throw new Error(
    `could not remove ${leftovers()
      .map(([kind, name]) => `${kind} ${name}`)
      .join(', ')}`,
  );
}

export interface ConsoleRun {
  term: TerminalSession;
  /** What the console wrote to stderr so far. */
  stderr(): string;
}

/** The built CLI against the lab's manager, read-only, in a pty; stderr to a file. */
export function startConsole(cols: number, rows: number, extraArgs: readonly string[] = [], host = labSockets().manager): ConsoleRun {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-fuzz-'));
  const stderrFile = path.join(dir, 'stderr');
  const args = [cliPath, '-H', host, '--readonly', ...extraArgs].map(arg => `'${arg.replaceAll("'", `'\\''`)}'`).join(' ');
  const term = TerminalSession.spawn('/bin/sh', ['-c', `exec '${process.execPath}' ${args} 2>'${stderrFile}'`], {
    cols,
    rows,
    // An editor that returns at once, should any key reach one.
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, EDITOR: 'true', VISUAL: 'true'},
    recordOutput: false,
  });
  return {
    term,
    stderr: () => {
      try {
        return readFileSync(stderrFile, 'utf8');
      } catch {
        return '';
      }
    },
  };
}

/** Open file descriptors of a process (sockets, pipes, files). */
export function openHandles(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}
