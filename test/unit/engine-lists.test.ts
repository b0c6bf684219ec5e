// Every engine list of docker/lists.ts, each driven through the same path: read into a
// snapshot, listed by its pane, carried through a refresh that reads by ID, and
// refreshed when it alone changes. A new record gets these checks by being registered;
// the fixtures table below is typed by the registry, so a record without a fake object
// here does not compile.
import {describe, expect, it} from 'vitest';
import {type NamedObjects, type ReadOnlySwarmClient, readNamedSnapshot, readSnapshot, readsByName} from '../../source/docker/client.js';
import {MAX_API_VERSION, MIN_API_VERSION, compareApiVersions} from '../../source/docker/api-version.js';
import {ENGINE_LISTS, type ElementOf, LIST_NAMES, type ListName, READ_NAMES, type SnapshotReads} from '../../source/docker/lists.js';
import type {SwarmNode, SwarmService, SwarmSnapshot} from '../../source/docker/types.js';
import type {ViewKind} from '../../source/keymap/names.js';
import {applySnapshot, createClusterStore} from '../../source/model/cluster-store.js';
import {listRows} from '../../source/views/panes/pane.js';
import {type AnyPane, objectPanes, panes} from '../../source/views/panes/registry.js';
import {newFrame} from '../../source/shell/navigation.js';

const FAKE_ID = 'fakeobject0000000000000001';
const time = '2026-01-01T00:00:00Z';

// Always in the snapshot, so a task has its service and node.
const node: SwarmNode = {
  ID: 'node00000000000000000000001',
  Version: {Index: 1},
  Spec: {Role: 'manager', Availability: 'active'},
  Description: {Hostname: 'manager1'},
  Status: {State: 'ready'},
};
const service: SwarmService = {
  ID: 'service000000000000000000001',
  Version: {Index: 1},
  Spec: {Name: 'web', TaskTemplate: {ContainerSpec: {Image: 'nginx'}}, Mode: {Replicated: {Replicas: 1}}},
  ServiceStatus: {RunningTasks: 1, DesiredTasks: 1},
};

/** One fake object of each list, at a version: a later version differs in what its row shows. */
const fakes: {[K in ListName]: (version: number) => ElementOf<K>} = {
  nodes: version => ({...node, ID: FAKE_ID, Version: {Index: version}, Description: {Hostname: `fake-node-v${version}`}}),
  services: version => ({...service, ID: FAKE_ID, Version: {Index: version}, Spec: {...service.Spec, Name: `fake-service-v${version}`}}),
  tasks: version => ({
    ID: FAKE_ID,
    Version: {Index: version},
    CreatedAt: time,
    ServiceID: service.ID,
    NodeID: node.ID,
    Slot: 1,
    DesiredState: 'running',
    Spec: {ContainerSpec: {Image: `nginx:v${version}`}},
    Status: {Timestamp: time, State: 'running', Message: `started v${version}`},
  }),
  networks: version => ({Id: FAKE_ID, Name: 'fake-network', Driver: 'overlay', Scope: 'swarm', Labels: {version: `v${version}`}}),
  secrets: version => ({
    ID: FAKE_ID,
    Version: {Index: version},
    CreatedAt: time,
    UpdatedAt: `2026-01-0${version}T00:00:00Z`,
    Spec: {Name: `fake-secret-v${version}`},
  }),
  configs: version => ({
    ID: FAKE_ID,
    Version: {Index: version},
    CreatedAt: time,
    UpdatedAt: `2026-01-0${version}T00:00:00Z`,
    Spec: {Name: `fake-config-v${version}`},
  }),
  // A volume is known by its name; with no node's own engine read, the manager's list is shown as the manager's.
  volumes: version => ({Name: FAKE_ID, Driver: 'local', Scope: 'local', Labels: {version: `v${version}`}}),
};

/** The row ID a list's pane gives the fake object: its ID, or (a volume, known per node) where it lives and its name. */
const rowIdOf = (list: ListName): string => (list === 'volumes' ? `manager/${FAKE_ID}` : FAKE_ID);

/** Every list empty but for the node and service a task needs, with `list` holding `object`. */
function snapshotWith<K extends ListName>(list: K, object: ElementOf<K>): SwarmSnapshot {
  const snapshot = {nodes: [node], services: [service], tasks: [], networks: [], secrets: [], configs: [], volumes: []} as SwarmSnapshot;
  (snapshot as unknown as Record<ListName, unknown[]>)[list] = [...(snapshot[list] as unknown[]), object];
  return snapshot;
}

