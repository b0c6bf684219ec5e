// The volumes pane as data: decoding hostile answers at the boundary (set aside and
// counted), which tasks use a volume (by name and node), the rows per node with the
// nodes not reached named, and the renderer's cells and describe lines.
import {describe, expect, it} from 'vitest';
import {Unreadable} from '../../../source/docker/decode/set-aside.js';
import {decodeVolume} from '../../../source/docker/decode/volume.js';
import {unwrapList} from '../../../source/docker/list-stream.js';
import type {NodeVolumes, ReachSnapshot} from '../../../source/docker/reach.js';
import type {SwarmNode, SwarmService, SwarmSnapshot, SwarmTask, SwarmVolume} from '../../../source/docker/types.js';
import {indexSnapshot} from '../../../source/model/cluster-index.js';
import {volumeKey, volumeUsers} from '../../../source/model/volume-users.js';
import {describeVolume, volumeColumns} from '../../../source/render/volumes.js';
import {clusterVolumesLine, nodeSetAsideLines, unreachedLine, volumeRows, volumesPane} from '../../../source/views/panes/volumes.js';

const reason = (value: unknown) => (value instanceof Unreadable ? value.reason : 'read');

function node(id: string, hostname: string, state = 'ready', role: 'manager' | 'worker' = 'worker', engine = '20.10.24'): SwarmNode {
  return {
    ID: id,
    Version: {Index: 1},
    Spec: {Role: role, Availability: 'active'},
    Description: {Hostname: hostname, Engine: {EngineVersion: engine}},
    Status: {State: state},
  } as SwarmNode;
}

function service(id: string, name: string, mounts: Array<{Type: 'volume' | 'bind' | 'cluster'; Source: string; Target: string}>): SwarmService {
  return {
    ID: id,
    Version: {Index: 1},
    Spec: {Name: name, TaskTemplate: {ContainerSpec: {Image: 'busybox', Mounts: mounts}}, Mode: {Replicated: {Replicas: 1}}},
  };
}

function task(id: string, serviceId: string, nodeId: string, slot: number, state = 'running', desired = 'running'): SwarmTask {
  return {
    ID: id,
    Version: {Index: 1},
    ServiceID: serviceId,
    NodeID: nodeId,
    Slot: slot,
    DesiredState: desired,
    Spec: {},
    Status: {State: state, Timestamp: '2026-01-01T00:00:00Z'},
  } as SwarmTask;
}

const volume = (name: string, extra: Partial<SwarmVolume> = {}): SwarmVolume => ({Name: name, Driver: 'local', Scope: 'local', ...extra});

const m1 = node('m1', 'manager1', 'ready', 'manager');
const w1 = node('w1', 'worker1');
const w2 = node('w2', 'worker2');
const w3 = node('w3', 'worker3', 'down');
const db = service('sdb', 'db', [
  {Type: 'volume', Source: 'pgdata', Target: '/var/lib/pg'},
  {Type: 'bind', Source: '/etc', Target: '/host-etc'},
]);
const web = service('sweb', 'web', []);

function snapshotOf(tasks: SwarmTask[], volumes: SwarmVolume[] = []): SwarmSnapshot {
  return {nodes: [m1, w1, w2, w3], services: [db, web], tasks, networks: [], secrets: [], configs: [], volumes};
}

function reachOf(volumes: Array<[string, NodeVolumes]>): ReachSnapshot {
  return {nodes: new Map(), tasks: new Map(), services: new Map(), nodeUsage: new Map(), volumes: new Map(volumes)};
}

describe('decoding a volume answer', () => {
  it('keeps a well-formed volume as it is', () => {
    const good = volume('data', {Options: {type: 'nfs'}, Labels: {a: 'b'}});
    expect(decodeVolume(good)).toBe(good);
  });

  it('sets aside what cannot be a row, and repairs wrong fields', () => {
    expect(reason(decodeVolume(null))).toBe('not an object');
    expect(reason(decodeVolume([volume('x')]))).toBe('not an object');
    expect(reason(decodeVolume({Driver: 'local'}))).toBe('no Name');
    expect(reason(decodeVolume({Name: 7}))).toBe('no Name');
    const repaired = decodeVolume({Name: 'x', Driver: 3, Options: null, Labels: {ok: 'yes', bad: {deep: 1}}, ClusterVolume: 'nope'}) as SwarmVolume;
    expect(repaired).toEqual({Name: 'x', Driver: '', Labels: {ok: 'yes'}});
  });

  it("unwraps the engine's {Volumes} answer, counting what it set aside, and refuses an answer without the list", () => {
    const read = unwrapList({Volumes: [volume('a'), 42, {Name: ''}, {Name: 'b\u001b[31m'}], Warnings: null}, 'Volumes', decodeVolume);
    expect(read.map(item => item.Name)).toEqual(['a', 'b\u001b[31m']);
    expect(read.setAside).toEqual({count: 2, reasons: {'not an object': 1, 'no Name': 1}});
    expect(unwrapList({Volumes: null}, 'Volumes', decodeVolume)).toEqual([]);
    expect(() => unwrapList([volume('a')], 'Volumes', decodeVolume)).toThrow(/no Volumes list/);
    expect(() => unwrapList({Volumes: 'x'}, 'Volumes', decodeVolume)).toThrow(/no Volumes list/);
  });
});

