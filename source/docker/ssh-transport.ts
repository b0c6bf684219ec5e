// Reaching an engine over the system ssh client, the way the docker CLI does:
// `ssh [-l user] [-p port] -- host docker system dial-stdio`, so ~/.ssh/config
// (aliases, ProxyJump, IdentityFile, Port, User), known_hosts and
// StrictHostKeyChecking apply exactly as they do for `ssh host`.
//
// One login carries many requests: a master ssh (OpenSSH connection
// multiplexing, its control socket in a private directory) logs in once, and
// every HTTP connection is a `dial-stdio` session riding on it. The sessions
// sit in a keep-alive http.Agent, so refreshes reuse them; a stream (events,
// logs) holds its own session while open. sshd caps sessions per connection
// (MaxSessions, 10 by default), so past `sessionsPerLogin` a further master
// logs in: a small pool rather than one connection per request.
//
// A master must not outlive the console, however the console ends (SIGKILL
// included, where no exit hook runs). Each login has a watch: a shell reading a
// pipe from this process, which sees EOF when the process dies (or closes it)
// and then tells the master to exit (`ssh -O exit`), its control socket with
// it. The master stays in the foreground (ControlPersist=no: a backgrounded
// master never answered a hijacked exec session, so `x` over ssh hung); every session is an ssh whose stdin
// is a pipe from this process, so those end with it too.

import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type {Duplex} from 'node:stream';
import {SshError, type SshTarget, sshArgv, sshFailure, sshReason} from './ssh-command.js';
import {StdioSocket} from './stdio-socket.js';

export {SshError, sshArgsFrom, sshArgv, sshFailure, sshHint, sshReason, type SshTarget} from './ssh-command.js';

export interface SshTransportOptions {
  /** Extra ssh arguments, before the host (e.g. `-F file`, `-o UserKnownHostsFile=…`). */
  sshArgs?: readonly string[];
  /** The ssh program; default `ssh` on PATH. */
  command?: string;
  /** Sessions one login carries before another logs in; default 10, sshd's own MaxSessions default. */
  sessionsPerLogin?: number;
  /** ssh's ConnectTimeout, seconds; default 10. */
  connectTimeoutSec?: number;
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_SESSIONS_PER_LOGIN = 10;
const READY_POLL_MS = 20;

interface Login {
  id: number;
  controlPath: string;
  child: ChildProcess;
  ready: Promise<void>;
  sessions: number;
  /** Sessions this login takes; lowered when sshd refuses one (a MaxSessions below the default). */
  capacity: number;
  alive: boolean;
  controlReady: boolean;
  /** The backgrounded master's process, once `ssh -O check` named it: ended on close, watched for death. */
  masterPid?: number;
  /** Ends the master when this process ends: see startWatch. */
  watch?: ChildProcess;
}

export class SshTransport {
  readonly agent: http.Agent;
  // Made again (under a new name) when a tmp cleaner removes it: see controlDir().
  private dir: string;
  private readonly dirs: string[] = [];
  private readonly logins: Login[] = [];
  private nextId = 0;
  private loginsStarted = 0;
  private closed = false;

  constructor(
    readonly target: SshTarget,
    private readonly options: SshTransportOptions = {},
  ) {
    // Private: the control sockets give whoever can open them the logged-in connection.
    this.dir = this.newControlDir();
    // A refresh reads up to 7 lists at once: keep that many sessions for the next one.
    const agent = new http.Agent({keepAlive: true, maxFreeSockets: 8});
    agent.createConnection = ((_options: unknown, callback: (error: Error | null, socket?: Duplex) => void) => {
      this.openSession().then(
        socket => callback(null, socket),
        (error: Error) => callback(error),
      );
      return undefined;
    }) as unknown as typeof agent.createConnection;
    this.agent = agent;
    live.add(this);
    closeAllOnExit();
  }

