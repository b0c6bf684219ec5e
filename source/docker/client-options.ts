// Turning a resolved Endpoint into dockerode client options (unix socket, plain
// tcp, tcp with TLS, ssh) and into a client built from them. ssh goes through
// the system ssh client (ssh-transport.ts), not dockerode's built-in ssh2.

import type http from 'node:http';
import https from 'node:https';
import Dockerode from 'dockerode';
import {type Endpoint, endpointTarget} from './endpoint.js';
import {boundModem} from './modem.js';
import {closeSshTransports, sharedSshTransport, type SshTarget} from './ssh-transport.js';

// dockerode's modem also honours `agent`, which its typings omit; we need it to
// turn off certificate verification (SkipTLSVerify / DOCKER_TLS).
export type DockerodeOptions = Dockerode.DockerOptions & {agent?: http.Agent};

export interface ClientTuning {
  // ssh's ConnectTimeout; unset keeps the transport's 10 s.
  sshReadyTimeoutMs?: number;
  // Extra ssh arguments before the host (--ssh-opt, SWARMTOP_SSH_OPTS), e.g. `-F file`.
  sshArgs?: readonly string[];
}

// docker-modem needs an http URL to build requests from; the host is never looked
// up, since the agent hands every request to an ssh session instead.
export const SSH_PLACEHOLDER_HOST = 'docker.ssh';

// The one place an Endpoint becomes dockerode options: everything a transport
// needs (socket path, host and port, TLS material, ssh user and agent) comes from here.
export function dockerodeOptions(endpoint: Endpoint, apiVersion?: string, env: NodeJS.ProcessEnv = process.env, tuning: ClientTuning = {}): DockerodeOptions {
  const target = endpointTarget(endpoint);
  const version = apiVersion ? {version: apiVersion.startsWith('v') ? apiVersion : `v${apiVersion}`} : {};

  switch (target.scheme) {
    case 'unix':
      return {socketPath: target.socketPath, ...version};
    case 'ssh': {
      // One transport per target and ssh arguments, shared by every client made for it
      // (connect's probe and the pinned client ride the same login).
      const transport = sharedSshTransport(sshTarget(target), {
        sshArgs: tuning.sshArgs ?? [],
        env,
        ...(tuning.sshReadyTimeoutMs === undefined ? {} : {connectTimeoutSec: Math.max(1, Math.ceil(tuning.sshReadyTimeoutMs / 1000))}),
      });
      return {protocol: 'http', host: SSH_PLACEHOLDER_HOST, agent: transport.agent, ...version};
    }
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

function sshTarget(target: {host: string; port?: number; username?: string}): SshTarget {
  return {
    // ssh takes an IPv6 address bare, without the URL's brackets.
    host: target.host.replace(/^\[(.*)\]$/, '$1'),
    ...(target.port === undefined ? {} : {port: target.port}),
    ...(target.username ? {user: target.username} : {}),
  };
}

/** Ends the ssh processes behind an ssh:// endpoint's clients (nothing for other schemes). */
export function closeEndpointTransport(endpoint: Endpoint): void {
  const target = endpointTarget(endpoint);
  if (target.scheme === 'ssh') closeSshTransports(sshTarget(target));
}

// docker-modem merges DOCKER_HOST (and, with it, DOCKER_CERT_PATH,
// DOCKER_TLS_VERIFY) from process.env into whatever options it is given, and
// its host beats our socketPath. Having resolved the endpoint ourselves, hide
// DOCKER_HOST while the client is built so the environment can't override
// --host or --context, nor make construction throw over unreadable certs.
export function createDockerClient(endpoint: Endpoint, apiVersion?: string, tuning: ClientTuning = {}): Dockerode {
  const options = dockerodeOptions(endpoint, apiVersion, process.env, tuning);
  const savedHost = process.env.DOCKER_HOST;
  delete process.env.DOCKER_HOST;
  try {
    const docker = new Dockerode(options);
    // Every request through it gets a deadline and a byte cap (limits.ts).
    boundModem(docker.modem as Parameters<typeof boundModem>[0], endpoint.url);
    return docker;
  } finally {
    if (savedHost !== undefined) process.env.DOCKER_HOST = savedHost;
  }
}
