import os from 'node:os';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {readNamedSnapshot, readSnapshot, swarmClient} from '../../source/docker/client.js';
import {connect} from '../../source/docker/connect.js';
import {resolveEndpoint} from '../../source/docker/endpoint.js';
import {StartupError} from '../../source/docker/startup-error.js';
import {indexSnapshot} from '../../source/model/cluster-index.js';
import {ClusterPoller} from '../../source/model/cluster-poller.js';
import {createClusterStore} from '../../source/model/cluster-store.js';
import {summarize} from '../../source/model/summary.js';
import {labDockerSync, labSkipReason, labSockets, waitUntil} from '../lab/lab.js';

const skip = labSkipReason();

function endpointFor(url: string) {
  return resolveEndpoint({host: url, env: {}, homeDir: os.homedir()});
}

describe.skipIf(skip)('the Docker layer against the lab swarm', () => {
  beforeAll(() => {
    labDockerSync(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'int-web', '--replicas', '2', 'lab/busybox:1', 'sleep', '1d']);
    labDockerSync(1, [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--name',
      'int-workers',
      '--mode',
      'global',
      '--constraint',
      'node.role==worker',
      'lab/busybox:1',
      'sleep',
      '1d',
    ]);
  });

  afterAll(() => {
    labDockerSync(1, ['service', 'rm', 'int-web', 'int-workers']);
  });

  it('negotiates the API version with the manager and reports who it is', async () => {
    const connection = await connect(endpointFor(labSockets().manager));
    const server = JSON.parse(labDockerSync(1, ['version', '--format', '{{json .Server}}'])) as {Version: string; ApiVersion: string};
    expect(connection.engineVersion).toBe(server.Version);
    expect(connection.apiVersion).toBe(server.ApiVersion);
    expect(connection.hostname).toBe('node1');
  });

  it('reads nodes, services and tasks in one snapshot', async () => {
    const {docker} = await connect(endpointFor(labSockets().manager));
    const snapshot = await readSnapshot(swarmClient(docker));
    expect(snapshot.nodes.map(node => node.Description?.Hostname).sort()).toEqual(['node1', 'node2', 'node3']);
    expect(snapshot.nodes.filter(node => node.ManagerStatus?.Leader).map(node => node.Description?.Hostname)).toEqual(['node1']);
    expect(snapshot.services.map(service => service.Spec.Name)).toEqual(expect.arrayContaining(['int-web', 'int-workers']));
    const summary = summarize(snapshot);
    expect(summary).toMatchObject({nodesTotal: 3, managersTotal: 1, managersReachable: 1, faultTolerance: 0, quorumLost: false});
  });

  it('counts a global service’s desired tasks as the nodes eligible to run it', async () => {
    const {docker} = await connect(endpointFor(labSockets().manager));
    const client = swarmClient(docker);
    const health = await waitUntil(
      async () => {
        const snapshot = await readSnapshot(client);
        const service = snapshot.services.find(candidate => candidate.Spec.Name === 'int-workers')!;
        const entry = indexSnapshot(snapshot).healthByService.get(service.ID)!;
        // Both workers must be ready first: a lab just started (or just put through the
        // e2e tests) may still have one coming back.
        return entry.desired === 2 && entry.running === entry.desired ? entry : undefined;
      },
      {timeoutMs: 30_000},
    );
    expect(health).toEqual({running: 2, desired: 2});
  });

  it('reads only the tasks in scope, and the engine’s own counts agree with counting every task', async () => {
    const {docker} = await connect(endpointFor(labSockets().manager));
    const client = swarmClient(docker);
    const web = await waitUntil(
      async () => {
        const full = await readSnapshot(client);
        const service = full.services.find(candidate => candidate.Spec.Name === 'int-web')!;
        return indexSnapshot(full).healthByService.get(service.ID)?.running === 2 ? service : undefined;
      },
      {timeoutMs: 30_000},
    );
    expect(web.ServiceStatus).toMatchObject({RunningTasks: 2, DesiredTasks: 2});

    const scoped = await readSnapshot(client, undefined, {kind: 'service', serviceId: web.ID});
    expect(scoped.taskScope).toEqual({kind: 'service', serviceId: web.ID});
    expect(scoped.tasks.length).toBeGreaterThanOrEqual(2);
    expect(scoped.tasks.every(task => task.ServiceID === web.ID)).toBe(true);

    const none = await readSnapshot(client, undefined, {kind: 'none'});
    expect(none.tasks).toEqual([]);
    const workers = none.services.find(candidate => candidate.Spec.Name === 'int-workers')!;
    expect(indexSnapshot(none).healthByService.get(web.ID)).toEqual({running: 2, desired: 2});
    const readyWorkers = none.nodes.filter(node => node.Spec.Role === 'worker' && node.Status.State === 'ready' && node.Spec.Availability === 'active');
    expect(readyWorkers.length).toBeGreaterThan(0);
    expect(indexSnapshot(none).healthByService.get(workers.ID)?.desired).toBe(readyWorkers.length);

    const running = await readSnapshot(client, undefined, {kind: 'running'});
    expect(running.tasks.length).toBeGreaterThan(0);
    expect(running.tasks.every(task => task.DesiredState === 'running')).toBe(true);
    const counts = indexSnapshot(running).runningTasksByNode;
    const everything = indexSnapshot(await readSnapshot(client)).runningTasksByNode;
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(everything));
  });

  it('reads just the services and nodes named by ID (the engine filters by prefix; nothing else comes back)', async () => {
    const {docker} = await connect(endpointFor(labSockets().manager));
    const client = swarmClient(docker);
    const whole = await readSnapshot(client, undefined, {kind: 'none'});
    const web = whole.services.find(service => service.Spec.Name === 'int-web')!;
    const worker = whole.nodes.find(node => node.Description?.Hostname === 'node2')!;
    const named = await client.services.listNamed!([web.ID, 'nosuchservice0000000000000']);
    expect(named.map(service => service.ID)).toEqual([web.ID]);
    expect(named[0]!.ServiceStatus?.DesiredTasks).toBe(2);
    // A prefix is not an ID: the engine would match it, the read drops it.
    expect(await client.nodes.listNamed!([worker.ID.slice(0, 5)])).toEqual([]);
    const partial = await readNamedSnapshot(
      client,
      undefined,
      {kind: 'service', serviceId: web.ID},
      {...whole, services: whole.services.filter(service => service.ID !== web.ID)},
      {services: [web.ID], nodes: [worker.ID]},
    );
    expect(partial.services.map(service => service.ID).sort()).toEqual(whole.services.map(service => service.ID).sort());
    expect(partial.nodes.map(node => node.ID)).toEqual(whole.nodes.map(node => node.ID));
    expect(partial.tasks.length).toBeGreaterThan(0);
    expect(partial.tasks.every(task => task.ServiceID === web.ID)).toBe(true);
    expect(partial.networks).toBe(whole.networks);
  });

  it('keeps the store fed and converges as the swarm does', async () => {
    const {docker} = await connect(endpointFor(labSockets().manager));
    const store = createClusterStore();
    const model = new ClusterPoller({client: swarmClient(docker), store, intervalMs: 500});
    model.start();
    try {
      await waitUntil(
        () => {
          const {snapshot} = store.getState();
          const web = snapshot?.services.find(service => service.Spec.Name === 'int-web');
          return web && indexSnapshot(snapshot!).healthByService.get(web.ID)?.running === 2;
        },
        {timeoutMs: 30_000},
      );
      expect(store.getState()).toMatchObject({load: 'ready', link: {status: 'ok', failures: 0}});
    } finally {
      model.stop();
    }
  });

  it('refuses a worker with a message that points at the manager', async () => {
    const error = await connect(endpointFor(labSockets()[2])).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).kind).toBe('worker');
    expect((error as StartupError).message).toContain('10.213.0.11:2377');
  });
});
