import {describe, expect, it} from 'vitest';
import type {EngineEvent} from '../../source/docker/events.js';
import {appendEvents, eventRow} from '../../source/model/event-log.js';
import {applySnapshot, createClusterStore} from '../../source/model/cluster-store.js';
import {recordEvents} from '../../source/model/event-log.js';
import {newFrame} from '../../source/shell/navigation.js';
import {listRows} from '../../source/views/panes/pane.js';
import {eventsPane} from '../../source/views/panes/events.js';
import {labSnapshot} from '../support/fixtures.js';

const update = (replicas: number): EngineEvent => ({
  Type: 'service',
  Action: 'update',
  Actor: {ID: 'svc1', Attributes: {name: 'web', 'replicas.old': String(replicas - 1), 'replicas.new': String(replicas)}},
  time: 1_700_000_000,
  timeNano: 1_700_000_000_123_000_000,
});

describe('the events ring', () => {
  it('says each event as time, type, action, name and key attributes', () => {
    expect(eventRow(update(3), 1)).toEqual({
      seq: 1,
      time: 1_700_000_000_123,
      type: 'service',
      action: 'update',
      name: 'web',
      id: 'svc1',
      attributes: 'replicas 2→3',
    });
    const died: EngineEvent = {
      Type: 'container',
      Action: 'die',
      Actor: {ID: 'c0ffee', Attributes: {name: 'crashy.1.abc', image: 'lab/busybox:1', exitCode: '137', 'com.docker.swarm.task.name': 'crashy.1.abc'}},
      time: 1,
    };
    expect(eventRow(died, 2).attributes).toBe('image lab/busybox:1 · exitCode 137');
  });

  it('keeps the newest N', () => {
    let log = appendEvents(undefined, [update(1), update(2)], 3);
    log = appendEvents(log, [update(3), update(4)]);
    expect(log.rows.map(row => row.seq)).toEqual([2, 3, 4]);
    expect(log).toMatchObject({capacity: 3, newest: 4});
  });

  it('lives in the snapshot and survives the next read; the pane lists it newest first, paused or not', () => {
    const cluster = createClusterStore();
    applySnapshot(cluster, labSnapshot(), 1);
    recordEvents(cluster, [update(2), update(3)]);
    applySnapshot(cluster, {...labSnapshot(), services: []}, 2);
    const snapshot = cluster.getState().snapshot!;
    expect(snapshot.events?.rows).toHaveLength(2);
    expect(listRows(eventsPane, snapshot, newFrame('events')).map(row => row.attributes)).toEqual(['replicas 2→3', 'replicas 1→2']);
    recordEvents(cluster, [update(4)]);
    const later = cluster.getState().snapshot!;
    expect(listRows(eventsPane, later, {...newFrame('events'), pausedAt: 2}).map(row => row.seq)).toEqual([2, 1]);
    expect(listRows(eventsPane, later, {...newFrame('events'), filter: '3→4'}).map(row => row.seq)).toEqual([3]);
  });
});
