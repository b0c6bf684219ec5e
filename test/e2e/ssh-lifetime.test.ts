// The ssh master's lifetime against the lab's real sshd: SIGKILL the console
// (no exit hook runs) and within 60 s no ssh process of it and no usable
// control socket remain; remove the private control directory mid-session (as
// a tmp cleaner does) and the connection comes back. The console runs under a
// shell that keeps the terminal, so its death sends no SIGHUP to the ssh
// processes: only their own design can end them. Its TMPDIR is private, so
// every ssh process of this console names that directory on its command line.

import {mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {labDockerSync as labDocker, labSkipReason, labSshPaths, labSshd, waitUntil} from '../lab/lab.js';
import {TerminalSession} from '../support/terminal.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();

/** Processes whose command line names `text`, as [pid, command line]. */
function processesNaming(text: string): [number, string][] {
  const found: [number, string][] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(text)) found.push([Number(entry), cmdline]);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** The control sockets under the private TMPDIR. */
function controlSockets(tmp: string): string[] {
  return readdirSync(tmp)
    .filter(name => name.startsWith('swarmtop-ssh-'))
    .flatMap(dir => readdirSync(path.join(tmp, dir)).map(name => path.join(tmp, dir, name)));
}

/** Whether something accepts a connection on the socket. */
function usable(socket: string): Promise<boolean> {
  return new Promise(resolve => {
    const connection = net.connect(socket);
    connection.once('connect', () => {
      connection.destroy();
      resolve(true);
    });
    connection.once('error', () => resolve(false));
  });
}

/** The console's own pid: the shell's child running cli.js. */
function consolePid(shellPid: number): number | undefined {
  return processesNaming(cliPath).find(([pid]) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === shellPid;
  })?.[0];
}

describe.skipIf(skip)('the ssh master lives no longer than the console', () => {
  let term: TerminalSession | undefined;
  let config: string;
  let tmp: string;

  beforeAll(() => {
    labSshd('up', '1');
    config = labSshPaths().STLAB_SSH_CONFIG!;
  });

  afterAll(() => {
    labSshd('down', '1');
  });

  afterEach(() => {
    term?.kill();
    term = undefined;
    for (const [pid] of processesNaming(tmp)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    rmSync(tmp, {recursive: true, force: true});
  });

  function startUnderShell(): TerminalSession {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-e2e-ssh-life-'));
    // Not `exec`: the shell keeps the terminal after the console dies, as an operator's shell does.
    return TerminalSession.spawn('/bin/sh', ['-c', `"${process.execPath}" "${cliPath}" -H ssh://stlab-mgr1 --refresh 1; sleep 600`], {
      cols: 160,
      rows: 40,
      env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, SWARMTOP_SSH_OPTS: `-F ${config}`, TMPDIR: tmp},
    });
  }

  it('after a SIGKILL, leaves no ssh process and no usable control socket within 60 s', async () => {
    term = startUnderShell();
    await term.waitForText(/nodes 3\/3 ready/, {timeoutMs: 90_000});
    const sockets = controlSockets(tmp);
    expect(sockets.length).toBeGreaterThan(0);
    expect(await usable(sockets[0]!)).toBe(true);
    expect(processesNaming(tmp).length).toBeGreaterThan(0);
    const pid = consolePid(term.pid);
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGKILL');
    const started = Date.now();
    let left: string[] = [];
    try {
      await waitUntil(
        async () => {
          left = processesNaming(tmp).map(([pid, cmdline]) => `${pid} ${cmdline}`);
          const live = await Promise.all(controlSockets(tmp).map(usable));
          if (live.includes(true)) left.push('a control socket still accepts');
          return left.length === 0;
        },
        {timeoutMs: 60_000, intervalMs: 500},
      );
    } catch (error) {
      throw new Error(`still there 60 s after the SIGKILL:\n${left.join('\n')}`, {cause: error});
    }
    console.log(`ssh gone ${((Date.now() - started) / 1000).toFixed(1)} s after the SIGKILL`);
  }, 240_000);

  it('makes a vanished control directory again, and the connection comes back', async () => {
    term = startUnderShell();
    await term.waitForText(/nodes 3\/3 ready/, {timeoutMs: 90_000});
    const [first] = controlSockets(tmp);
    const firstDir = path.dirname(first!);
    rmSync(firstDir, {recursive: true, force: true});
    // Forces a reconnect: the master ends, its sessions with it, and the next request logs in again.
    for (const [pid, cmdline] of processesNaming(tmp)) if (cmdline.includes('ControlMaster=yes')) process.kill(pid, 'SIGKILL');
    await waitUntil(
      async () => {
        const fresh = controlSockets(tmp).filter(socket => path.dirname(socket) !== firstDir);
        return fresh.length > 0 && (await usable(fresh[0]!));
      },
      {timeoutMs: 30_000, intervalMs: 200},
    );
    // Refreshes read through the new login: a service made now shows.
    labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'e2e-ssh-back', 'lab/busybox:1', 'sleep', '1d']);
    try {
      await term.waitForText('e2e-ssh-back', {timeoutMs: 30_000});
      expect(term.screenText()).not.toMatch(/cannot bind|No such file or directory/);
    } finally {
      labDocker(1, ['service', 'rm', 'e2e-ssh-back']);
    }
  }, 240_000);
});
