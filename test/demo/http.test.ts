import os from 'node:os';
import Dockerode from 'dockerode';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {readSnapshot, swarmClient} from '../../source/docker/client.js';
import {connect} from '../../source/docker/connect.js';
import {resolveEndpoint} from '../../source/docker/endpoint.js';
import {LIST_NAMES, READ_NAMES} from '../../source/docker/lists.js';
import {startDemoEngine, type DemoEngine} from '../../source/demo/engine.js';
import type {EngineNode, EngineService, EngineTask} from '../../source/demo/engine-types.js';
import {request} from './support.js';

let engine: DemoEngine;
beforeEach(async () => {
  engine = await startDemoEngine({size: 'small', realtime: false, autopilot: false});
});
afterEach(async () => engine.close());

const filters = (value: unknown): string => encodeURIComponent(JSON.stringify(value));

describe('the demo engine over its unix socket', () => {
  it('answers versioned and unversioned paths alike, and refuses versions out of range', async () => {
    const plain = await request(engine.socketPath, 'GET', '/version');
    const versioned = await request(engine.socketPath, 'GET', '/v1.41/version');
    expect(plain.json()).toEqual(versioned.json());
    expect(plain.json()).toMatchObject({ApiVersion: '1.47', MinAPIVersion: '1.24'});
    expect(plain.headers['api-version']).toBe('1.47');
    expect(plain.headers['server']).toMatch(/^Docker\/\d+\.\d+\.\d+ \(linux\)$/);
    expect(plain.text.endsWith('\n')).toBe(true);

    const tooNew = await request(engine.socketPath, 'GET', '/v1.99/version');
    expect(tooNew.status).toBe(400);
    expect(tooNew.json()).toEqual({message: 'client version 1.99 is too new. Maximum supported API version is 1.47'});
    const tooOld = await request(engine.socketPath, 'GET', '/v1.12/info');
    expect(tooOld.status).toBe(400);
    expect(tooOld.json<{message: string}>().message).toMatch(/^client version 1\.12 is too old/);
  });

  it('pings like a swarm manager', async () => {
    const ping = await request(engine.socketPath, 'GET', '/_ping');
    expect(ping.text).toBe('OK');
    expect(ping.headers['swarm']).toBe('active/manager');
    expect(ping.headers['api-version']).toBe('1.47');
  });

  it('reports an active swarm manager in /info', async () => {
    const info = (await request(engine.socketPath, 'GET', '/v1.47/info')).json<{Name: string; Swarm: Record<string, unknown>}>();
    expect(info.Swarm).toMatchObject({LocalNodeState: 'active', ControlAvailable: true, Nodes: 5, Managers: 3});
    expect(info.Swarm['NodeID']).toBe(engine.swarm.node('manager1').api.ID);
    expect(info.Swarm['RemoteManagers']).toHaveLength(3);
    expect(info.Swarm['Cluster']).toMatchObject({Spec: {Orchestration: {TaskHistoryRetentionLimit: 5}}});
    expect(info.Name).toBe('manager1');
  });

  it('answers unknown routes and objects like the engine', async () => {
    expect((await request(engine.socketPath, 'GET', '/v1.47/containers/json')).json()).toEqual({message: 'page not found'});
    expect((await request(engine.socketPath, 'GET', '/v1.47/containers/json')).status).toBe(404);
    for (const [path, message] of [
      ['/services/nope', 'service nope not found'],
      ['/nodes/nope', 'node nope not found'],
      ['/tasks/nope', 'task nope not found'],
    ]) {
      const response = await request(engine.socketPath, 'GET', `/v1.47${path}`);
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({message});
    }
  });

  it('finds objects by ID, name or unique ID prefix', async () => {
    const service = engine.swarm.service('shop_web').api;
    for (const ref of [service.ID, 'shop_web', service.ID.slice(0, 6)]) {
      expect((await request(engine.socketPath, 'GET', `/services/${ref}`)).json<EngineService>().ID).toBe(service.ID);
    }
    expect((await request(engine.socketPath, 'GET', '/nodes/worker1')).json<EngineNode>().Description.Hostname).toBe('worker1');
  });

  it('adds ServiceStatus only when asked', async () => {
    const plain = (await request(engine.socketPath, 'GET', '/services')).json<Array<Record<string, unknown>>>();
    const counted = (await request(engine.socketPath, 'GET', '/services?status=true')).json<Array<Record<string, unknown>>>();
    expect(plain).toHaveLength(11);
    for (const service of plain) expect(service['ServiceStatus']).toBeUndefined();
    const web = counted.find(service => (service['Spec'] as {Name: string}).Name === 'shop_web')!;
    expect(web['ServiceStatus']).toEqual({RunningTasks: 3, DesiredTasks: 3, CompletedTasks: 0});
    const ids = plain.map(service => service['ID'] as string);
    expect(ids).toEqual([...ids].sort());
  });

  it('filters tasks by service, node, desired state, id and name', async () => {
    const {swarm} = engine;
    const list = async (value: unknown): Promise<EngineTask[]> =>
      (await request(engine.socketPath, 'GET', `/v1.47/tasks?filters=${filters(value)}`)).json<EngineTask[]>();
    const web = swarm.service('shop_web').api.ID;
    expect((await list({service: ['shop_web']})).every(task => task.ServiceID === web)).toBe(true);
    expect(await list({service: [web]})).toHaveLength(swarm.tasksOf('shop_web').length);
    const running = await list({service: {'shop_billing-worker': true}, 'desired-state': ['running']});
    expect(running.length).toBeGreaterThan(0);
    expect(running.every(task => task.DesiredState === 'running')).toBe(true);
    const worker = swarm.node('worker1').api.ID;
    const onWorker = await list({node: ['worker1']});
    expect(onWorker.length).toBeGreaterThan(0);
    expect(onWorker.every(task => task.NodeID === worker)).toBe(true);
    const some = swarm.tasksOf('shop_redis')[0]!;
    expect((await list({id: [some.ID.slice(0, 8)]})).map(task => task.ID)).toContain(some.ID);
    expect((await list({name: ['shop_redis.1']})).map(task => task.ID)).toContain(some.ID);

    const bad = await request(engine.socketPath, 'GET', `/tasks?filters=${filters({colour: ['red']})}`);
    expect(bad.status).toBe(400);
    expect(bad.json()).toEqual({message: "Invalid filter 'colour'"});
    const unknown = await request(engine.socketPath, 'GET', `/tasks?filters=${filters({service: ['nope']})}`);
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({message: 'service nope not found'});
  });

  it('refuses an update at a stale version with the engine’s out-of-sequence error', async () => {
    const service = engine.swarm.service('shop_web').api;
    const path = `/v1.47/services/${service.ID}/update?version=${service.Version.Index - 1}`;
    const stale = await request(engine.socketPath, 'POST', path, service.Spec);
    expect(stale.status).toBe(500);
    expect(stale.json()).toEqual({message: 'rpc error: code = Unknown desc = update out of sequence'});
  });

  it('scales, changes image, forces and rolls back through POST /services/{id}/update', async () => {
    const {swarm} = engine;
    const post = async (query: string, spec: unknown): Promise<{status: number; body: unknown}> => {
      const current = swarm.service('shop_redis').api;
      const response = await request(engine.socketPath, 'POST', `/services/${current.ID}/update?version=${current.Version.Index}${query}`, spec);
      return {status: response.status, body: response.json()};
    };
    const spec = (): EngineService['Spec'] => structuredClone(swarm.service('shop_redis').api.Spec);

    const noPrevious = await post('&rollback=previous', spec());
    expect(noPrevious).toEqual({
      status: 400,
      body: {message: `rpc error: code = FailedPrecondition desc = service ${swarm.service('shop_redis').api.ID} does not have a previous spec`},
    });

    expect(await post('', {...spec(), Mode: {Replicated: {Replicas: 2}}})).toEqual({status: 200, body: {Warnings: null}});
    swarm.tick(10_000);
    expect(swarm.activeTasks('shop_redis').filter(task => task.Status.State === 'running')).toHaveLength(2);

    const withImage = spec();
    withImage.TaskTemplate.ContainerSpec.Image = 'redis:7.4.2-alpine';
    withImage.TaskTemplate.ForceUpdate += 1;
    expect((await post('', withImage)).status).toBe(200);
    expect(swarm.service('shop_redis').api.UpdateStatus?.State).toBe('updating');
    swarm.tick(60_000);
    expect(swarm.activeTasks('shop_redis').map(task => task.Spec.ContainerSpec.Image)).toEqual(['redis:7.4.2-alpine', 'redis:7.4.2-alpine']);

    expect((await post('&rollback=previous', {})).status).toBe(200);
    expect(swarm.service('shop_redis').api.UpdateStatus).toMatchObject({State: 'rollback_started', Message: 'manually requested rollback'});

    const renamed = await post('', {...spec(), Name: 'other'});
    expect(renamed).toEqual({status: 501, body: {message: 'rpc error: code = Unimplemented desc = renaming services is not supported'}});
  });

  it('updates node availability and role through POST /nodes/{id}/update', async () => {
    const {swarm} = engine;
    const node = structuredClone(swarm.node('worker1').api);
    const ok = await request(engine.socketPath, 'POST', `/nodes/${node.ID}/update?version=${node.Version.Index}`, {...node.Spec, Availability: 'drain'});
    expect(ok.status).toBe(200);
    expect(ok.body.length).toBe(0);
    expect(swarm.node('worker1').api.Spec.Availability).toBe('drain');
    const stale = await request(engine.socketPath, 'POST', `/nodes/${node.ID}/update?version=${node.Version.Index}`, {...node.Spec, Availability: 'active'});
    expect(stale.json()).toEqual({message: 'rpc error: code = Unknown desc = update out of sequence'});
    const current = swarm.node('worker1').api;
    const bad = await request(engine.socketPath, 'POST', `/nodes/${node.ID}/update?version=${current.Version.Index}`, {...node.Spec, Availability: 'bogus'});
    expect(bad.status).toBe(400);
    expect(bad.json()).toEqual({message: 'invalid Availability: "bogus"'});
    const numeric = await request(engine.socketPath, 'POST', `/nodes/${node.ID}/update?version=${current.Version.Index}`, {...node.Spec, Labels: {rack: 12}});
    expect(numeric.status).toBe(400);
    expect(numeric.json()).toEqual({message: 'json: cannot unmarshal number into Go struct field NodeSpec.Labels of type string'});
    expect(swarm.node('worker1').api.Spec.Labels).toEqual(node.Spec.Labels);
  });

  it('deletes a service: gone at once, its tasks shut down and removed', async () => {
    const {swarm} = engine;
    const service = swarm.service('shop_web').api;
    const taskIds = swarm.tasksOf('shop_web').map(task => task.ID);
    const deleted = await request(engine.socketPath, 'DELETE', `/services/${service.ID}`);
    expect(deleted.status).toBe(200);
    expect((await request(engine.socketPath, 'GET', `/services/${service.ID}`)).status).toBe(404);
    for (const id of taskIds) expect(swarm.store.tasks.get(id)?.api.DesiredState ?? 'remove').toBe('remove');
    swarm.tick(15_000);
    const left = (await request(engine.socketPath, 'GET', `/tasks?filters=${filters({id: taskIds})}`)).json<EngineTask[]>();
    expect(left).toEqual([]);
  });
});

