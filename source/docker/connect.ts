// Opening the engine connection: one deadline for the whole handshake, API
// version negotiation against /version, then /info to make sure the engine is
// an active swarm manager. Every failure leaves as a one-line StartupError.

import type Dockerode from 'dockerode';
import {negotiateApiVersion} from './api-version.js';
import {closeEndpointTransport, createDockerClient} from './client-options.js';
import {type EngineInfo, decodeInfo, decodeVersion} from './decode/engine.js';
import type {Endpoint} from './endpoint.js';
import {StartupError, classifyStartupError, endpointAndOrigin} from './startup-error.js';

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

export interface EngineConnection {
  // Pinned to the negotiated API version; no request timeout, so event and log streams can stay open.
  docker: Dockerode;
  endpoint: Endpoint;
  apiVersion: string;
  engineVersion: string;
  nodeId: string;
  hostname: string;
}

export interface ConnectOptions {
  timeoutMs?: number;
  /** Extra arguments for the system ssh (ssh:// endpoints), e.g. `-F file`. */
  sshArgs?: readonly string[];
}

export async function connect(endpoint: Endpoint, opts: ConnectOptions = {}): Promise<EngineConnection> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  // One deadline for the whole handshake: a per-request socket timeout on the
  // client would also cut long-lived streams later on.
  const deadline = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    deadline.abort();
  }, timeoutMs);
  // ssh gives up on the TCP connection by the same deadline.
  const clientOptions = {sshReadyTimeoutMs: timeoutMs, ...(opts.sshArgs ? {sshArgs: opts.sshArgs} : {})};

  try {
    // Unversioned on purpose: every engine answers /version, whatever API it speaks.
    const probe = createDockerClient(endpoint, undefined, clientOptions);
    const version = decodeVersion(await abortable<unknown>(probe, probe.version, deadline.signal));
    const negotiation = negotiateApiVersion(version);
    if (!negotiation.ok) {
      const engine = version.Version ? ` (Docker ${version.Version})` : '';
      throw new StartupError('api-version', `The Docker engine at ${endpointAndOrigin(endpoint)}${engine} ${negotiation.problem}`);
    }

    const docker = createDockerClient(endpoint, negotiation.version, clientOptions);
    const info = decodeInfo(await abortable<unknown>(docker, docker.info, deadline.signal));
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
    // A failed ssh endpoint leaves no ssh process behind (a failover tries several).
    closeEndpointTransport(endpoint);
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
  const engine = `The Docker engine at ${endpointAndOrigin(endpoint)}`;
  switch (state) {
    case 'active':
      break;
    case 'inactive':
      throw new StartupError(
        'not-swarm',
        `${engine} is not in swarm mode — run "docker swarm init" there (or "docker swarm join" it to a swarm), or point swarmtop at a swarm manager`,
      );
    case 'locked':
      throw new StartupError('not-swarm', `${engine} is a locked swarm manager — run "docker swarm unlock" there first`);
    case 'pending':
      throw new StartupError('not-swarm', `${engine} is still joining its swarm (state "pending") — try again in a moment`);
    default:
      throw new StartupError(
        'not-swarm',
        `${engine} is in swarm state "${state}"${swarm.Error ? `: ${swarm.Error}` : ''} — check "docker info" there, or run "docker swarm init" to start a new swarm`,
      );
  }
  if (swarm.ControlAvailable === false) {
    const managers = (swarm.RemoteManagers ?? []).map(manager => manager.Addr).filter((addr): addr is string => Boolean(addr));
    const hint = managers.length
      ? `point --host or --context at one of its managers (swarm addresses: ${managers.join(', ')})`
      : 'point --host or --context at a manager node';
    throw new StartupError('worker', `${engine} is a swarm worker, but swarmtop needs a manager — ${hint}`);
  }
}
