// Ctrl-d on a volume: on the volumes pane only and gone in --readonly; refused while a
// task mounts it, for a cluster volume and where nodes are not reached; asks first; sent
// through the node that holds it, with the engine's refusal shown whole.
import {describe, expect, it, vi} from 'vitest';
import {activeBindings, readOnlyRefusal} from '../../../source/app/bindings.js';
import {nodeVolumeRemover} from '../../../source/app/node-volumes.js';
import type {OperationContext} from '../../../source/app/operations/operation.js';
import {removeVolume} from '../../../source/app/operations/remove-volume.js';
import type {Endpoint} from '../../../source/docker/endpoint.js';
import type {SwarmClient} from '../../../source/docker/client.js';
import type {SwarmNode, SwarmSnapshot} from '../../../source/docker/types.js';
import type {ViewKind} from '../../../source/keymap/names.js';
import type {NodeReachPool} from '../../../source/model/node-reach-pool.js';
import type {VolumeRow} from '../../../source/render/volumes.js';
import {createUiStore} from '../../../source/shell/ui-store.js';
import {paneOf} from '../../../source/views/panes/registry.js';

const options = (view: ViewKind, readOnly: boolean) => ({view, sortShortcuts: paneOf(view).sortShortcuts, readOnly});
const operated = (view: ViewKind, readOnly: boolean) =>
  activeBindings(options(view, readOnly))
    .filter(binding => binding.action.type === 'operate')
    .map(binding => `${binding.keys.join('/')} ${(binding.action as {operation: string}).operation}`);

function node(id: string, hostname: string): SwarmNode {
  return {
    ID: id,
    Version: {Index: 1},
    Spec: {Role: 'worker', Availability: 'active'},
    Description: {Hostname: hostname},
    Status: {State: 'ready'},
  } as SwarmNode;
}

const w1 = node('w1', 'worker1');
const snapshot: SwarmSnapshot = {nodes: [w1], services: [], tasks: [], networks: [], secrets: [], configs: [], volumes: []};

/** A row on worker1; `null` for a cluster volume, which no node holds. */
function row(name: string, users: VolumeRow['users'] = [], nodeId: string | null = 'w1'): VolumeRow {
  return {
    id: `${nodeId ?? 'cluster'}/${name}`,
    volume: {Name: name, Driver: 'local', Scope: 'local'},
    ...(nodeId ? {nodeId} : {}),
    node: nodeId ? 'worker1' : '',
    users,
  };
}

function context(remove?: (node: SwarmNode, name: string) => Promise<void>): OperationContext & {refresh: ReturnType<typeof vi.fn<() => void>>} {
  return {
    ui: createUiStore('volumes'),
    client: {} as SwarmClient,
    snapshot,
    refresh: vi.fn<() => void>(),
    noteServiceChange: () => undefined,
    ...(remove ? {nodeVolumes: {remove}} : {}),
  };
}

describe('Ctrl-d on the volumes pane', () => {
  it('is bound there alone, and off in --readonly with the key saying why', () => {
    expect(operated('volumes', false)).toEqual(['ctrl-d removeVolume']);
    expect(operated('volumes', true)).toEqual([]);
    expect(readOnlyRefusal(options('volumes', true), 'ctrl-d')).toMatch(/^read-only: /);
    expect(operated('networks', false)).not.toContain('ctrl-d removeVolume');
  });

  it('refuses a volume a task mounts, naming the tasks', () => {
    const user = {serviceId: 's1', service: 'db', task: 'db.1', nodeId: 'w1', target: '/data'};
    expect(
      removeVolume.refuse?.(
        row('pgdata', [user]),
        context(async () => undefined),
      ),
    ).toEqual({
      text: 'volume pgdata on worker1 is in use by db.1: not removed',
      tone: 'error',
    });
  });

  it('refuses a cluster volume, a console that does not reach nodes, and a node gone from the swarm', () => {
    const remove = async () => undefined;
    expect(removeVolume.refuse?.(row('csi', [], null), context(remove))?.text).toMatch(/cluster volume/);
    expect(removeVolume.refuse?.(row('spare'), context())?.text).toMatch(/does not reach/);
    const gone = {...row('spare'), nodeId: 'w9'};
    expect(removeVolume.refuse?.(gone, context(remove))?.text).toMatch(/no longer in the swarm/);
    expect(removeVolume.refuse?.(row('spare'), context(remove))).toBeUndefined();
  });

  it('asks first, naming the volume and its node', () => {
    expect(removeVolume.dangerous).toBe(true);
    expect(removeVolume.confirm?.(row('spare'), context())?.question).toBe('Remove volume spare on worker1?');
  });

  it('removes through the node that holds it, then says so', async () => {
    const calls: string[] = [];
    const ctx = context(async (target, name) => void calls.push(`${target.ID}:${name}`));
    removeVolume.run(row('spare'), ctx);
    await vi.waitFor(() => expect(ctx.ui.getState().flash).toMatchObject({text: 'volume spare removed from worker1', tone: 'ok'}));
    expect(calls).toEqual(['w1:spare']);
    expect(ctx.refresh).toHaveBeenCalled();
  });

  it("shows the engine's refusal whole", async () => {
    const message = 'remove spare: volume is in use - [0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef]';
    const ctx = context(async () => Promise.reject(Object.assign(new Error('(HTTP code 409) unexpected'), {statusCode: 409, json: {message}})));
    removeVolume.run(row('spare'), ctx);
    await vi.waitFor(() => expect(ctx.ui.getState().flash?.tone).toBe('error'));
    expect(ctx.ui.getState().flash?.text).toBe(`removing volume spare on worker1 failed: ${message}`);
  });
});

describe("a node's volume removed through node reach", () => {
  const via = {kind: 'tcp', host: '10.0.0.2'} as unknown as Endpoint;

  it('connects to the endpoint the pool reached that node by, sends the one removal and closes', async () => {
    const events: string[] = [];
    const pool = {engine: async (target: SwarmNode) => ({engine: {}, reach: {status: 'reached'}, via, node: target.ID})} as unknown as NodeReachPool;
    const remover = nodeVolumeRemover(pool, endpoint => ({
      removeVolume: async (name: string) => void events.push(`remove ${name} via ${(endpoint as unknown as {host: string}).host}`),
      close: () => void events.push('close'),
    }));
    await remover.remove(w1, 'spare');
    expect(events).toEqual(['remove spare via 10.0.0.2', 'close']);
  });

  it('closes after a refusal too, and passes the refusal on', async () => {
    const events: string[] = [];
    const pool = {engine: async () => ({engine: {}, reach: {status: 'reached'}, via})} as unknown as NodeReachPool;
    const remover = nodeVolumeRemover(pool, () => ({
      removeVolume: async () => Promise.reject(new Error('volume is in use')),
      close: () => void events.push('close'),
    }));
    await expect(remover.remove(w1, 'spare')).rejects.toThrow('volume is in use');
    expect(events).toEqual(['close']);
  });

  it('names a node it cannot reach, and sends nothing', async () => {
    const connect = vi.fn();
    const pool = {engine: async () => ({reason: 'connection refused'})} as unknown as NodeReachPool;
    await expect(nodeVolumeRemover(pool, connect).remove(w1, 'spare')).rejects.toThrow('node worker1 not reached: connection refused');
    expect(connect).not.toHaveBeenCalled();
  });
});
