// Helpers for integration tests against the real multi-node Swarm lab that
// test/lab/lab.sh builds (3 dockerd in network namespaces, node1 = manager).
//
// The lab is brought up once per test run by test/lab/global-setup.ts, which
// exports STLAB_NODE1..3 (unix:// URLs) to the workers. A test file does:
//
//   const skip = labSkipReason();            // throws instead when STLAB_REQUIRED=1
//   describe.skipIf(skip)('against the lab', () => {
//     it('lists 3 nodes', async () => {
//       const out = await labDocker(1, ['node', 'ls', '--format', '{{.Hostname}}']);
//       ...
//     });
//   });
//
// Node builtins only, so the helpers work in any test environment.

import {execFile, execFileSync, spawn} from 'node:child_process';
import {accessSync, constants, existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export type LabNode = 1 | 2 | 3;
export const LAB_NODES: readonly LabNode[] = [1, 2, 3];

/** Absolute path of test/lab/lab.sh (also found from a compiled copy under .bench-dist/). */
export const LAB_SH = findLabSh(path.dirname(fileURLToPath(import.meta.url)));

function findLabSh(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, 'lab.sh'), path.join(dir, 'test', 'lab', 'lab.sh')]) {
      if (existsSync(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) return path.join(from, 'lab.sh');
  }
}

/** Where lab.sh keeps its state (and the env file), as lab.sh computes it. */
export function labStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.STLAB_STATE || '/var/lib/stlab';
}

/** The env file `lab.sh up` writes: STLAB_NODE1=unix:///run/stlab/node1.sock … */
export function labEnvFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(labStateDir(env), 'env');
}

/** Parses KEY=VALUE lines (the output of `lab.sh env` / the env file). */
export function parseLabEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(STLAB_[A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}

/** STLAB_* values: process.env first (set by the global setup), else the env file. */
export function labEnv(): Record<string, string> {
  const fromProcess: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('STLAB_') && v !== undefined) fromProcess[k] = v;
  }
  if (fromProcess.STLAB_NODE1) return fromProcess;
  let fromFile: Record<string, string> = {};
  try {
    fromFile = parseLabEnv(readFileSync(labEnvFile(), 'utf8'));
  } catch {
    // lab not up
  }
  return {...fromFile, ...fromProcess};
}

export interface LabSockets {
  1: string;
  2: string;
  3: string;
  /** The manager's URL (node1). */
  manager: string;
}

/** unix:// URLs of the three lab engines; throws if the lab is not up. */
export function labSockets(): LabSockets {
  const env = labEnv();
  const urls = LAB_NODES.map(n => env[`STLAB_NODE${n}`]);
  if (urls.some(u => !u)) {
    throw new Error(
      `swarm lab is not up: no STLAB_NODE1..3 in the environment nor in ${labEnvFile()} (run \`bash test/lab/lab.sh up\`, or configure test/lab/global-setup.ts as vitest globalSetup)`,
    );
  }
  return {1: urls[0]!, 2: urls[1]!, 3: urls[2]!, manager: env.STLAB_MANAGER || urls[0]!};
}

/** Filesystem path of a node's socket (e.g. for `new Dockerode({socketPath})`). */
export function labSocketPath(node: LabNode): string {
  return labSockets()[node].replace(/^unix:\/\//, '');
}

/** The node's address on the lab bridge (10.213.0.1N). */
export function labNodeAddr(node: LabNode): string {
  return labEnv()[`STLAB_NODE${node}_ADDR`] || `10.213.0.${10 + node}`;
}

// --- skipping -----------------------------------------------------------------

const REQUIRED_BINARIES = ['ip', 'nsenter', 'unshare', 'dockerd', 'containerd', 'containerd-shim-runc-v2', 'runc', 'docker-init', 'docker', 'tar'];

function onPath(bin: string): boolean {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, bin), constants.X_OK);
      return true;
    } catch {
      // next
    }
  }
  return false;
}

