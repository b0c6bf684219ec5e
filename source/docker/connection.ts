// Finding and opening the Docker engine connection the way the docker CLI does,
// so `swarmtop` talks to the same engine `docker` would in the same shell, and
// turning every way that can fail at startup into one line that names the
// endpoint and where it came from (flag, environment, context or default).

import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import {negotiateApiVersion} from './api-version.js';

export const DEFAULT_SOCKET_PATH = '/var/run/docker.sock';
export const DEFAULT_SOCKET_URL = `unix://${DEFAULT_SOCKET_PATH}`;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
const DEFAULT_TCP_PORT = 2375;
const DEFAULT_TLS_PORT = 2376;
const DEFAULT_SSH_PORT = 22;

export interface EndpointTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  verify: boolean;
  // Where the material was looked for, so a TLS failure can say which files to check.
  dir: string;
}

export interface Endpoint {
  // Normalised: unix://<path>, tcp://<host>:<port> (port always explicit) or ssh://[user@]host[:port].
  url: string;
  // Human-readable origin, e.g. `--host flag`, `DOCKER_CONTEXT=prod`, `default socket`.
  source: string;
  contextName?: string;
  // Only ever set for tcp:// endpoints; TLS is meaningless for unix sockets and ssh.
  tls?: EndpointTls;
}

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
  constructor(readonly kind: StartupErrorKind, message: string) {
    super(oneLine(message));
    this.name = 'StartupError';
  }
}

export interface EndpointInput {
  host?: string;
  context?: string;
  env: NodeJS.ProcessEnv;
  homeDir: string;
}

export function describeEndpoint(endpoint: Endpoint): string {
  return `${endpoint.url} (${endpoint.source})`;
}

// --- resolution --------------------------------------------------------------

// Precedence follows the docker CLI: --host, --context, DOCKER_HOST,
// DOCKER_CONTEXT, currentContext in config.json, then the default socket.
// (The CLI refuses --host together with --context; we let --host win.)
export function resolveEndpoint(input: EndpointInput): Endpoint {
  const {env, homeDir} = input;
  const config = configLocation(env, homeDir);

  const flagHost = input.host?.trim();
  if (flagHost) return endpointFromHost(flagHost, '--host flag', tlsFromEnv(env, config.dir, '--host flag'));

  const flagContext = input.context?.trim();
  if (flagContext) return endpointFromContext({name: flagContext, via: '--context'}, env, config);

  const envHost = env.DOCKER_HOST?.trim();
  if (envHost) return endpointFromHost(envHost, 'DOCKER_HOST', tlsFromEnv(env, config.dir, 'DOCKER_HOST'));

  const envContext = env.DOCKER_CONTEXT?.trim();
  if (envContext) return endpointFromContext({name: envContext, via: 'DOCKER_CONTEXT'}, env, config);

  const currentContext = readCurrentContext(config);
  if (currentContext) return endpointFromContext({name: currentContext, via: 'config'}, env, config);

  return {url: DEFAULT_SOCKET_URL, source: 'default socket'};
}

interface ConfigLocation {
  dir: string;
  // Shortened with ~ for messages, e.g. ~/.docker
  shownDir: string;
  homeDir: string;
}

function configLocation(env: NodeJS.ProcessEnv, homeDir: string): ConfigLocation {
  const dir = env.DOCKER_CONFIG?.trim() || path.join(homeDir, '.docker');
  return {dir, shownDir: tildify(dir, homeDir), homeDir};
}

function tildify(file: string, homeDir: string): string {
  const home = homeDir.replace(/[/\\]+$/, '');
  if (home && (file === home || file.startsWith(home + path.sep))) return '~' + file.slice(home.length);
  return file;
}

function readCurrentContext(config: ConfigLocation): string | undefined {
  const file = path.join(config.dir, 'config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new StartupError('context', `Cannot read ${tildify(file, config.homeDir)}: ${errorDetail(error)}`);
  }
  // The CLI only warns about a broken config.json and carries on with the
  // default engine; for a cluster console, silently landing on a different
  // engine than the user selected is worse than refusing to start.
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StartupError('context', `Cannot parse ${tildify(file, config.homeDir)}: ${errorDetail(error)}`);
  }
  const current = (parsed as {currentContext?: unknown} | null)?.currentContext;
  return typeof current === 'string' && current.trim() ? current.trim() : undefined;
}

interface ContextChoice {
  name: string;
  via: '--context' | 'DOCKER_CONTEXT' | 'config';
}

