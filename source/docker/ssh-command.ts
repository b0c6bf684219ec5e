// The system ssh's command line and what it says when it refuses: the target's
// arguments, the user's extra ones, and ssh's stderr reduced to one line with
// what to do instead.

export interface SshTarget {
  host: string;
  /** Only when the endpoint names one: otherwise ssh_config's Port (or 22) applies. */
  port?: number;
  /** Only when the endpoint names one: otherwise ssh_config's User (or the local user) applies. */
  user?: string;
}

/** ssh refused or lost the connection; `reason` is ssh's own line. */
export class SshError extends Error {
  constructor(
    readonly reason: string,
    readonly hint: string,
    readonly code = 'ESSH',
  ) {
    super(hint ? `${reason} — ${hint}` : reason);
    this.name = 'SshError';
  }
}

/**
 * ssh ended a login or a session with `reason` (sshReason of its stderr): a lost
 * connection to whoever retries, in ssh's words with one "ssh: " in front (ssh's
 * connection errors carry their own) and what to do instead.
 */
export function sshFailure(reason: string, host: string): SshError {
  return new SshError(reason.startsWith('ssh: ') ? reason : `ssh: ${reason}`, sshHint(reason, host), 'ECONNRESET');
}

/** The part of ssh's stderr that says why, on one line (banners and warnings left out). */
export function sshReason(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('@') && !/^Warning: Permanently added/i.test(line) && !/^Control socket connect/i.test(line));
  if (lines.length === 0) return '';
  const last = lines[lines.length - 1]!;
  if (/^Host key verification failed/i.test(last)) {
    // The line before says which key and why: "Host key for X has changed…", "No ED25519 host key is known for X…".
    const why = [...lines].reverse().find(line => /host key|strict checking/i.test(line) && line !== last);
    return why ? `${last.replace(/\.$/, '')}: ${why}` : last;
  }
  return last;
}

/** What to do instead, for the ways ssh commonly refuses. */
export function sshHint(reason: string, host: string): string {
  if (/host key/i.test(reason)) {
    return `verify the host key and record it in known_hosts (e.g. run \`ssh ${host}\` once in a terminal); swarmtop never accepts an unknown or changed key`;
  }
  if (/permission denied|authentication/i.test(reason)) {
    return 'swarmtop never asks for a password or passphrase: load your key with ssh-add, or name it with IdentityFile in ~/.ssh/config';
  }
  if (/could not resolve hostname/i.test(reason)) return 'check the host name, or the Host alias in ~/.ssh/config';
  if (/connection refused/i.test(reason)) return 'is sshd running on that host and port?';
  if (/timed out|no route|unreachable/i.test(reason)) return 'is the host up and reachable from here?';
  if (/docker.*(not found|no such file)/i.test(reason)) return 'the docker CLI must be installed and on PATH on the remote host';
  return '';
}

/** The ssh command line for one target: options first, then `--`, the host and the remote command. */
export function sshArgv(target: SshTarget, extra: readonly string[], remote: readonly string[]): string[] {
  return [
    ...extra,
    ...(target.user ? ['-l', target.user] : []),
    ...(target.port !== undefined ? ['-p', String(target.port)] : []),
    '--',
    target.host,
    ...remote,
  ];
}

/**
 * The extra ssh arguments: SWARMTOP_SSH_OPTS holds raw ssh arguments split at
 * blanks (e.g. `-F /path/config`), each --ssh-opt is one `-o Key=Value`.
 * Throws with a one-line message on an --ssh-opt that is not Key=Value.
 */
export function sshArgsFrom(sshOpts: readonly string[], envOpts: string | undefined): string[] {
  const args = (envOpts ?? '').split(/\s+/).filter(Boolean);
  for (const opt of sshOpts) {
    if (!/^[A-Za-z][A-Za-z0-9]*\s*=\s*\S/.test(opt.trim())) {
      throw new Error(`--ssh-opt takes an ssh option as Key=Value, like ssh -o (got "${opt}")`);
    }
    args.push('-o', opt.trim());
  }
  return args;
}
