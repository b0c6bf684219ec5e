// The swarm's other objects (networks, secrets, configs, stacks, the swarm
// itself) as the Docker layer reads them from the real lab, with the services
// that use each.

import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {readSnapshot, swarmClient} from '../../source/docker/client.js';
import {connect} from '../../source/docker/connect.js';
import {resolveEndpoint} from '../../source/docker/endpoint.js';
import {StackResource} from '../../source/docker/stacks.js';
import type {SwarmSnapshot} from '../../source/docker/types.js';
import {objectUsers} from '../../source/model/object-users.js';
import {configContent} from '../../source/render/configs.js';
import {labDockerSync, labSkipReason, labSockets, waitUntil} from '../lab/lab.js';

const skip = labSkipReason();

export const STACK_FILE = `version: "3.8"
services:
  front:
    image: lab/busybox:1
    command: ["sleep", "1d"]
    deploy: {replicas: 2}
    networks: [back]
    secrets: [key]
    configs: [{source: conf, target: /etc/app.conf}]
  worker:
    image: lab/busybox:1
    command: ["sleep", "1d"]
    networks: [back]
networks:
  back:
    driver: overlay
secrets:
  key: {file: ./key.txt}
configs:
  conf: {file: ./app.conf}
`;

describe.skipIf(skip)('swarm objects against the lab', () => {
  let docker: Dockerode;
  const cli = (args: string[], input?: string) => labDockerSync(1, args, input === undefined ? {} : {input});
  const quietly = (args: string[]) => {
    try {
      cli(args);
    } catch {
      // not there
    }
  };

  function cleanUp(): void {
    quietly(['service', 'rm', 'obj-user']);
    quietly(['stack', 'rm', 'objstack']);
    // The network goes once its service's tasks are gone.
    for (const args of [
      ['secret', 'rm', 'obj-secret'],
      ['config', 'rm', 'obj-config'],
      ['network', 'rm', 'obj-net'],
    ])
      quietly(args);
  }

  async function snapshot(): Promise<SwarmSnapshot> {
    return readSnapshot(swarmClient(docker));
  }

  beforeAll(async () => {
    ({docker} = await connect(resolveEndpoint({host: labSockets().manager, env: {}, homeDir: os.homedir()})));
    cleanUp();
    await waitUntil(() => !cli(['network', 'ls', '--format', '{{.Name}}']).split('\n').includes('obj-net'), {timeoutMs: 30_000, what: 'old obj-net gone'});
    cli(['network', 'create', '--driver', 'overlay', '--attachable', '--subnet', '10.231.0.0/24', 'obj-net']);
    cli(['secret', 'create', 'obj-secret', '-'], 'top secret value');
    cli(['config', 'create', 'obj-config', '-'], 'listen 80\n');
    cli([
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--quiet',
      '--name',
      'obj-user',
      '--network',
      'obj-net',
      '--secret',
      'obj-secret',
      '--config',
      'src=obj-config,target=/etc/app.conf',
      'lab/busybox:1',
      'sleep',
      '1d',
    ]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'objstack-'));
    writeFileSync(path.join(dir, 'stack.yml'), STACK_FILE);
    writeFileSync(path.join(dir, 'key.txt'), 'k3y');
    writeFileSync(path.join(dir, 'app.conf'), 'workers 2\n');
    cli(['stack', 'deploy', '--resolve-image', 'never', '-c', path.join(dir, 'stack.yml'), 'objstack']);
  }, 120_000);

  afterAll(() => cleanUp(), 60_000);

  it('lists the overlay network with its subnet, flags and the service attached', async () => {
    const snap = await snapshot();
    const network = snap.networks?.find(candidate => candidate.Name === 'obj-net');
    expect(network).toMatchObject({Driver: 'overlay', Scope: 'swarm', Attachable: true});
    expect(network?.IPAM?.Config?.[0]?.Subnet).toBe('10.231.0.0/24');
    const users = objectUsers(snap).servicesByNetwork.get(network!.Id) ?? [];
    expect(users.map(service => service.Spec.Name)).toEqual(['obj-user']);
    const ingress = snap.networks?.find(candidate => candidate.Ingress);
    expect(ingress?.Name).toBe('ingress');
  });

  it('lists the secret with its user, and never its value', async () => {
    const snap = await snapshot();
    const secret = snap.secrets?.find(candidate => candidate.Spec.Name === 'obj-secret');
    expect(secret?.CreatedAt).toBeTruthy();
    expect(JSON.stringify(secret)).not.toContain('top secret');
    expect(JSON.stringify(secret)).not.toContain(Buffer.from('top secret value').toString('base64'));
    expect(
      objectUsers(snap)
        .servicesBySecret.get(secret!.ID)
        ?.map(service => service.Spec.Name),
    ).toEqual(['obj-user']);
  });

  it('lists the config with its user, its content decodable', async () => {
    const snap = await snapshot();
    const config = snap.configs?.find(candidate => candidate.Spec.Name === 'obj-config');
    expect(configContent(config!)).toBe('listen 80\n');
    expect(
      objectUsers(snap)
        .servicesByConfig.get(config!.ID)
        ?.map(service => service.Spec.Name),
    ).toEqual(['obj-user']);
  });

  it('groups a deployed stack by its namespace label, with its services and network', async () => {
    const snap = await waitUntil(
      async () => {
        const current = await snapshot();
        return objectUsers(current).stacks.some(stack => stack.name === 'objstack') ? current : undefined;
      },
      {timeoutMs: 30_000, what: 'objstack listed'},
    );
    const stack = objectUsers(snap).stacks.find(candidate => candidate.name === 'objstack')!;
    expect(stack.services.map(service => service.Spec.Name)).toEqual(['objstack_front', 'objstack_worker']);
    expect(stack.networks.map(network => network.Name)).toEqual(['objstack_back']);
    expect(stack.secrets.map(secret => secret.Spec.Name)).toEqual(['objstack_key']);
    expect(stack.configs.map(config => config.Spec.Name)).toEqual(['objstack_conf']);
    // obj-user was created by hand: in no stack
    expect(
      objectUsers(snap)
        .stacks.flatMap(candidate => candidate.services)
        .map(service => service.Spec.Name),
    ).not.toContain('obj-user');
  });

  it('removes a stack: its services, secrets, configs and networks, nothing else', async () => {
    const snap = await waitUntil(
      async () => {
        const current = await snapshot();
        const stack = objectUsers(current).stacks.find(candidate => candidate.name === 'objstack');
        // its tasks running, so the network is in use when removal starts
        return stack && stack.services.every(service => cli(['service', 'ps', '-q', '--filter', 'desired-state=running', service.ID]).trim())
          ? current
          : undefined;
      },
      {timeoutMs: 60_000, what: 'objstack running'},
    );
    const stack = objectUsers(snap).stacks.find(candidate => candidate.name === 'objstack')!;
    await new StackResource(docker).removeStack({
      services: stack.services.map(service => service.ID),
      networks: stack.networks.map(network => network.Id),
      secrets: stack.secrets.map(secret => secret.ID),
      configs: stack.configs.map(config => config.ID),
    });
    // The swarm network is gone at once; a node's local copy of it can stay listed for a moment
    // while that node tears down the tasks' endpoints.
    const after = await waitUntil(
      async () => {
        const current = await snapshot();
        return current.networks?.some(network => network.Name === 'objstack_back') ? undefined : current;
      },
      {timeoutMs: 20_000, what: 'objstack_back no longer listed'},
    );
    expect(after.services.map(service => service.Spec.Name).filter(name => name.startsWith('objstack_'))).toEqual([]);
    expect(after.networks?.map(network => network.Name)).not.toContain('objstack_back');
    expect(after.secrets?.map(secret => secret.Spec.Name)).not.toContain('objstack_key');
    expect(after.configs?.map(config => config.Spec.Name)).not.toContain('objstack_conf');
    expect(after.services.map(service => service.Spec.Name)).toContain('obj-user');
    expect(objectUsers(after).stacks.map(candidate => candidate.name)).not.toContain('objstack');
  }, 60_000);

  it('reads the swarm: cluster ID, settings, CA and both join tokens', async () => {
    const {swarm} = await snapshot();
    expect(swarm?.ID).toMatch(/^[a-z0-9]{25}$/);
    expect(swarm?.Spec?.Raft?.ElectionTick).toBeGreaterThan(0);
    expect(swarm?.Spec?.Dispatcher?.HeartbeatPeriod).toBeGreaterThan(0);
    expect(swarm?.TLSInfo?.TrustRoot).toContain('BEGIN CERTIFICATE');
    expect(swarm?.JoinTokens?.Worker).toMatch(/^SWMTKN-1-/);
    expect(swarm?.JoinTokens?.Manager).toMatch(/^SWMTKN-1-/);
    expect(swarm?.JoinTokens?.Worker).not.toBe(swarm?.JoinTokens?.Manager);
  });
});