function contextSource(choice: ContextChoice, config: ConfigLocation): string {
  switch (choice.via) {
    case '--context':
      return `context "${choice.name}" (--context)`;
    case 'DOCKER_CONTEXT':
      return `DOCKER_CONTEXT=${choice.name}`;
    case 'config':
      return `current context "${choice.name}" in ${config.shownDir}/config.json`;
  }
}

function contextOrigin(choice: ContextChoice, config: ConfigLocation): string {
  switch (choice.via) {
    case '--context':
      return 'from --context';
    case 'DOCKER_CONTEXT':
      return 'from DOCKER_CONTEXT';
    case 'config':
      return `current context in ${config.shownDir}/config.json`;
  }
}

export function contextDirectoryName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function endpointFromContext(choice: ContextChoice, env: NodeJS.ProcessEnv, config: ConfigLocation): Endpoint {
  const {name} = choice;
  if (name === 'default') {
    // The CLI's built-in "default" context is DOCKER_HOST when set, else the default socket.
    const how = choice.via === 'config' ? contextSource(choice, config) : choice.via === '--context' ? '--context default' : 'DOCKER_CONTEXT=default';
    const envHost = env.DOCKER_HOST?.trim();
    if (envHost) {
      const source = `DOCKER_HOST (${how})`;
      return {...endpointFromHost(envHost, source, tlsFromEnv(env, config.dir, source)), contextName: name};
    }
    return {url: DEFAULT_SOCKET_URL, source: `default socket (${how})`, contextName: name};
  }

  const source = contextSource(choice, config);
  const id = contextDirectoryName(name);
  const metaFile = path.join(config.dir, 'contexts', 'meta', id, 'meta.json');
  const shownMetaFile = tildify(metaFile, config.homeDir);

  let text: string;
  try {
    text = readFileSync(metaFile, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') {
      const known = listContextNames(config.dir);
      throw new StartupError(
        'context',
        `Docker context "${name}" (${contextOrigin(choice, config)}) does not exist: no ${shownMetaFile} (available contexts: ${['default', ...known].join(', ')})`,
      );
    }
    throw new StartupError('context', `Cannot read Docker context "${name}" (${contextOrigin(choice, config)}) from ${shownMetaFile}: ${errorDetail(error)}`);
  }

  let meta: ContextMeta;
  try {
    meta = JSON.parse(text) as ContextMeta;
  } catch (error) {
    throw new StartupError('context', `Cannot parse Docker context "${name}" (${contextOrigin(choice, config)}) in ${shownMetaFile}: ${errorDetail(error)}`);
  }
  const docker = meta?.Endpoints?.docker;
  const host = typeof docker?.Host === 'string' ? docker.Host.trim() : '';
  if (!host) {
    throw new StartupError('context', `Docker context "${name}" (${contextOrigin(choice, config)}) has no docker endpoint host in ${shownMetaFile}`);
  }

  // Like the CLI: a context uses TLS when it carries TLS material or asks to skip verification.
  const tlsDir = path.join(config.dir, 'contexts', 'tls', id, 'docker');
  const material = readTlsMaterial(tlsDir, source);
  const skipVerify = docker?.SkipTLSVerify === true;
  const hasMaterial = Boolean(material.ca || material.cert || material.key);
  const tls = hasMaterial || skipVerify ? {...material, verify: !skipVerify, dir: tlsDir} : undefined;
  return {...endpointFromHost(host, source, tls), contextName: name};
}

interface ContextMeta {
  Name?: string;
  Endpoints?: {docker?: {Host?: unknown; SkipTLSVerify?: unknown}};
}

function listContextNames(configDir: string): string[] {
  const metaDir = path.join(configDir, 'contexts', 'meta');
  let ids: string[];
  try {
    ids = readdirSync(metaDir);
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const id of ids) {
    try {
      const meta = JSON.parse(readFileSync(path.join(metaDir, id, 'meta.json'), 'utf8')) as ContextMeta;
      if (typeof meta?.Name === 'string') names.push(meta.Name);
    } catch {
      // A broken neighbour must not hide the real problem (the missing context).
    }
  }
  return names.sort();
}

// The CLI turns TLS on for any non-empty DOCKER_TLS_VERIFY (even "0") and
// DOCKER_TLS (without verification); we match it so both tools agree.
function tlsFromEnv(env: NodeJS.ProcessEnv, configDir: string, source: string): EndpointTls | undefined {
  const verify = Boolean(env.DOCKER_TLS_VERIFY);
  if (!verify && !env.DOCKER_TLS) return undefined;
  const dir = env.DOCKER_CERT_PATH?.trim() || configDir;
  return {...readTlsMaterial(dir, source), verify, dir};
}

