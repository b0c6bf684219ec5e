import {mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {readSnapshot, swarmClient} from '../../source/docker/client.js';
import {decodeNode} from '../../source/docker/decode/node.js';
import {decodeService} from '../../source/docker/decode/service.js';
import {Unreadable} from '../../source/docker/decode/set-aside.js';
import {setAsideText} from '../../source/docker/lists.js';
import {decodeTask} from '../../source/docker/decode/task.js';
import {decodeEvent} from '../../source/docker/decode/event.js';
import {decodeContainerState, decodeInfo, decodeStats} from '../../source/docker/decode/engine.js';
import {describeError} from '../../source/docker/errors.js';
import {eventRow} from '../../source/model/event-log.js';
import {ClusterPoller} from '../../source/model/cluster-poller.js';
import {createClusterStore} from '../../source/model/cluster-store.js';
import type {SwarmNode, SwarmService} from '../../source/docker/types.js';
import {type AnyPane, panes} from '../../source/views/panes/registry.js';
import {listRows, setAsideLine} from '../../source/views/panes/pane.js';
import {newFrame} from '../../source/shell/navigation.js';
import {objectsSnapshot} from '../support/fixtures.js';

const lab = objectsSnapshot();
const reason = (value: unknown) => (value instanceof Unreadable ? value.reason : 'read');

describe('decoding one engine object', () => {
  it('hands back a well-formed object as it is: nothing copied, nothing lost', () => {
    for (const node of lab.nodes) expect(decodeNode(node)).toBe(node);
    for (const service of lab.services) expect(decodeService(service)).toBe(service);
  });

  it('sets aside what has no row to draw: not an object, no ID, a node or service without Spec', () => {
    const node = lab.nodes[0]!;
    const service = lab.services[0]!;
    expect(reason(decodeNode(null))).toBe('not an object');
    expect(reason(decodeNode([node]))).toBe('not an object');
    expect(reason(decodeNode({...node, ID: 42}))).toBe('no ID');
    expect(reason(decodeNode({...node, Spec: undefined}))).toBe('no Spec');
    expect(reason(decodeService({...service, Spec: 'web'}))).toBe('no Spec');
    expect(reason(decodeTask(7))).toBe('not an object');
    expect(reason(decodeTask({ID: ''}))).toBe('no ID');
  });

  it('gives a wrong or missing field its default, and keeps the rest of the object', () => {
    const node = lab.nodes[0]!;
    const read = decodeNode({
      ...node,
      Version: 'x',
      Spec: {Availability: 42, Labels: {zone: 'eu', bad: {}}, Role: null},
      Status: null,
      Extra: 'kept',
    }) as SwarmNode & {Extra: string};
    expect(read.Spec).toEqual({Availability: 'unknown', Role: 'unknown', Labels: {zone: 'eu'}});
    expect(read.Status).toEqual({State: 'unknown'});
    expect(read.Version).toEqual({Index: 0});
    expect(read.Extra).toBe('kept');
    expect(read.Description).toBe(node.Description);

    const service = lab.services[0]!;
    const spec = {...service.Spec, Name: 7, TaskTemplate: {ContainerSpec: {Image: ['x'], Env: ['A=1', 2], Healthcheck: {Test: ['CMD']}}}, Mode: 'replicated'};
    const decoded = decodeService({
      ...service,
      Spec: spec,
      UpdateStatus: {State: 'sideways'},
      ServiceStatus: {RunningTasks: 'two', DesiredTasks: 2},
    }) as SwarmService;
    expect(decoded.Spec.Name).toBe('');
    expect(decoded.Spec.Mode).toEqual({});
    expect(decoded.Spec.TaskTemplate.ContainerSpec).toEqual({Env: ['A=1'], Healthcheck: {Test: ['CMD']}});
    expect(decoded.UpdateStatus).toEqual({});
    expect(decoded.ServiceStatus).toBeUndefined();

    const task = decodeTask({ID: 't1', Status: {State: 'exploded', ContainerStatus: {ContainerID: 5, ExitCode: 137}}, DesiredState: null, Slot: '1'});
    expect(task).toEqual({ID: 't1', Version: {Index: 0}, ServiceID: '', DesiredState: 'unknown', Status: {State: 'unknown', ContainerStatus: {ExitCode: 137}}});
  });

  it('reads events, node engines and error bodies of the wrong shape without throwing', () => {
    expect(decodeEvent({Type: 'service', Action: 3, Actor: {ID: 'a', Attributes: {name: 'web', n: 1}}})).toEqual({
      Type: 'service',
      Action: '',
      Actor: {ID: 'a', Attributes: {name: 'web'}},
    });
    expect(decodeEvent({Type: 5})).toBeUndefined();
    expect(eventRow(decodeEvent({Type: 'constructor', Action: 'x', Actor: {Attributes: {toString: 'y'}}})!, 1).attributes).toBe('');
    expect(decodeInfo('nope')).toEqual({});
    expect(decodeInfo({NCPU: '4', Swarm: {NodeID: 1, RemoteManagers: null}})).toEqual({Swarm: {}});
    expect(decodeStats({memory_stats: {usage: 'lots', stats: {cache: 1, bad: 'x'}}, networks: {eth0: 5}})).toEqual({
      memory_stats: {stats: {cache: 1}},
      networks: {},
    });
    expect(decodeContainerState({State: {Health: {Log: [null, {ExitCode: 1}]}}})).toEqual({State: {Health: {Log: [{ExitCode: 1}]}}});
    expect(describeError({statusCode: 500, json: {message: {nested: true}}, message: 'HTTP 500'})).toBe('HTTP 500');
  });

  it('names what was set aside: "1 node unreadable: no Spec"', () => {
    expect(setAsideText('nodes', {count: 1, reasons: {'no Spec': 1}})).toBe('1 node unreadable: no Spec');
    expect(setAsideText('tasks', {count: 3, reasons: {'no ID': 1, 'not an object': 2}})).toBe('3 tasks unreadable: 2 not an object, 1 no ID');
  });
});

describe('a read with malformed objects in every list', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'decode-'));
  const socketPath = path.join(dir, 'engine.sock');
  const node = lab.nodes[0]!;
  const service = lab.services[0]!;
  const bodies: Record<string, unknown> = {
    nodes: [
      ...lab.nodes,
      {...node, ID: 'nospec', Spec: undefined},
      {...node, ID: 'wrong', Spec: {...node.Spec, Availability: 9}, Description: {Hostname: 'wrong-types'}},
    ],
    services: [{...service, ID: 'nospec', Spec: undefined}, ...lab.services],
    tasks: [null, ...lab.tasks, 'task', 12],
    networks: [...lab.networks!, {Name: 'no-id'}],
    secrets: lab.secrets,
    configs: [null],
    swarm: lab.swarm,
  };
  const server = http.createServer((request, response) => {
    const list = /^\/(?:v[\d.]+\/)?(\w+)/.exec(request.url ?? '')?.[1] ?? '';
    response.writeHead(200, {'Content-Type': 'application/json'});
    const bytes = Buffer.from(JSON.stringify(bodies[list] ?? []));
    for (let i = 0; i < bytes.length; i += 11) response.write(bytes.subarray(i, i + 11));
    response.end();
  });

  beforeAll(() => new Promise<void>(resolve => server.listen(socketPath, resolve)));
  afterAll(() => {
    server.close();
    rmSync(dir, {recursive: true, force: true});
  });

  it('keeps every readable object, counts the rest per list, and each pane names its own', async () => {
    const snapshot = await readSnapshot(swarmClient(new Dockerode({socketPath})));
    expect(snapshot.nodes.map(read => read.ID)).toEqual([...lab.nodes.map(read => read.ID), 'wrong']);
    expect(snapshot.nodes.at(-1)!.Spec.Availability).toBe('unknown');
    expect(snapshot.services).toHaveLength(lab.services.length);
    expect(snapshot.tasks).toHaveLength(lab.tasks.length);
    expect(snapshot.setAside).toEqual({
      nodes: {count: 1, reasons: {'no Spec': 1}},
      services: {count: 1, reasons: {'no Spec': 1}},
      tasks: {count: 3, reasons: {'not an object': 3}},
      networks: {count: 1, reasons: {'no ID': 1}},
      configs: {count: 1, reasons: {'not an object': 1}},
    });

    expect(setAsideLine(panes.nodes, snapshot)).toBe('1 node unreadable: no Spec');
    expect(listRows(panes.nodes, snapshot, newFrame('nodes'))).toHaveLength(lab.nodes.length + 1);
    expect(setAsideLine(panes.services, snapshot)).toBe('1 service unreadable: no Spec');
    expect(listRows(panes.services, snapshot, newFrame('services'))).toHaveLength(lab.services.length);
    expect(setAsideLine(panes.tasks, snapshot)).toBe('3 tasks unreadable: not an object');
    expect(setAsideLine(panes.configs, snapshot)).toBe('1 config unreadable: not an object');
    expect(setAsideLine(panes.secrets, snapshot)).toBeUndefined();
    expect(setAsideLine(panes.events, snapshot)).toBeUndefined();
    for (const pane of Object.values(panes) as AnyPane[]) expect(() => listRows(pane, snapshot, newFrame(pane.kind))).not.toThrow();
  });
});

