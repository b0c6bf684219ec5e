import {describe, expect, it} from 'vitest';
import type {SwarmNode, SwarmService, SwarmSnapshot} from '../../source/docker/types.js';
import {type ReadState, planRead} from '../../source/model/read-plan.js';

const service = (id: string, extra: Partial<SwarmService> = {}): SwarmService =>
  ({
    ID: id,
    Version: {Index: 1},
    Spec: {Name: id, TaskTemplate: {}, Mode: {Replicated: {Replicas: 1}}},
    ServiceStatus: {RunningTasks: 1, DesiredTasks: 1},
    ...extra,
  }) as SwarmService;
const node = (id: string): SwarmNode => ({ID: id, Version: {Index: 1}, Spec: {}, Status: {State: 'ready'}}) as unknown as SwarmNode;
const snapshot = (services: number, extra: Partial<SwarmSnapshot> = {}): SwarmSnapshot => ({
  services: Array.from({length: services}, (_, i) => service(`s${i}`)),
  nodes: [node('n1')],
  tasks: [],
  ...extra,
});

/** A console 10 s after a refresh that ended at 9 s, events up, nothing pending. */
function state(extra: Partial<ReadState> = {}): ReadState {
  return {
    now: 10_000,
    intervalMs: 2000,
    paceMs: 2000,
    previous: snapshot(3, {taskScope: {kind: 'all'}}),
    lists: {services: new Set(), nodes: new Set(), wholeWanted: false, lastWholeAt: 9500},
    eventsUp: true,
    byName: true,
    held: 'complete',
    refreshWanted: false,
    forceTasks: false,
    forcePublish: false,
    lastReadEnd: 9000,
    lastTaskRead: {at: 9000, ms: 10},
    live: [],
    ...extra,
  };
}

describe('planRead', () => {
  it('reads the moving services alone between refreshes, and refreshes when one is due or asked for', () => {
    expect(planRead(state({now: 9500, live: ['web']}), undefined)).toEqual({kind: 'live', services: ['web']});
    // Within half a live read of the refresh: the refresh, which reads the moving service too.
    expect(planRead(state({now: 10_950, live: ['web']}), undefined).kind).toBe('refresh');
    expect(planRead(state({now: 9500, live: ['web'], refreshWanted: true}), undefined).kind).toBe('refresh');
    // Nothing read yet: nothing to put a live read in.
    expect(planRead(state({now: 9500, live: ['web'], previous: undefined}), undefined).kind).toBe('refresh');
  });

  it('with every task in memory, reads what moved, and the pane’s own service when its tasks are due', () => {
    const pane = {kind: 'service', serviceId: 's1'} as const;
    expect(planRead(state(), pane)).toEqual({
      kind: 'refresh',
      lists: {kind: 'named', named: {services: [], nodes: []}},
      tasks: {kind: 'incremental', shown: pane, pane},
      publish: 'when-due',
    });
    // Read 1 s ago, and a read of them took a second: not due again yet, unless asked.
    const recent = {lastTaskRead: {at: 9000, ms: 1000}};
    expect(planRead(state(recent), pane)).toMatchObject({tasks: {kind: 'incremental', shown: pane}});
    expect(planRead(state(recent), pane)).not.toHaveProperty('tasks.pane');
    expect(planRead(state({...recent, forceTasks: true, forcePublish: true}), pane)).toMatchObject({tasks: {pane}, publish: 'now'});
    // The services pane shows no one part.
    expect(planRead(state(), {kind: 'running'})).toMatchObject({tasks: {kind: 'incremental'}});
  });

  it('reads the lists whole when asked, when events are down, or when named too many, else what events named', () => {
    const named = {services: new Set(['s2']), nodes: new Set(['n1']), wholeWanted: false, lastWholeAt: 9500};
    expect(planRead(state({lists: named}), undefined)).toMatchObject({lists: {kind: 'named', named: {services: ['s2'], nodes: ['n1']}}});
    expect(planRead(state({lists: {...named, wholeWanted: true}}), undefined)).toMatchObject({lists: {kind: 'whole'}});
    expect(planRead(state({lists: named, eventsUp: false}), undefined)).toMatchObject({lists: {kind: 'whole'}});
    expect(planRead(state({lists: named, byName: false}), undefined)).toMatchObject({lists: {kind: 'whole'}});
    // A small swarm's whole lists are due every refresh.
    expect(planRead(state({lists: {...named, lastWholeAt: 8000}}), undefined)).toMatchObject({lists: {kind: 'whole'}});
  });

  it('before every task is in memory, reads the pane’s scope, keeps tasks not due, and has a pane of most tasks wait', () => {
    const pane = {kind: 'service', serviceId: 's1'} as const;
    const previous = snapshot(3, {taskScope: pane});
    expect(planRead(state({held: 'none', previous}), pane)).toMatchObject({tasks: {kind: 'scope', scope: pane}});
    expect(planRead(state({held: 'none', previous, lastTaskRead: {at: 9000, ms: 1000}}), pane)).toMatchObject({tasks: {kind: 'keep'}});
    // Another pane than the tasks held: read it.
    expect(planRead(state({held: 'none', previous, lastTaskRead: {at: 9000, ms: 1000}}), {kind: 'node', nodeId: 'n1'})).toMatchObject({
      tasks: {kind: 'scope', scope: {kind: 'node', nodeId: 'n1'}},
    });
    // The full read into memory is under way: the all-tasks pane waits for it rather than reading them twice.
    expect(planRead(state({held: 'filling', previous}), {kind: 'all'})).toMatchObject({tasks: {kind: 'scope', scope: {kind: 'none'}}});
    expect(planRead(state({held: 'none', previous}), undefined)).toMatchObject({tasks: {kind: 'scope', scope: {kind: 'all'}}});
  });
});