// Missing files are skipped (the CLI does the same): a CA alone, or no files
// with verification off, are both valid setups.
function readTlsMaterial(dir: string, source: string): Pick<EndpointTls, 'ca' | 'cert' | 'key'> {
  const read = (file: string): Buffer | undefined => {
    const full = path.join(dir, file);
    try {
      return readFileSync(full);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new StartupError('tls', `Cannot read TLS file ${full} (for ${source}): ${errorDetail(error)}`);
    }
  };
  const material = {ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem')};
  if (Boolean(material.cert) !== Boolean(material.key)) {
    const [has, lacks] = material.cert ? ['cert.pem', 'key.pem'] : ['key.pem', 'cert.pem'];
    throw new StartupError('tls', `TLS material in ${dir} (for ${source}) has ${has} but no ${lacks} — a client certificate needs both`);
  }
  return material;
}

type Target =
  | {scheme: 'unix'; socketPath: string}
  | {scheme: 'tcp'; host: string; port: number}
  | {scheme: 'ssh'; host: string; port: number; username?: string};

function endpointFromHost(raw: string, source: string, tls: EndpointTls | undefined): Endpoint {
  const target = parseHost(raw, source, tls !== undefined);
  if (target.scheme === 'tcp') return {url: `tcp://${target.host}:${target.port}`, source, ...(tls ? {tls} : {})};
  if (target.scheme === 'unix') return {url: `unix://${target.socketPath}`, source};
  const user = target.username ? `${encodeURIComponent(target.username)}@` : '';
  return {url: `ssh://${user}${target.host}:${target.port}`, source};
}

function parseHost(raw: string, source: string, tls: boolean): Target {
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  // Like the CLI, a bare "host:port" means tcp.
  const scheme = schemeMatch ? schemeMatch[1].toLowerCase() : 'tcp';
  const rest = schemeMatch ? raw.slice(schemeMatch[0].length) : raw;
  const invalid = (why: string) => new StartupError('endpoint', `Invalid Docker host "${raw}" (from ${source}): ${why}`);

  switch (scheme) {
    case 'unix':
      return {scheme: 'unix', socketPath: rest || DEFAULT_SOCKET_PATH};
    case 'tcp': {
      const url = parseUrl(`tcp://${rest}`, invalid);
      if (url.username || url.password) throw invalid('tcp:// hosts take no user name or password');
      if (url.pathname && url.pathname !== '/') throw invalid('path prefixes after the port are not supported');
      const port = url.port ? Number(url.port) : tls ? DEFAULT_TLS_PORT : DEFAULT_TCP_PORT;
      return {scheme: 'tcp', host: url.hostname || 'localhost', port};
    }
    case 'ssh': {
      const url = parseUrl(`ssh://${rest}`, invalid);
      if (url.password) throw invalid('plain-text passwords are not supported; load your key into ssh-agent');
      if (!url.hostname) throw invalid('no host name');
      if (url.pathname && url.pathname !== '/') throw invalid('ssh:// hosts take no path');
      if (url.search || url.hash) throw invalid('ssh:// hosts take no query or fragment');
      const username = url.username ? decodeURIComponent(url.username) : undefined;
      return {scheme: 'ssh', host: url.hostname, port: url.port ? Number(url.port) : DEFAULT_SSH_PORT, ...(username ? {username} : {})};
    }
    default:
      throw invalid(`unsupported scheme ${scheme}:// (use unix://, tcp:// or ssh://)`);
  }
}

function parseUrl(text: string, invalid: (why: string) => StartupError): URL {
  try {
    return new URL(text);
  } catch {
    throw invalid('not a valid URL');
  }
}

// --- dockerode ---------------------------------------------------------------

// dockerode's modem also honours `agent`, which its typings omit; we need it to
// turn off certificate verification (SkipTLSVerify / DOCKER_TLS).
export type DockerodeOptions = Dockerode.DockerOptions & {agent?: http.Agent};

export function dockerodeOptions(endpoint: Endpoint, apiVersion?: string, env: NodeJS.ProcessEnv = process.env): DockerodeOptions {
  const target = parseHost(endpoint.url, endpoint.source, endpoint.tls !== undefined);
  const version = apiVersion ? {version: apiVersion.startsWith('v') ? apiVersion : `v${apiVersion}`} : {};

  switch (target.scheme) {
    case 'unix':
      return {socketPath: target.socketPath, ...version};
    case 'ssh':
      // Known cost: dockerode opens a fresh SSH connection (and remote
      // `docker system dial-stdio`) for every request.
      return {
        protocol: 'ssh',
        host: target.host,
        port: target.port,
        // ssh2 insists on a user name; ssh itself would default to the local one.
        username: target.username ?? localUserName(env),
        sshOptions: {agent: env.SSH_AUTH_SOCK},
        ...version,
      };
    case 'tcp': {
      const tls = endpoint.tls;
      if (!tls) return {protocol: 'http', host: target.host, port: target.port, ...version};
      const material = {
        ...(tls.ca ? {ca: tls.ca} : {}),
        ...(tls.cert ? {cert: tls.cert} : {}),
        ...(tls.key ? {key: tls.key} : {}),
      };
      return {
        protocol: 'https',
        host: target.host,
        port: target.port,
        ...material,
        ...(tls.verify ? {} : {agent: new https.Agent({...material, rejectUnauthorized: false})}),
        ...version,
      };
    }
  }
}

function localUserName(env: NodeJS.ProcessEnv): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME;
  }
}

