import {describe, expect, it, vi} from 'vitest';
import {ListPacing, MAX_NAMED_OBJECTS, wholeListsDue} from '../../source/model/list-pacing.js';
import {mergeNamed} from '../../source/docker/client.js';
import type {EngineEvent} from '../../source/docker/events.js';
import type {SwarmNode, SwarmService, SwarmSnapshot} from '../../source/docker/types.js';

const service = (id: string, extra: Partial<SwarmService> = {}): SwarmService =>
  ({
    ID: id,
    Version: {Index: 1},
    Spec: {Name: id, TaskTemplate: {}, Mode: {Replicated: {Replicas: 1}}},
    ServiceStatus: {RunningTasks: 1, DesiredTasks: 1},
    ...extra,
  }) as SwarmService;
const node = (id: string): SwarmNode => ({ID: id, Version: {Index: 1}, Spec: {}, Status: {State: 'ready'}}) as unknown as SwarmNode;
const snapshotOf = (services: number, nodes: number, extra: Partial<SwarmSnapshot> = {}): SwarmSnapshot => ({
  services: Array.from({length: services}, (_, i) => service(`s${i}`)),
  nodes: Array.from({length: nodes}, (_, i) => node(`n${i}`)),
  tasks: [],
  ...extra,
});
const event = (Type: string, id?: string): EngineEvent => ({Type, Action: 'update', ...(id && {Actor: {ID: id}})}) as EngineEvent;

describe('wholeListsDue', () => {
  it('reads a small swarm whole every refresh and 2,500 objects every 10 s', () => {
    expect(wholeListsDue(0, 1000, 12, 2000)).toBe(true);
    expect(wholeListsDue(0, 999, 12, 2000)).toBe(false);
    expect(wholeListsDue(0, 8999, 2500, 2000)).toBe(false);
    expect(wholeListsDue(0, 9000, 2500, 2000)).toBe(true);
  });
});

describe('ListPacing', () => {
  const big = snapshotOf(2000, 500);
  const input = (now: number, previous: SwarmSnapshot | undefined = big, extra: Partial<Parameters<ListPacing['plan']>[0]> = {}) => ({
    now,
    intervalMs: 2000,
    previous,
    eventsUp: true,
    byName: true,
    ...extra,
  });

  it('reads whole at first, then only what events named until the size-set pace comes round', () => {
    const pacing = new ListPacing();
    expect(pacing.plan(input(0, undefined))).toEqual({kind: 'whole'});
    // No snapshot yet: whole even without a wish for it.
    expect(pacing.plan(input(0, undefined))).toEqual({kind: 'whole'});
    pacing.landedWhole(0);
    pacing.note([event('service', 's3'), event('node', 'n7'), event('service', 's3')]);
    expect(pacing.plan(input(2000))).toEqual({kind: 'named', named: {services: ['s3'], nodes: ['n7']}});
    // Nothing named: nothing listed again.
    expect(pacing.plan(input(4000))).toEqual({kind: 'named', named: {services: [], nodes: []}});
    expect(pacing.plan(input(9000))).toEqual({kind: 'whole'});
  });

  it('reads whole when events cannot be trusted to name what moved', () => {
    const pacing = new ListPacing();
    pacing.plan(input(0));
    pacing.landedWhole(0);
    expect(pacing.plan(input(2000, big, {eventsUp: false}))).toEqual({kind: 'whole'});
    expect(pacing.plan(input(2000, big, {byName: false}))).toEqual({kind: 'whole'});
    // A reconnected stream catching up, a network event, an event without an ID.
    for (const events of [[], [event('network', 'x')], [event('service')]]) {
      pacing.note(events);
      expect(pacing.plan(input(2000))).toEqual({kind: 'whole'});
    }
    pacing.wantWhole();
    expect(pacing.plan(input(2000))).toEqual({kind: 'whole'});
    // Too many named at once.
    pacing.note(Array.from({length: MAX_NAMED_OBJECTS + 1}, (_, i) => event('service', `s${i}`)));
    expect(pacing.plan(input(2000))).toEqual({kind: 'whole'});
    // A small swarm is read whole every refresh.
    expect(pacing.plan(input(2000, snapshotOf(5, 3)))).toEqual({kind: 'whole'});
    // An engine without task counts.
    const old = snapshotOf(2000, 500);
    old.services[0] = {...old.services[0]!, ServiceStatus: undefined} as SwarmService;
    expect(pacing.plan(input(2000, old))).toEqual({kind: 'whole'});
  });

  it('reads the services rolling out with what was named, and gives back what a failed read was to read', () => {
    const pacing = new ListPacing();
    const rolling = snapshotOf(2000, 500);
    rolling.services[5] = service('s5', {UpdateStatus: {State: 'updating'}});
    pacing.plan(input(0, rolling));
    pacing.landedWhole(0);
    pacing.note([event('node', 'n1')]);
    const read = pacing.plan(input(2000, rolling));
    expect(read).toEqual({kind: 'named', named: {services: ['s5'], nodes: ['n1']}});
    pacing.failed(read);
    expect(pacing.plan(input(2000))).toEqual({kind: 'named', named: {services: ['s5'], nodes: ['n1']}});
    // A failed whole read is read whole again.
    const whole = pacing.plan(input(9000));
    expect(whole).toEqual({kind: 'whole'});
    pacing.failed(whole);
    expect(pacing.plan(input(9100))).toEqual({kind: 'whole'});
  });
});

