import {describe, expect, it} from 'vitest';
import {markKeptByIdentity, reconcileList} from '../../source/model/reconcile.js';

const node = (reachability?: string, index = 7) => ({
  ID: 'node3',
  Version: {Index: index},
  UpdatedAt: '2026-11-21T07:00:00Z',
  Spec: {Role: 'manager'},
  ManagerStatus: reachability ? {Reachability: reachability, Addr: '10.0.0.3:2377'} : undefined,
});

describe('reconcileList and fields the manager works out at each read', () => {
  it('takes a list marked as kept by identity as it is, and reconciles an unmarked one', () => {
    const previous = [node('reachable')];
    const unmarked = [node('reachable')];
    expect(reconcileList(previous, unmarked)).toBe(previous);
    const marked = markKeptByIdentity([node('reachable')]);
    expect(reconcileList(previous, marked)).toBe(marked);
  });

  it('keeps an object whose version and manager status did not move', () => {
    const previous = [node('reachable')];
    expect(reconcileList(previous, [node('reachable')])).toBe(previous);
  });

  it('takes the new reading when only the manager status moved, the version staying the same', () => {
    const previous = [node(undefined)];
    const next = [node('reachable')];
    expect(reconcileList(previous, next)[0]).toBe(next[0]);
    const unreachable = [node('unreachable')];
    expect(reconcileList(unreachable, next)[0]!.ManagerStatus).toEqual({Reachability: 'reachable', Addr: '10.0.0.3:2377'});
  });

  it('takes the new reading when only a service’s task counts moved (a scale at the same version)', () => {
    const service = (running: number) => ({ID: 'svc1', Version: {Index: 42}, ServiceStatus: {RunningTasks: running, DesiredTasks: 4, CompletedTasks: 0}});
    const previous = [service(2)];
    expect(reconcileList(previous, [service(2)])).toBe(previous);
    const next = [service(4)];
    expect(reconcileList(previous, next)[0]).toBe(next[0]);
  });
});