// docker-modem merges DOCKER_HOST (and, with it, DOCKER_CERT_PATH,
// DOCKER_TLS_VERIFY) from process.env into whatever options it is given, and
// its host beats our socketPath. Having resolved the endpoint ourselves, hide
// DOCKER_HOST while the client is built so the environment can't override
// --host or --context, nor make construction throw over unreadable certs.
export function createDockerClient(endpoint: Endpoint, apiVersion?: string, opts: {sshReadyTimeoutMs?: number} = {}): Dockerode {
  const options = dockerodeOptions(endpoint, apiVersion);
  if (options.protocol === 'ssh' && opts.sshReadyTimeoutMs !== undefined) {
    options.sshOptions = {...options.sshOptions, readyTimeout: opts.sshReadyTimeoutMs};
  }
  const savedHost = process.env.DOCKER_HOST;
  delete process.env.DOCKER_HOST;
  try {
    return new Dockerode(options);
  } finally {
    if (savedHost !== undefined) process.env.DOCKER_HOST = savedHost;
  }
}

// --- connecting --------------------------------------------------------------

export interface EngineConnection {
  // Pinned to the negotiated API version; no request timeout, so event and log streams can stay open.
  docker: Dockerode;
  endpoint: Endpoint;
  apiVersion: string;
  engineVersion: string;
  nodeId: string;
  hostname: string;
}

interface EngineVersion {
  Version?: string;
  ApiVersion?: string;
  MinAPIVersion?: string;
}

interface EngineInfo {
  Name?: string;
  Swarm?: {
    NodeID?: string;
    LocalNodeState?: string;
    ControlAvailable?: boolean;
    Error?: string;
    RemoteManagers?: Array<{NodeID?: string; Addr?: string}> | null;
  };
}

export async function connect(endpoint: Endpoint, opts: {timeoutMs?: number} = {}): Promise<EngineConnection> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  // One deadline for the whole handshake: a per-request socket timeout on the
  // client would also cut long-lived streams later on.
  const deadline = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    deadline.abort();
  }, timeoutMs);
  // Without this an abandoned ssh handshake keeps the process alive for ssh2's 20 s default.
  const clientOptions = {sshReadyTimeoutMs: timeoutMs};

  try {
    // Unversioned on purpose: every engine answers /version, whatever API it speaks.
    const probe = createDockerClient(endpoint, undefined, clientOptions);
    const version = await abortable<EngineVersion>(probe, probe.version, deadline.signal);
    const negotiation = negotiateApiVersion(version);
    if (!negotiation.ok) {
      const engine = version.Version ? ` (Docker ${version.Version})` : '';
      throw new StartupError('api-version', `The Docker engine at ${where(endpoint)}${engine} ${negotiation.problem}`);
    }

    const docker = createDockerClient(endpoint, negotiation.version, clientOptions);
    const info = await abortable<EngineInfo>(docker, docker.info, deadline.signal);
    checkSwarmManager(info, endpoint);

    return {
      docker,
      endpoint,
      apiVersion: negotiation.version,
      engineVersion: version.Version ?? 'unknown',
      nodeId: info.Swarm?.NodeID ?? '',
      hostname: info.Name ?? '',
    };
  } catch (error) {
    throw classifyStartupError(error, endpoint, timedOut ? timeoutMs : undefined);
  } finally {
    clearTimeout(timer);
  }
}