describe('mergeNamed', () => {
  it('replaces named objects in place, drops those not found and appends new ones, ignoring prefix matches', () => {
    const a = service('a');
    const b = service('b');
    const c = service('c');
    const b2 = service('b', {Version: {Index: 2}});
    const d = service('d');
    const ab = service('ab');
    const merged = mergeNamed([a, b, c], ['b', 'c', 'd', 'a'], [b2, d, ab, a]);
    expect(merged).toEqual([a, b2, d]);
    expect(merged[0]).toBe(a);
    expect(merged[1]).toBe(b2);
  });
});

describe('ClusterPoller on a big swarm with events up', () => {
  it('reads the whole lists every 10 s at 2,500 objects and only what events named in between', async () => {
    const {ClusterPoller} = await import('../../source/model/cluster-poller.js');
    const {applyEventLink, createClusterStore} = await import('../../source/model/cluster-store.js');
    vi.useFakeTimers();
    try {
      const calls: string[] = [];
      let version = 1;
      const services = () => Array.from({length: 2000}, (_, i) => service(`s${i}`));
      const client = {
        nodes: {
          list: async () => {
            calls.push('nodes');
            return Array.from({length: 500}, (_, i) => node(`n${i}`));
          },
          listNamed: async (ids: readonly string[]) => {
            calls.push(`nodes ${ids.join(',')}`);
            return ids.map(node);
          },
        },
        services: {
          list: async () => {
            calls.push('services');
            return services();
          },
          listNamed: async (ids: readonly string[]) => {
            calls.push(`services ${ids.join(',')}`);
            version += 1;
            return ids.filter(id => id !== 's9').map(id => service(id, {Version: {Index: version}}));
          },
        },
        tasks: {list: async () => []},
      } as never;
      const store = createClusterStore();
      applyEventLink(store, {status: 'up', received: 0});
      const poller = new ClusterPoller({client, store, intervalMs: 2000});
      poller.start();
      await vi.advanceTimersByTimeAsync(10);
      expect(calls).toEqual(['nodes', 'services']);
      poller.refreshOnChange([event('service', 's1'), event('service', 's9')]);
      await vi.advanceTimersByTimeAsync(2000);
      // The refresh reads what the events named; a live window (live-window.ts) reads those two alone meanwhile, until they settle.
      const afterEvents = calls.splice(2);
      expect(afterEvents.filter(call => call === 'services s1,s9')).toHaveLength(1);
      const live = afterEvents.filter(call => call !== 'services s1,s9');
      expect(live.length).toBeGreaterThan(0);
      expect(new Set(live)).toEqual(new Set(['services s9,s1']));
      calls.push('services s1,s9');
      const after = store.getState().snapshot!;
      expect(after.services).toHaveLength(1999);
      expect(after.services.find(item => item.ID === 's1')?.Version?.Index).toBe(version);
      expect(after.nodes).toHaveLength(500);
      // Timer refreshes with nothing named list nothing again until 9 s after the whole read.
      await vi.advanceTimersByTimeAsync(6000);
      expect(calls.slice(3)).toEqual([]);
      await vi.advanceTimersByTimeAsync(2000);
      expect(calls.slice(3)).toEqual(['nodes', 'services']);
      expect(store.getState().snapshot!.services).toHaveLength(2000);
      // The user's own refresh reads the whole lists.
      poller.refreshNow();
      await vi.advanceTimersByTimeAsync(10);
      expect(calls.slice(5)).toEqual(['nodes', 'services']);
      poller.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