describe('who uses a volume', () => {
  it('is the running tasks whose service mounts it by name, on that node only', () => {
    const snapshot = snapshotOf([task('t1', 'sdb', 'w1', 1), task('t2', 'sdb', 'w2', 2), task('t3', 'sweb', 'w1', 1)]);
    const users = volumeUsers(snapshot);
    expect(users.get(volumeKey('pgdata', 'w1'))?.map(user => user.task)).toEqual(['db.1']);
    expect(users.get(volumeKey('pgdata', 'w2'))?.map(user => `${user.task} ${user.target}`)).toEqual(['db.2 /var/lib/pg']);
    expect(users.get(volumeKey('pgdata', 'm1'))).toBeUndefined();
    // A bind mount is not a volume.
    expect(users.get(volumeKey('/etc', 'w1'))).toBeUndefined();
  });

  it('leaves out tasks that ended or are being stopped', () => {
    const snapshot = snapshotOf([
      task('t1', 'sdb', 'w1', 1, 'shutdown', 'shutdown'),
      task('t2', 'sdb', 'w1', 1, 'running', 'shutdown'),
      task('t3', 'sdb', 'w1', 1, 'failed'),
    ]);
    expect(volumeUsers(snapshot).size).toBe(0);
  });
});

describe('the volumes pane', () => {
  const tasks = [task('t1', 'sdb', 'w1', 1)];

  it("lists each reached node's volumes on that node, with their users, and names the nodes not reached", () => {
    const snapshot = {
      ...snapshotOf(tasks, [volume('pgdata')]),
      reach: reachOf([
        ['w1', {volumes: [volume('pgdata'), volume('scratch')]}],
        ['w2', {volumes: [volume('pgdata')]}],
        ['m1', {reason: 'no route'}],
      ]),
    };
    const rows = volumeRows(snapshot, snapshot.reach);
    expect(rows.map(row => `${row.id} ${row.node} ${row.users.map(user => user.task).join(',') || 'unused'}`)).toEqual([
      'w1/pgdata worker1 db.1',
      'w2/pgdata worker2 unused',
      'w1/scratch worker1 unused',
    ]);
    expect(unreachedLine(snapshot, snapshot.reach.volumes)).toBe('2 nodes not reached: manager1 (no route), worker3 (down)');
  });

  it('counts the ready nodes a round did not ask, beside the ones not reached', () => {
    const snapshot = {
      ...snapshotOf(tasks),
      reach: reachOf([
        ['w1', {volumes: []}],
        ['m1', {reason: 'no route'}],
      ]),
    };
    expect(unreachedLine(snapshot, snapshot.reach.volumes)).toBe(
      '2 nodes not reached: manager1 (no route), worker3 (down); 1 node not read yet (more ready nodes than are reached at once, or newly ready)',
    );
    const allRead = {
      ...snapshotOf(tasks),
      reach: reachOf([
        ['w1', {volumes: []}],
        ['w2', {volumes: []}],
        ['m1', {volumes: []}],
      ]),
    };
    expect(unreachedLine(allRead, allRead.reach.volumes)).toBe('1 node not reached: worker3 (down)');
  });

  it("names what a node's answer set aside", () => {
    const snapshot = snapshotOf(tasks);
    const volumes = new Map<string, NodeVolumes>([['w2', {volumes: [], setAside: {count: 2, reasons: {'no Name': 2}}}]]);
    expect(nodeSetAsideLines(snapshot, volumes)).toEqual(['2 volumes unreadable on worker2: 2 no Name']);
  });

  it("shows the manager's own list as the manager's until a node has been read, and cluster volumes always", () => {
    const cluster = volume('shared', {
      Scope: 'global',
      Driver: 'csi',
      ClusterVolume: {ID: 'cv1', Spec: {Availability: 'active', AccessMode: {Sharing: 'all'}}, PublishStatus: [{NodeID: 'w1', State: 'published'}]},
    });
    const snapshot = snapshotOf(tasks, [volume('local-one'), cluster]);
    expect(volumeRows(snapshot, undefined).map(row => `${row.id} ${row.node}`)).toEqual(['manager/local-one manager', 'cluster/shared worker1']);
    const reached = reachOf([['w1', {volumes: []}]]);
    expect(volumeRows(snapshot, reached).map(row => row.id)).toEqual(['cluster/shared']);
    expect(clusterVolumesLine(snapshot)).toBeUndefined();
  });

  it('says why there are no cluster volumes on an engine older than API 1.42, and not on a newer one', () => {
    expect(clusterVolumesLine(snapshotOf([]))).toBe('no cluster (CSI) volumes: they need API 1.42; managers run Engine 20.10.24');
    const newer = {...snapshotOf([]), nodes: [node('m1', 'manager1', 'ready', 'manager', '27.3.1')]};
    expect(clusterVolumesLine(newer)).toBeUndefined();
  });

  it('draws name, driver, node, scope and users, and describes options, labels and mounts', () => {
    const snapshot = {...snapshotOf(tasks), reach: reachOf([['w1', {volumes: [volume('pgdata', {Options: {o: 'bind'}, Labels: {team: 'db'}})]}]])};
    const [row] = volumeRows(snapshot, snapshot.reach);
    const ctx = {now: 0, index: indexSnapshot(snapshot)};
    expect(volumeColumns.map(column => `${column.title}=${column.render(row!, ctx).text}`)).toEqual([
      'NAME=pgdata',
      'DRIVER=local',
      'NODE=worker1',
      'SCOPE=local',
      'USED BY=db.1',
    ]);
    const lines = describeVolume(row!);
    expect(lines).toContain('Options:');
    expect(lines).toContain('  o=bind');
    expect(lines).toContain('  team=db');
    expect(lines).toContain('  db.1 (service db) at /var/lib/pg');
    expect(volumesPane.document!.find(snapshot, 'w1/pgdata')?.describe()).toEqual(lines);
  });
});
