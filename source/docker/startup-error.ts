// Every way opening the engine connection can fail at startup, turned into one
// line that names the endpoint, where it came from (flag, environment, context
// or default) and what to check.

import type {Endpoint} from './endpoint.js';
import {SshError} from './ssh-command.js';

export type StartupErrorKind =
  | 'unreachable'
  | 'permission'
  | 'tls'
  | 'not-swarm'
  | 'worker'
  | 'context'
  | 'api-version'
  // The endpoint text itself is unusable (unknown scheme, malformed URL).
  | 'endpoint'
  // The engine answered, but with something none of the above explains.
  | 'engine';

export class StartupError extends Error {
  constructor(
    readonly kind: StartupErrorKind,
    message: string,
  ) {
    super(oneLine(message));
    this.name = 'StartupError';
  }
}

interface ErrorLike {
  message?: string;
  code?: unknown;
  syscall?: string;
  statusCode?: number;
  json?: unknown;
  // ssh2 tags its errors with the stage that failed.
  level?: string;
}

const UNREACHABLE_CODES = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
]);

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'EPROTO',
]);

function isTlsCode(code: string): boolean {
  return TLS_CODES.has(code) || ['ERR_TLS', 'ERR_SSL_', 'ERR_OSSL_', 'CERT_'].some(prefix => code.startsWith(prefix));
}