/** Why this machine cannot run the lab at all (not root, binaries missing), or undefined. */
export function labPreflight(): string | undefined {
  if (process.platform !== 'linux') return `swarm lab needs Linux (this is ${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return 'swarm lab needs root (network namespaces, bridge, dockerd); run the tests as root or set STLAB_REQUIRED=1 to make this an error';
  }
  const missing = REQUIRED_BINARIES.filter(b => !onPath(b));
  if (!existsSync('/bin/busybox')) missing.push('/bin/busybox');
  if (missing.length > 0) {
    return `swarm lab needs ${missing.join(', ')} (apt-get install docker.io containerd runc busybox-static iproute2)`;
  }
  return undefined;
}

export function labRequired(): boolean {
  return process.env.STLAB_REQUIRED === '1';
}

const printedReasons = new Set<string>();

/**
 * Why lab tests must be skipped here, or undefined when the lab is up.
 * Reasons: the machine can't run it (labPreflight), the global setup could not
 * bring it up (STLAB_SKIP_REASON), or it simply is not up.
 * With STLAB_REQUIRED=1 (CI) a reason is an error: this throws instead.
 */
export function labSkipReason(): string | undefined {
  let reason = process.env.STLAB_SKIP_REASON || labPreflight();
  if (!reason) {
    try {
      labSockets();
    } catch (error) {
      reason = (error as Error).message;
    }
  }
  if (!reason) return undefined;
  if (labRequired()) throw new Error(`STLAB_REQUIRED=1 but the swarm lab is unusable: ${reason}`);
  if (!printedReasons.has(reason)) {
    printedReasons.add(reason);
    console.warn(`[stlab] skipping lab tests: ${reason}`);
  }
  return reason;
}

// --- docker CLI -----------------------------------------------------------------

export interface LabDockerOptions {
  /** Default 60 s. */
  timeoutMs?: number;
  /** Written to the CLI's stdin. */
  input?: string;
}

function dockerBin(): string {
  return process.env.STLAB_DOCKER || 'docker';
}

function dockerArgs(node: LabNode, args: readonly string[]): string[] {
  return ['-H', labSockets()[node], ...args];
}

function cliError(node: LabNode, args: readonly string[], code: number | string | null, stderr: string): Error {
  return new Error(`docker -H node${node} ${args.join(' ')} failed (${code ?? 'killed'}): ${stderr.trim() || '(no stderr)'}`);
}

/** Runs `docker -H <node's socket> ...args`; resolves to stdout, rejects with stderr. */
export function labDocker(node: LabNode, args: readonly string[], options: LabDockerOptions = {}): Promise<string> {
  const argv = dockerArgs(node, args);
  return new Promise((resolve, reject) => {
    const child = execFile(
      dockerBin(),
      argv,
      {timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024, env: {...process.env, DOCKER_CLI_HINTS: 'false'}},
      (error, stdout, stderr) => {
        if (error) reject(cliError(node, args, (error as NodeJS.ErrnoException).code ?? null, String(stderr)));
        else resolve(String(stdout));
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Synchronous labDocker (for setup code); returns stdout, throws with stderr. */
export function labDockerSync(node: LabNode, args: readonly string[], options: LabDockerOptions = {}): string {
  try {
    return execFileSync(dockerBin(), dockerArgs(node, args), {
      timeout: options.timeoutMs ?? 60_000,
      maxBuffer: 64 * 1024 * 1024,
      input: options.input,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {...process.env, DOCKER_CLI_HINTS: 'false'},
    }).toString();
  } catch (error) {
    const e = error as {status?: number | null; stderr?: Buffer | string; message: string};
    throw cliError(node, args, e.status ?? null, e.stderr ? String(e.stderr) : e.message);
  }
}

/** Parses one JSON document per line (`--format '{{json .}}'`). */
export function jsonLines<T = unknown>(stdout: string): T[] {
  return stdout
    .split('\n')
    .filter(l => l.trim() !== '')
    .map(l => JSON.parse(l) as T);
}

// --- lab.sh -----------------------------------------------------------------------

/** Runs `bash lab.sh ...args`; resolves to stdout, rejects with its output on failure. */
export function runLabSh(args: readonly string[], options: {timeoutMs?: number} = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    // own process group: a Ctrl-C aimed at the test run must not cut lab.sh in half
    const child = spawn('bash', [LAB_SH, ...args], {stdio: ['ignore', 'pipe', 'pipe'], detached: true});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }, options.timeoutMs ?? 120_000);
    child.on('error', e => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`lab.sh ${args.join(' ')} failed (${code ?? signal}):\n${stderr.trim()}`));
    });
  });
}

