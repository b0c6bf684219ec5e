// Turning a resolved Endpoint into dockerode client options (unix socket, plain
// tcp, tcp with TLS, ssh) and into a client built from them.

import type http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import Dockerode from 'dockerode';
import {type Endpoint, endpointTarget} from './endpoint.js';

// dockerode's modem also honours `agent`, which its typings omit; we need it to
// turn off certificate verification (SkipTLSVerify / DOCKER_TLS).
export type DockerodeOptions = Dockerode.DockerOptions & {agent?: http.Agent};

export interface ClientTuning {
  // How long ssh2 waits for the ssh handshake; unset keeps ssh2's own 20 s.
  sshReadyTimeoutMs?: number;
}

// The one place an Endpoint becomes dockerode options: everything a transport
// needs (socket path, host and port, TLS material, ssh user and agent) comes from here.
export function dockerodeOptions(endpoint: Endpoint, apiVersion?: string, env: NodeJS.ProcessEnv = process.env, tuning: ClientTuning = {}): DockerodeOptions {
  const target = endpointTarget(endpoint);
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
        sshOptions: {
          agent: env.SSH_AUTH_SOCK,
          ...(tuning.sshReadyTimeoutMs === undefined ? {} : {readyTimeout: tuning.sshReadyTimeoutMs}),
        },
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
export function createDockerClient(endpoint: Endpoint, apiVersion?: string, tuning: ClientTuning = {}): Dockerode {
  const options = dockerodeOptions(endpoint, apiVersion, process.env, tuning);
  const savedHost = process.env.DOCKER_HOST;
  delete process.env.DOCKER_HOST;
  try {
    return new Dockerode(options);
  } finally {
    if (savedHost !== undefined) process.env.DOCKER_HOST = savedHost;
  }
}