// dockerode forwards `abortSignal` to the HTTP request for version() and
// info(); its typings just don't declare the options argument.
function abortable<T>(docker: Dockerode, method: (...args: never[]) => unknown, signal: AbortSignal): Promise<T> {
  return (method as unknown as (opts: {abortSignal: AbortSignal}) => Promise<T>).call(docker, {abortSignal: signal});
}

function checkSwarmManager(info: EngineInfo, endpoint: Endpoint): void {
  const swarm = info.Swarm ?? {};
  const state = swarm.LocalNodeState || 'inactive';
  const engine = `The Docker engine at ${where(endpoint)}`;
  switch (state) {
    case 'active':
      break;
    case 'inactive':
      throw new StartupError('not-swarm', `${engine} is not in swarm mode — run "docker swarm init" there (or "docker swarm join" it to a swarm), or point swarmtop at a swarm manager`);
    case 'locked':
      throw new StartupError('not-swarm', `${engine} is a locked swarm manager — run "docker swarm unlock" there first`);
    case 'pending':
      throw new StartupError('not-swarm', `${engine} is still joining its swarm (state "pending") — try again in a moment`);
    default:
      throw new StartupError('not-swarm', `${engine} is in swarm state "${state}"${swarm.Error ? `: ${swarm.Error}` : ''} — check "docker info" there, or run "docker swarm init" to start a new swarm`);
  }
  if (swarm.ControlAvailable === false) {
    const managers = (swarm.RemoteManagers ?? []).map((manager) => manager.Addr).filter((addr): addr is string => Boolean(addr));
    const hint = managers.length
      ? `point --host or --context at one of its managers (swarm addresses: ${managers.join(', ')})`
      : 'point --host or --context at a manager node';
    throw new StartupError('worker', `${engine} is a swarm worker, but swarmtop needs a manager — ${hint}`);
  }
}

// --- classification ----------------------------------------------------------

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
  return TLS_CODES.has(code) || ['ERR_TLS', 'ERR_SSL_', 'ERR_OSSL_', 'CERT_'].some((prefix) => code.startsWith(prefix));
}

// Turns whatever Node, ssh2 or dockerode threw into a one-line StartupError
// naming the endpoint and its source. `timedOutAfterMs` says our own deadline
// fired, so the (abort) error itself carries no information.
export function classifyStartupError(error: unknown, endpoint: Endpoint, timedOutAfterMs?: number): StartupError {
  if (error instanceof StartupError) return error;
  const at = where(endpoint);
  const scheme = endpoint.url.slice(0, endpoint.url.indexOf(':'));

  if (timedOutAfterMs !== undefined) {
    const seconds = Math.round(timedOutAfterMs / 100) / 10;
    return new StartupError('unreachable', `Cannot reach the Docker engine at ${at}: no answer within ${seconds} s — is the host up and the port open?`);
  }

  const e = (typeof error === 'object' && error !== null ? error : {message: String(error)}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';

  if (typeof e.statusCode === 'number') return classifyHttpError(e, e.statusCode, endpoint, at);

  if (e.level === 'client-authentication') {
    return new StartupError('permission', `SSH login for the Docker engine at ${at} failed: ${oneLine(e.message ?? 'authentication failed')} — is your key loaded in ssh-agent (SSH_AUTH_SOCK)?`);
  }
  if (e.level === 'client-timeout') {
    return new StartupError('unreachable', `Cannot reach the Docker engine at ${at}: ${oneLine(e.message ?? 'ssh handshake timed out')} — is sshd reachable on that host and port?`);
  }

  if (code && isTlsCode(code)) return new StartupError('tls', `TLS with the Docker engine at ${at} failed: ${errorDetail(e)} — ${tlsHint(endpoint, code, e.message)}`);

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
    return new StartupError('permission', `The Docker engine at ${at} refused access (HTTP ${status}${said ? `: ${said}` : ''}) — check your credentials or the engine's authorization plugin`);
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

function errorDetail(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {message: String(error)}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = oneLine(e.message ?? '');
  if (code && message && !message.includes(code)) return `${code}: ${message}`;
  return message || code || 'unknown error';
}

function errorCode(error: unknown): string | undefined {
  const code = (error as {code?: unknown} | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function where(endpoint: Endpoint): string {
  return `${endpoint.url} (from ${endpoint.source})`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