describe('dockerode and swarmtop’s own connection code against the demo engine', () => {
  it('list nodes, services and tasks, and update a service', async () => {
    const docker = new Dockerode({socketPath: engine.socketPath});
    expect(await docker.listNodes()).toHaveLength(5);
    expect(await docker.listServices()).toHaveLength(11);
    expect(await docker.listTasks()).toHaveLength(engine.swarm.store.tasks.size);
    const service = docker.getService('shop_web');
    const current = (await service.inspect()) as EngineService;
    await service.update({_query: {version: current.Version.Index}, _body: {...current.Spec, Mode: {Replicated: {Replicas: 4}}}} as never);
    expect(engine.swarm.service('shop_web').api.Spec.Mode).toEqual({Replicated: {Replicas: 4}});
    // dockerode's simplest form puts the version in the body and the whole spec in the query; it still works.
    const again = (await service.inspect()) as EngineService;
    await service.update({version: again.Version.Index, ...again.Spec, Mode: {Replicated: {Replicas: 2}}} as never);
    expect(engine.swarm.service('shop_web').api.Spec.Mode).toEqual({Replicated: {Replicas: 2}});
    const node = docker.getNode('worker2');
    const nodeInfo = (await node.inspect()) as EngineNode;
    await node.update({_query: {version: nodeInfo.Version.Index}, _body: {...nodeInfo.Spec, Availability: 'pause'}} as never);
    expect(engine.swarm.node('worker2').api.Spec.Availability).toBe('pause');
  });

  it('connect() negotiates with it exactly as with a real manager', async () => {
    const connection = await connect(resolveEndpoint({host: engine.url, env: {}, homeDir: os.homedir()}));
    expect(connection.apiVersion).toBe('1.47');
    expect(connection.hostname).toBe('manager1');
    expect(connection.nodeId).toBe(engine.swarm.node('manager1').api.ID);
    const snapshot = await readSnapshot(swarmClient(connection.docker));
    expect(snapshot.nodes).toHaveLength(5);
    expect(snapshot.services).toHaveLength(11);
    expect(snapshot.tasks).toHaveLength(engine.swarm.store.tasks.size);
  });

  it('serves every read the console declares (docker/lists.ts): none unreadable, none set aside', async () => {
    const snapshot = await readSnapshot(swarmClient(new Dockerode({socketPath: engine.socketPath})));
    expect(snapshot.unreadable).toBeUndefined();
    expect(snapshot.setAside).toBeUndefined();
    for (const name of READ_NAMES) expect(snapshot[name], name).toBeDefined();
    for (const name of LIST_NAMES) expect((snapshot[name] as unknown[]).length, name).toBeGreaterThan(0);
  });
});
