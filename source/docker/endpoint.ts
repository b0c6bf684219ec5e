// Resolving which Docker engine to talk to the way the docker CLI does
// (--host, --context, DOCKER_HOST, DOCKER_CONTEXT, the current context, the
// default socket), so `swarmtop` reaches the same engine `docker` would in the
// same shell, and remembering where that choice came from for error messages.

import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {StartupError, errorCode, errorDetail} from './startup-error.js';

export const DEFAULT_SOCKET_PATH = '/var/run/docker.sock';
export const DEFAULT_SOCKET_URL = `unix://${DEFAULT_SOCKET_PATH}`;
const DEFAULT_TCP_PORT = 2375;
const DEFAULT_TLS_PORT = 2376;

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
  Metadata?: {Description?: unknown};
  Endpoints?: {docker?: {Host?: unknown; SkipTLSVerify?: unknown}};
}

export interface ContextSummary {
  name: string;
  description: string;
}

/**
 * The contexts stored under `configDir`, by name. One whose meta.json cannot be read is left
 * out: a broken neighbour must not hide the real problem (a missing context), and it cannot be
 * switched to anyway.
 */
export function readContextSummaries(configDir: string): ContextSummary[] {
  const metaDir = path.join(configDir, 'contexts', 'meta');
  let ids: string[];
  try {
    ids = readdirSync(metaDir);
  } catch {
    return [];
  }
  const found: ContextSummary[] = [];
  for (const id of ids) {
    try {
      const meta = JSON.parse(readFileSync(path.join(metaDir, id, 'meta.json'), 'utf8')) as ContextMeta;
      if (typeof meta?.Name === 'string')
        found.push({name: meta.Name, description: typeof meta.Metadata?.Description === 'string' ? meta.Metadata.Description : ''});
    } catch {
      // Left out, as said above.
    }
  }
  // By code unit, as `docker context ls` sorts them (and without loading ICU's collation).
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function listContextNames(configDir: string): string[] {
  return readContextSummaries(configDir).map(summary => summary.name);
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

// A parsed endpoint URL: what a transport needs to open the connection.
export type EndpointTarget =
  | {scheme: 'unix'; socketPath: string}
  | {scheme: 'tcp'; host: string; port: number}
  // No default port or user: the system ssh takes them from ssh_config (Port, User) as `ssh host` would.
  | {scheme: 'ssh'; host: string; port?: number; username?: string};

// The address parts of an already resolved endpoint (its url is normalised, so
// this only throws for an Endpoint built by hand with a bad url).
export function endpointTarget(endpoint: Endpoint): EndpointTarget {
  return parseHost(endpoint.url, endpoint.source, endpoint.tls !== undefined);
}

function endpointFromHost(raw: string, source: string, tls: EndpointTls | undefined): Endpoint {
  const target = parseHost(raw, source, tls !== undefined);
  if (target.scheme === 'tcp') return {url: `tcp://${target.host}:${target.port}`, source, ...(tls ? {tls} : {})};
  if (target.scheme === 'unix') return {url: `unix://${target.socketPath}`, source};
  const user = target.username ? `${encodeURIComponent(target.username)}@` : '';
  return {url: `ssh://${user}${target.host}${target.port === undefined ? '' : `:${target.port}`}`, source};
}

function parseHost(raw: string, source: string, tls: boolean): EndpointTarget {
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
      return {scheme: 'ssh', host: url.hostname, ...(url.port ? {port: Number(url.port)} : {}), ...(username ? {username} : {})};
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