/** A client that answers every read with what `snapshot` holds, and reads by ID from it. */
function clientOf(snapshot: SwarmSnapshot): ReadOnlySwarmClient {
  const reader = (name: ListName) => ({
    list: async () => [...(snapshot[name] as unknown[])],
    listNamed: async (ids: readonly string[]) => (snapshot[name] as Array<{ID: string}>).filter(object => ids.includes(object.ID)),
  });
  return Object.fromEntries(
    LIST_NAMES.map(name => [name, ENGINE_LISTS[name].byName ? reader(name) : {list: reader(name).list}]),
  ) as unknown as ReadOnlySwarmClient;
}

const paneOf = (list: ListName): AnyPane => panes[list];
const rowIn = (list: ListName, snapshot: SwarmSnapshot) => listRows(paneOf(list), snapshot, newFrame(list)).find(row => paneOf(list).id(row) === rowIdOf(list));

describe.each(LIST_NAMES)('the %s list, as its record declares it', list => {
  it('gives its pane a row for a fake object read into the snapshot', async () => {
    const read = await readSnapshot(clientOf(snapshotWith(list, fakes[list](1))));
    expect(read.unreadable).toBeUndefined();
    const store = createClusterStore();
    applySnapshot(store, read, 1);
    expect(rowIn(list, store.getState().snapshot!)).toBeDefined();
    // The check can fail: without the object there is no row.
    expect(rowIn(list, {...read, [list]: []})).toBeUndefined();
  });

  it('keeps the object through a refresh that reads by ID (other objects named)', async () => {
    const previous = snapshotWith(list, fakes[list](1));
    const named = {nodes: ['othernode0000000000000001'], services: ['otherservice00000000000001']} satisfies NamedObjects;
    const client = clientOf(previous);
    expect(readsByName(client)).toBe(true);
    const partial = await readNamedSnapshot(client, undefined, {kind: 'all'}, previous, named);
    expect((partial[list] as Array<{ID?: string; Id?: string; Name?: string}>).map(object => object.ID ?? object.Id ?? object.Name)).toContain(FAKE_ID);
    expect(rowIn(list, partial)).toBeDefined();
  });

  it('refreshes the pane when it alone changes, and keeps the snapshot when nothing did', () => {
    const store = createClusterStore();
    applySnapshot(store, snapshotWith(list, fakes[list](1)), 1);
    const first = store.getState().snapshot!;
    const before = JSON.stringify(rowIn(list, first));

    // A read with the same content, new objects: the store's `unchanged` keeps the snapshot as it was.
    applySnapshot(store, structuredClone(snapshotWith(list, fakes[list](1))), 2);
    expect(store.getState().snapshot).toBe(first);

    applySnapshot(store, snapshotWith(list, fakes[list](2)), 3);
    const second = store.getState().snapshot!;
    expect(second).not.toBe(first);
    expect(second[list]).not.toBe(first[list]);
    const after = JSON.stringify(rowIn(list, second));
    expect(after).toContain('v2');
    expect(after).not.toBe(before);
    // Only the changed list is new: every other one keeps its identity.
    for (const other of LIST_NAMES.filter(name => name !== list)) expect(second[other], other).toBe(first[other]);
  });
});

describe('the registry against the panes', () => {
  it('gives every list a pane that reads from it, and a plugin scope', () => {
    for (const list of LIST_NAMES) {
      expect(paneOf(list).readsFrom, list).toContain(list);
      expect(objectPanes, list).toContain(list);
    }
  });

  it('asks of the engine no more than the console accepts for a list it cannot do without', () => {
    // An older engine refuses a newer list's path: a required one would fail every refresh there, an optional one costs its pane.
    for (const name of READ_NAMES) {
      const record = ENGINE_LISTS[name];
      if (record.required) expect(compareApiVersions(record.apiVersion, MIN_API_VERSION), name).toBeLessThanOrEqual(0);
      expect(compareApiVersions(record.apiVersion, MAX_API_VERSION), name).toBeLessThanOrEqual(0);
    }
  });

  it('types the snapshot, the panes and the pane names from the records (checked by tsc)', () => {
    // @ts-expect-error: a snapshot without a required list (tasks) does not compile.
    const missing: SnapshotReads = {nodes: [], services: []};
    // Every list is a pane's name, so `panes` must hold a descriptor for it.
    const kind: ViewKind = LIST_NAMES[0]!;
    // @ts-expect-error: a pane table without one list's descriptor does not compile.
    const table: {[K in ViewKind]: AnyPane} = {...panes, secrets: undefined};
    // @ts-expect-error: a fixtures table without one list's fake does not compile.
    const partial: typeof fakes = {...fakes, configs: undefined};
    expect([missing, kind, table, partial]).toHaveLength(4);
  });
});
