// The read-only gate in front of the lab's manager, as a --readonly console hands it to
// its plugins (pluginEngine), driven by the real docker CLI: reads work, writes fail with
// the gate's message and change nothing (checked on the lab's own socket). Once through
// the manager's unix socket, once through its TCP+TLS listener with the client's
// certificates, the transport the console itself would use.

import {execFile} from 'node:child_process';
import os from 'node:os';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type PluginEngine, pluginEngine} from '../../source/app/plugin-engine.js';
import {resolveEndpoint} from '../../source/docker/endpoint.js';
import {labDockerSync, labSkipReason, labSockets, labTls, runningTaskCount, waitUntil} from '../lab/lab.js';

const skip = labSkipReason();
const SERVICE = 'gate-web';
const DOCKER = '/usr/local/bin/docker';

/** The docker CLI with DOCKER_HOST set to `host`: its exit code, stdout and stderr. */
function dockerAt(host: string, args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise(resolve => {
    const env: NodeJS.ProcessEnv = {...process.env, DOCKER_HOST: host, DOCKER_CLI_HINTS: 'false'};
    for (const name of ['DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) delete env[name];
    execFile(DOCKER, args, {env, timeout: 60_000}, (error, stdout, stderr) => {
      resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr)});
    });
  });
}

function serviceVersion(): string {
  return labDockerSync(1, ['service', 'inspect', SERVICE, '--format', '{{.Version.Index}} {{.Spec.Mode.Replicated.Replicas}}']).trim();
}

describe.skipIf(skip)('the read-only gate in front of the lab manager', () => {
  const engines: PluginEngine[] = [];

  beforeAll(async () => {
    labDockerSync(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', SERVICE, '--replicas', '1', 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => runningTaskCount(SERVICE) === 1, {timeoutMs: 60_000});
  }, 90_000);

  afterAll(async () => {
    for (const engine of engines) await engine.close();
    labDockerSync(1, ['service', 'rm', SERVICE]);
  });

  const transports = {
    unix: () => resolveEndpoint({host: labSockets().manager, env: {}, homeDir: os.homedir()}),
    'tcp+TLS': () => {
      const {url, certPath} = labTls(1);
      return resolveEndpoint({host: url, env: {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath}, homeDir: os.homedir()});
    },
  };

  it.each(Object.keys(transports) as (keyof typeof transports)[])(
    'over %s: service ls and node ls work; scale and rm are refused and change nothing',
    async transport => {
      const endpoint = transports[transport]();
      const engine = pluginEngine(true, () => endpoint, []);
      engines.push(engine);
      const gate = await engine.dockerHost();
      expect(gate).toMatch(/^unix:\/\/.*swarmtop-gate-[^/]+\/engine\.sock$/);
      expect(gate).not.toBe(endpoint.url);

      const services = await dockerAt(gate, ['service', 'ls', '--format', '{{.Name}} {{.Replicas}}']);
      expect(services.stderr).toBe('');
      expect(services.stdout).toContain(`${SERVICE} 1/1`);
      const nodes = await dockerAt(gate, ['node', 'ls', '--format', '{{.Hostname}} {{.ManagerStatus}}']);
      expect(nodes.code).toBe(0);
      expect(nodes.stdout.trim().split('\n')).toHaveLength(3);
      expect(nodes.stdout).toContain('Leader');

      const before = serviceVersion();
      const scale = await dockerAt(gate, ['service', 'scale', '--detach', `${SERVICE}=2`]);
      expect(scale.code).not.toBe(0);
      expect(scale.stderr).toMatch(/swarmtop --readonly: POST \/v[\d.]+\/services\/[a-z0-9]+\/update refused: plugins get read access only/);
      const remove = await dockerAt(gate, ['service', 'rm', SERVICE]);
      expect(remove.code).not.toBe(0);
      expect(remove.stderr).toMatch(/swarmtop --readonly: DELETE \/v[\d.]+\/services\/(gate-web|[a-z0-9]{25}) refused: plugins get read access only/);
      // The lab's own socket: same version, same replicas, still there.
      expect(serviceVersion()).toBe(before);
      expect(before).toMatch(/ 1$/);
    },
    120_000,
  );
});