  /** Logins (ssh connections authenticated) since start. */
  get loginCount(): number {
    return this.loginsStarted;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Open dial-stdio sessions. */
  get sessionCount(): number {
    return this.logins.reduce((sum, login) => sum + login.sessions, 0);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    live.delete(this);
    this.agent.destroy();
    for (const login of this.logins) {
      login.alive = false;
      login.child.kill('SIGTERM');
      login.watch?.stdin?.end();
      // Only while its socket is there: a pid whose master is gone may be someone else's by now.
      if (login.masterPid !== undefined && existsSync(login.controlPath)) signal(login.masterPid, 'SIGTERM');
    }
    this.logins.length = 0;
    for (const dir of this.dirs) rmSync(dir, {recursive: true, force: true});
  }

  private newControlDir(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-ssh-'));
    this.dirs.push(dir);
    return dir;
  }

  /**
   * The private directory for control sockets. A long session's may be removed under it (tmp
   * cleaners): a fresh one is made rather than the old name taken again, which someone else
   * could have made meanwhile in a shared /tmp.
   */
  private controlDir(): string {
    if (!existsSync(this.dir)) this.dir = this.newControlDir();
    return this.dir;
  }

  private baseArgs(): string[] {
    const timeout = this.options.connectTimeoutSec ?? 10;
    return [
      // Never a prompt inside the console: a key ssh can't use without asking is a clear error instead.
      '-o',
      'BatchMode=yes',
      '-o',
      `ConnectTimeout=${timeout}`,
      // A dead link shows within seconds rather than after TCP gives up.
      '-o',
      'ServerAliveInterval=3',
      '-o',
      'ServerAliveCountMax=3',
      ...(this.options.sshArgs ?? []),
    ];
  }

  private async openSession(): Promise<Duplex> {
    if (this.closed) throw new SshError('ssh transport closed', '');
    const login = this.loginWithRoom();
    login.sessions += 1;
    try {
      await login.ready;
    } catch (error) {
      login.sessions -= 1;
      throw error;
    }
    const args = ['-T', '-o', 'ControlMaster=no', '-o', `ControlPath=${login.controlPath}`, ...this.baseArgs()];
    const child = spawn(this.options.command ?? 'ssh', sshArgv(this.target, args, ['docker', 'system', 'dial-stdio']), {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: this.options.env ?? process.env,
    });
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      login.sessions -= 1;
    };
    child.once('exit', release);
    child.once('error', release);
    const socket = new StdioSocket(child, this.target.host);
    socket.once('error', error => {
      // sshd refused one more session on this login: it is full at what it carries now.
      if (/session open refused|administratively prohibited|open failed/i.test(error.message)) {
        login.capacity = Math.max(1, login.sessions);
      }
    });
    return socket;
  }

  private loginWithRoom(): Login {
    const cap = this.options.sessionsPerLogin ?? DEFAULT_SESSIONS_PER_LOGIN;
    for (const login of [...this.logins]) {
      // A master whose control socket is gone has died, its exit maybe not yet seen: a session sent
      // there would make ssh log in on its own, a login nobody counts.
      if (login.alive && login.controlReady && (!existsSync(login.controlPath) || (login.masterPid !== undefined && !signal(login.masterPid, 0)))) {
        login.alive = false;
        // A master whose socket was removed can take no session and no `-O exit`: ended by its pid.
        if (login.masterPid !== undefined) signal(login.masterPid, 'SIGTERM');
        login.watch?.kill();
        this.forget(login);
        continue;
      }
      if (login.alive && login.sessions < Math.min(cap, login.capacity)) return login;
    }
    return this.startLogin();
  }

