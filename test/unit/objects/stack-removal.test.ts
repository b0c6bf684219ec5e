import type Dockerode from 'dockerode';
import {describe, expect, it} from 'vitest';
import {StackResource} from '../../../source/docker/stacks.js';
import {engineError} from '../../support/fake-client.js';

/** A fake engine recording removals in order; `answers` gives the errors some removals meet, in turn. */
function fakeDocker(answers: Record<string, Error[]> = {}) {
  const removed: string[] = [];
  const handle = (kind: string) => (id: string) => ({
    remove: async () => {
      const error = answers[`${kind} ${id}`]?.shift();
      removed.push(`${kind} ${id}${error ? ' ✗' : ''}`);
      if (error) throw error;
    },
  });
  const docker = {
    getService: handle('service'),
    getSecret: handle('secret'),
    getConfig: handle('config'),
    getNetwork: handle('network'),
  } as unknown as Dockerode;
  return {docker, removed};
}

// Shaped as the engine's IDs (25 base-36 characters), which removal checks before sending.
const id = (name: string) => name.padEnd(25, '0');
const [s1, s2, n1, x1, c1] = ['s1', 's2', 'n1', 'x1', 'c1'].map(id) as [string, string, string, string, string];
const contents = {services: [s1, s2], networks: [n1], secrets: [x1], configs: [c1]};
const noWait = async () => {};

describe('removing a stack', () => {
  it('removes services first, then secrets, configs and networks, as docker stack rm does', async () => {
    const {docker, removed} = fakeDocker();
    await new StackResource(docker, noWait).removeStack(contents);
    expect(removed).toEqual([`service ${s1}`, `service ${s2}`, `secret ${x1}`, `config ${c1}`, `network ${n1}`]);
  });

  it('retries a network still held by the removed tasks, and takes "not found" as done', async () => {
    const inUse = engineError(403, 'error while removing network: network n1 id abc has active endpoints');
    const {docker, removed} = fakeDocker({[`network ${n1}`]: [inUse, inUse], [`service ${s1}`]: [engineError(404, 'service s1 not found')]});
    await new StackResource(docker, noWait).removeStack(contents);
    expect(removed).toEqual([`service ${s1} ✗`, `service ${s2}`, `secret ${x1}`, `config ${c1}`, `network ${n1} ✗`, `network ${n1} ✗`, `network ${n1}`]);
  });

  it('tries everything, then reports the first failure', async () => {
    const refused = engineError(500, 'rpc error: something broke');
    const {docker, removed} = fakeDocker({[`service ${s1}`]: [refused]});
    await expect(new StackResource(docker, noWait).removeStack(contents)).rejects.toBe(refused);
    expect(removed).toHaveLength(5);
  });

  it('refuses a stack holding an ID of another shape before removing anything', async () => {
    const {docker, removed} = fakeDocker();
    const climbing = {...contents, configs: ['../../swarm/leave?force=true#']};
    await expect(new StackResource(docker, noWait).removeStack(climbing)).rejects.toThrow(/refused config ID "\.\.\/\.\.\/swarm\/leave\?force=true#"/);
    expect(removed).toEqual([]);
  });
});