/**
 * Stops node N's dockerd (and its containerd) cleanly: SIGTERM, waits for the
 * exit. Namespace and data stay, so startNode(N) brings it back into the swarm.
 * Stopping node 1 takes the swarm's only manager away.
 */
export async function stopNode(node: LabNode): Promise<void> {
  await runLabSh(['stop-node', String(node)]);
}

/** Starts node N again (same flags and hostname); resolves once its socket answers /_ping. */
export async function startNode(node: LabNode): Promise<void> {
  await runLabSh(['start-node', String(node)]);
}

/**
 * Removes every service, stack network, config and secret, and waits until no
 * service container is left: back to the swarm `lab.sh up` hands over.
 */
export async function resetSwarm(): Promise<void> {
  await runLabSh(['reset']);
}

// --- polling ----------------------------------------------------------------------

export interface WaitOptions {
  /** Default 30 s. */
  timeoutMs?: number;
  /** Default 200 ms. */
  intervalMs?: number;
  /** Named in the timeout error. */
  what?: string;
}

/**
 * Calls fn until it returns a truthy value (which is returned) or the time is
 * up. A throwing fn counts as "not yet"; its last error is in the timeout error.
 */
export async function waitUntil<T>(fn: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 200;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let lastValue: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
      lastValue = value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise(r => setTimeout(r, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
  const detail = lastError ? `last error: ${(lastError as Error).message ?? String(lastError)}` : `last value: ${JSON.stringify(lastValue)}`;
  throw new Error(`waitUntil${options.what ? ` (${options.what})` : ''}: timed out after ${timeoutMs} ms; ${detail}`);
}

/** True when the lab's manager answers (someone already brought the lab up). */
export function labIsUp(): boolean {
  try {
    labDockerSync(1, ['info', '--format', '{{.Swarm.ControlAvailable}}']);
    return true;
  } catch {
    return false;
  }
}

/** How many of a service's tasks are running now, as `docker service ps` on the manager tells it. */
export function runningTaskCount(service: string): number {
  const out = labDockerSync(1, ['service', 'ps', service, '--filter', 'desired-state=running', '--format', '{{.CurrentState}}']);
  return out.split('\n').filter(line => line.startsWith('Running')).length;
}

/** The node's engine over TCP with TLS (tcp://10.213.0.1N:2376), and a client's DOCKER_CERT_PATH for it. */
export function labTls(node: LabNode): {url: string; certPath: string} {
  const env = labEnv();
  const url = env[`STLAB_NODE${node}_TCP`];
  const certPath = env['STLAB_TLS_CERTS'];
  if (!url || !certPath) throw new Error(`the lab has no TLS listeners: no STLAB_NODE${node}_TCP / STLAB_TLS_CERTS (bring it up again with this lab.sh)`);
  return {url, certPath};
}

/** Runs test/lab/sshd.sh (a real sshd in a lab node's namespace) with `args`; its stdout. */
export function labSshd(...args: string[]): string {
  return execFileSync('bash', [path.join(path.dirname(LAB_SH), 'sshd.sh'), ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}

/** What `sshd.sh paths` prints (keys, client config, known_hosts), by name. */
export function labSshPaths(): Record<string, string> {
  return Object.fromEntries(
    labSshd('paths')
      .trim()
      .split('\n')
      .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}