  private startLogin(): Login {
    const id = this.nextId++;
    const controlPath = path.join(this.controlDir(), `c${id}`);
    const args = ['-N', '-o', 'ControlMaster=yes', '-o', `ControlPath=${controlPath}`, '-o', 'ControlPersist=no', ...this.baseArgs()];
    const child = spawn(this.options.command ?? 'ssh', sshArgv(this.target, args, []), {
      // stdin a pipe from this process: whatever ssh keeps in the foreground sees EOF when the process dies.
      stdio: ['pipe', 'ignore', 'pipe'],
      env: this.options.env ?? process.env,
    });
    this.loginsStarted += 1;
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      stderr = (stderr + text).slice(-8192);
    });
    const login: Login = {
      id,
      controlPath,
      child,
      sessions: 0,
      capacity: this.options.sessionsPerLogin ?? DEFAULT_SESSIONS_PER_LOGIN,
      alive: true,
      controlReady: false,
      ready: Promise.resolve(),
    };
    login.ready = new Promise<void>((resolve, reject) => {
      let settled = false;
      const ready = () => {
        if (settled) return;
        settled = true;
        login.controlReady = true;
        clearInterval(timer);
        resolve();
        this.findMaster(login);
        login.watch = this.startWatch(login.controlPath);
      };
      const timer = setInterval(() => {
        if (existsSync(controlPath)) ready();
      }, READY_POLL_MS);
      const fail = (error: Error) => {
        login.alive = false;
        this.forget(login);
        clearInterval(timer);
        if (settled) return;
        settled = true;
        reject(error);
      };
      child.once('error', error => fail(new SshError(`cannot run ssh: ${error.message}`, 'is the OpenSSH client installed and on PATH?', 'ENOENT')));
      child.once('exit', (code, signal) => {
        // A master that exits cleanly once its socket is there (e.g. a config's ControlPersist) has handed it over.
        if (code === 0 && existsSync(controlPath)) {
          ready();
          return;
        }
        const reason = sshReason(stderr) || (signal ? `ssh ended by ${signal}` : `ssh exited with status ${code}`);
        fail(sshFailure(reason, this.target.host));
      });
    });
    // Nobody may be waiting yet; the rejection is handed to whoever asks for a session.
    login.ready.catch(() => {});
    this.logins.push(login);
    return login;
  }

  /**
   * A shell that waits for EOF on a pipe from this process, then sends the master `-O exit`.
   * The pipe closes however this process ends, SIGKILL included, so the master never outlives it.
   */
  private startWatch(controlPath: string): ChildProcess {
    const exit = sshArgv(this.target, ['-O', 'exit', '-o', `ControlPath=${controlPath}`, ...(this.options.sshArgs ?? [])], []);
    const watch = spawn('/bin/sh', ['-c', 'cat >/dev/null; exec "$@" 2>/dev/null', 'swarmtop-ssh-watch', this.options.command ?? 'ssh', ...exit], {
      stdio: ['pipe', 'ignore', 'ignore'],
      env: this.options.env ?? process.env,
    });
    watch.once('error', () => {});
    watch.stdin!.on('error', () => {});
    // The watch must not keep this process alive.
    watch.unref();
    (watch.stdin as unknown as {unref?: () => void}).unref?.();
    return watch;
  }

  /** Asks the master for its pid (`ssh -O check` says "Master running (pid=N)"), to end it on close and see it die. */
  private findMaster(login: Login): void {
    const args = ['-O', 'check', '-o', `ControlPath=${login.controlPath}`, ...(this.options.sshArgs ?? [])];
    const check = spawn(this.options.command ?? 'ssh', sshArgv(this.target, args, []), {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: this.options.env ?? process.env,
    });
    let text = '';
    check.stderr!.setEncoding('utf8');
    check.stderr!.on('data', (chunk: string) => {
      text += chunk;
    });
    check.once('error', () => {});
    check.once('close', () => {
      const pid = Number(/\(pid=(\d+)\)/.exec(text)?.[1]);
      if (!Number.isInteger(pid) || pid <= 0) return;
      login.masterPid = pid;
      if (this.closed) signal(pid, 'SIGTERM');
    });
  }

  private forget(login: Login): void {
    const index = this.logins.indexOf(login);
    if (index >= 0) this.logins.splice(index, 1);
  }
}

/** process.kill without the throw: whether the signal was delivered (signal 0: whether the process lives). */
function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

const shared = new Map<string, SshTransport>();
const live = new Set<SshTransport>();
let exitHookInstalled = false;

// One hook for all transports (a failover opens several at once): no ssh child outlives the console.
function closeAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const transport of [...live]) transport.close();
  });
}

/**
 * The transport for a target and ssh arguments, made once: every client for the
 * same endpoint rides the same login. closeSshTransport ends it.
 */
export function sharedSshTransport(target: SshTarget, options: SshTransportOptions = {}): SshTransport {
  const key = transportKey(target, options.sshArgs ?? []);
  let transport = shared.get(key);
  if (!transport || transport.isClosed) {
    transport = new SshTransport(target, options);
    shared.set(key, transport);
  }
  return transport;
}

/** Ends the ssh processes of every shared transport for this target (any ssh arguments). */
export function closeSshTransports(target: SshTarget): void {
  for (const [key, transport] of shared) {
    if (sameTarget(transport.target, target)) {
      transport.close();
      shared.delete(key);
    }
  }
}

/** The shared transport an agent belongs to, if any (for counting logins and closing). */
export function sshTransportOfAgent(agent: unknown): SshTransport | undefined {
  for (const transport of shared.values()) if (transport.agent === agent) return transport;
  return undefined;
}

function transportKey(target: SshTarget, sshArgs: readonly string[]): string {
  return JSON.stringify([target.host, target.port ?? null, target.user ?? null, ...sshArgs]);
}

function sameTarget(a: SshTarget, b: SshTarget): boolean {
  return a.host === b.host && a.port === b.port && a.user === b.user;
}