describe('the poller', () => {
  it('carries what a task read set aside into the store, across refreshes, with and without the task store', async () => {
    for (const incremental of [false, true]) {
      const setAside = {count: 2, reasons: {'no ID': 2}};
      const client = {
        ...swarmClient(new Dockerode({socketPath: '/nonexistent'})),
        nodes: {list: async () => lab.nodes, setAvailability: async () => {}, setRole: async () => {}, replaceSpec: async () => {}},
        services: {
          ...swarmClient(new Dockerode()).services,
          list: async () => lab.services.map(service => ({...service, ServiceStatus: {RunningTasks: 1, DesiredTasks: 1}})),
        },
        tasks: {list: async () => Object.assign([...lab.tasks], {setAside})},
        networks: undefined,
        secrets: undefined,
        configs: undefined,
        swarm: undefined,
      };
      const store = createClusterStore();
      let clock = 0;
      const poller = new ClusterPoller({client, store, intervalMs: 60_000, incremental, now: () => ++clock, taskScope: () => ({kind: 'all'})});
      poller.start();
      try {
        await vi.waitFor(() => expect(store.getState().snapshot?.setAside?.tasks).toEqual(setAside));
        // A later refresh reads the lists alone (incremental: tasks from memory) and still names them.
        const first = store.getState().refreshedAt;
        poller.refreshNow();
        await vi.waitFor(() => expect(store.getState().refreshedAt).not.toBe(first));
        expect(setAsideLine(panes.tasks, store.getState().snapshot!)).toBe('2 tasks unreadable: no ID');
      } finally {
        poller.stop();
      }
    }
  });
});