// Turns whatever Node, ssh2 or dockerode threw into a one-line StartupError
// naming the endpoint and its source. `timedOutAfterMs` says our own deadline
// fired, so the (abort) error itself carries no information.
export function classifyStartupError(error: unknown, endpoint: Endpoint, timedOutAfterMs?: number): StartupError {
  if (error instanceof StartupError) return error;
  const at = endpointAndOrigin(endpoint);
  const scheme = endpoint.url.slice(0, endpoint.url.indexOf(':'));

  if (timedOutAfterMs !== undefined) {
    const seconds = Math.round(timedOutAfterMs / 100) / 10;
    return new StartupError('unreachable', `Cannot reach the Docker engine at ${at}: no answer within ${seconds} s — is the host up and the port open?`);
  }

  const e = (typeof error === 'object' && error !== null ? error : {message: String(error)}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';

  if (typeof e.statusCode === 'number') return classifyHttpError(e, e.statusCode, endpoint, at);

  // The system ssh refused or failed (ssh-transport.ts): its own reason, and what to do instead.
  if (error instanceof SshError) {
    const how = error.hint ? ` — ${error.hint}` : '';
    if (/host key|permission denied|authentication/i.test(error.reason)) {
      return new StartupError('permission', `ssh refused the Docker engine at ${at}: ${error.reason.replace(/^ssh: /, '')}${how}`);
    }
    return new StartupError('unreachable', `Cannot reach the Docker engine at ${at} over ssh: ${error.reason.replace(/^ssh: /, '')}${how}`);
  }

  if (e.level === 'client-authentication') {
    return new StartupError(
      'permission',
      `SSH login for the Docker engine at ${at} failed: ${oneLine(e.message ?? 'authentication failed')} — is your key loaded in ssh-agent (SSH_AUTH_SOCK)?`,
    );
  }
  if (e.level === 'client-timeout') {
    return new StartupError(
      'unreachable',
      `Cannot reach the Docker engine at ${at}: ${oneLine(e.message ?? 'ssh handshake timed out')} — is sshd reachable on that host and port?`,
    );
  }

  if (code && isTlsCode(code))
    return new StartupError('tls', `TLS with the Docker engine at ${at} failed: ${errorDetail(e)} — ${tlsHint(endpoint, code, e.message)}`);

  if (code === 'EACCES' || code === 'EPERM') {
    const hint =
      scheme === 'unix'
        ? 'add your user to the docker group (then log in again) or run swarmtop with sudo'
        : 'check the firewall or security policy on this machine';
    return new StartupError('permission', `Permission denied on the Docker engine at ${at}: ${syscallDetail(e, code)} — ${hint}`);
  }

  if (UNREACHABLE_CODES.has(code)) {
    return new StartupError('unreachable', `Cannot reach the Docker engine at ${at}: ${syscallDetail(e, code)} — ${unreachableHint(endpoint, scheme, code)}`);
  }

  if (e.level) {
    return new StartupError('unreachable', `Cannot reach the Docker engine at ${at} over ssh: ${oneLine(e.message ?? 'ssh failed')}`);
  }

  return new StartupError('engine', `Cannot talk to the Docker engine at ${at}: ${errorDetail(e)}`);
}

function classifyHttpError(e: ErrorLike, status: number, endpoint: Endpoint, at: string): StartupError {
  const said = engineMessage(e);
  if (status === 401 || status === 403) {
    return new StartupError(
      'permission',
      `The Docker engine at ${at} refused access (HTTP ${status}${said ? `: ${said}` : ''}) — check your credentials or the engine's authorization plugin`,
    );
  }
  if (status === 400 && /HTTP request to an HTTPS server/i.test(said)) {
    const hint = endpoint.contextName ? 'give the context TLS material' : 'set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH';
    return new StartupError('tls', `The Docker engine at ${at} expects TLS — ${hint}`);
  }
  if (status === 404) {
    return new StartupError('engine', `The server at ${at} answered HTTP 404${said ? ` (${said})` : ''} — is that a Docker engine?`);
  }
  return new StartupError('engine', `The Docker engine at ${at} answered HTTP ${status}${said ? `: ${said}` : ''}`);
}

function unreachableHint(endpoint: Endpoint, scheme: string, code: string): string {
  switch (code) {
    case 'ENOENT':
      return scheme === 'unix' ? 'is dockerd running?' : 'is the address right?';
    case 'ECONNREFUSED':
      if (scheme === 'unix') return 'is dockerd running?';
      if (scheme === 'ssh') return 'is sshd running on that host and port?';
      return 'is dockerd listening on that address and port?';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'check the host name';
    case 'ECONNRESET':
    case 'EPIPE':
      if (scheme === 'tcp' && !endpoint.tls) return 'the connection was dropped; does the engine expect TLS (DOCKER_TLS_VERIFY=1)?';
      if (endpoint.tls) return `the connection was dropped; does the engine accept the client certificate in ${endpoint.tls.dir}?`;
      return 'the connection was dropped; is that a Docker engine?';
    default:
      return 'is the host up and reachable from here?';
  }
}

function tlsHint(endpoint: Endpoint, code: string, message: string | undefined): string {
  if (code === 'EPROTO' && /wrong version number|packet length too long|http request/i.test(message ?? '')) {
    return 'is the engine really serving TLS on that port?';
  }
  const tls = endpoint.tls;
  if (!tls) return 'check the engine certificate';
  if (tls.verify && !tls.ca && /SELF_SIGNED|UNABLE_TO_|ISSUER/.test(code)) {
    return `no ca.pem in ${tls.dir} to trust the engine's certificate`;
  }
  return `check the certificates in ${tls.dir}`;
}

function engineMessage(e: ErrorLike): string {
  const json = e.json;
  if (json && typeof json === 'object' && !Buffer.isBuffer(json) && typeof (json as {message?: unknown}).message === 'string') {
    return oneLine((json as {message: string}).message);
  }
  if (typeof json === 'string' && json.trim()) return oneLine(json);
  if (Buffer.isBuffer(json) && json.length) return oneLine(json.toString('utf8'));
  // dockerode's own wording: "(HTTP code 403) unexpected - <cause> "
  return oneLine((e.message ?? '').replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, ''));
}

// "connect ENOENT": the syscall and code, without the path the message repeats.
function syscallDetail(e: ErrorLike, code: string): string {
  return e.syscall ? `${e.syscall} ${code}` : code;
}

// Also used by endpoint resolution, for files it cannot read or parse.
export function errorDetail(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {message: String(error)}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = oneLine(e.message ?? '');
  if (code && message && !message.includes(code)) return `${code}: ${message}`;
  return message || code || 'unknown error';
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as {code?: unknown} | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

// How an endpoint is named in error messages, e.g. "tcp://host:2376 (from DOCKER_HOST)".
export function endpointAndOrigin(endpoint: Endpoint): string {
  return `${endpoint.url} (from ${endpoint.source})`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
