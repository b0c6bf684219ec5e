import {describe, expect, it, vi} from 'vitest';
import {Refresher} from '../../source/model/refresher.js';

const flush = () => new Promise(resolve => setImmediate(resolve));

/** A refresher on hand-driven timers: records each delay it schedules. */
function recordingRefresher(intervalMs: number, onRefresh: (refresher: Refresher) => void = () => {}) {
  const scheduled: Array<{ms: number; fn: () => void; cleared: boolean}> = [];
  let refreshes = 0;
  const refresher: Refresher = new Refresher({
    intervalMs,
    refresh: async () => {
      refreshes += 1;
      onRefresh(refresher);
    },
    setTimer: (fn, ms) => {
      const timer = {ms, fn, cleared: false};
      scheduled.push(timer);
      return timer;
    },
    clearTimer: handle => {
      if (handle) (handle as {cleared: boolean}).cleared = true;
    },
  });
  return {refresher, scheduled, refreshes: () => refreshes};
}

describe('Refresher pace', () => {
  it('uses a new interval set during a refresh for the very next wait, and gives it back', async () => {
    let fast = true;
    const {refresher, scheduled} = recordingRefresher(2000, r => r.setInterval(fast ? 250 : 2000));
    refresher.start();
    await flush();
    expect(scheduled.at(-1)!.ms).toBe(250);
    fast = false;
    scheduled.at(-1)!.fn();
    await flush();
    expect(scheduled.at(-1)!.ms).toBe(2000);
    refresher.stop();
  });

  it('cuts a long wait already scheduled short when the interval shrinks', async () => {
    const {refresher, scheduled} = recordingRefresher(2000);
    refresher.start();
    await flush();
    const long = scheduled.at(-1)!;
    expect(long.ms).toBe(2000);
    refresher.setInterval(250);
    expect(long.cleared).toBe(true);
    expect(scheduled.at(-1)!.ms).toBe(250);
    expect(refresher.currentIntervalMs).toBe(250);
    // Growing it again waits for the next refresh to take effect: nothing is rescheduled.
    const count = scheduled.length;
    refresher.setInterval(2000);
    expect(scheduled.length).toBe(count);
    refresher.stop();
  });
});

describe('ClusterPoller pace during a rollout', () => {
  it('reads every 250 ms while a service updates, no faster than a read takes, and slows down once it settles', async () => {
    const {ClusterPoller} = await import('../../source/model/cluster-poller.js');
    const {createClusterStore} = await import('../../source/model/cluster-store.js');
    vi.useFakeTimers();
    try {
      let state: 'updating' | 'completed' = 'updating';
      let readMs = 0;
      const reads: number[] = [];
      const service = () => ({
        ID: 's',
        Version: {Index: 1},
        Spec: {Name: 'web', TaskTemplate: {}, Mode: {Replicated: {Replicas: 1}}},
        UpdateStatus: {State: state},
      });
      const client = {
        nodes: {list: async () => []},
        services: {list: async () => [service()]},
        tasks: {
          list: async () => {
            reads.push(Date.now());
            if (readMs) await new Promise(resolve => setTimeout(resolve, readMs));
            return [];
          },
        },
      } as never;
      const model = new ClusterPoller({client, store: createClusterStore(), intervalMs: 2000});
      model.start();
      await vi.advanceTimersByTimeAsync(1000);
      const gaps = (list: number[]) => list.slice(1).map((at, i) => at - list[i]!);
      expect(gaps(reads).length).toBeGreaterThanOrEqual(3);
      expect(new Set(gaps(reads))).toEqual(new Set([250]));
      // A slow read (a big swarm): the pace follows it rather than reading back to back.
      readMs = 400;
      reads.length = 0;
      await vi.advanceTimersByTimeAsync(5000);
      expect(new Set(gaps(reads).slice(1))).toEqual(new Set([1200]));
      readMs = 0;
      state = 'completed';
      await vi.advanceTimersByTimeAsync(1000);
      reads.length = 0;
      await vi.advanceTimersByTimeAsync(6000);
      expect(gaps(reads).length).toBeGreaterThanOrEqual(2);
      expect(new Set(gaps(reads))).toEqual(new Set([2000]));
      model.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('ClusterPoller refresh on change', () => {
  it('refreshes at once on a quick swarm, and no sooner than twice the last read on a slow one', async () => {
    const {ClusterPoller} = await import('../../source/model/cluster-poller.js');
    const {createClusterStore} = await import('../../source/model/cluster-store.js');
    vi.useFakeTimers();
    try {
      let readMs = 5;
      const reads: number[] = [];
      const client = {
        nodes: {list: async () => []},
        services: {list: async () => []},
        tasks: {
          list: async () => {
            reads.push(Date.now());
            await new Promise(resolve => setTimeout(resolve, readMs));
            return [];
          },
        },
      } as never;
      const model = new ClusterPoller({client, store: createClusterStore(), intervalMs: 30_000});
      model.start();
      await vi.advanceTimersByTimeAsync(100);
      model.refreshOnChange();
      await vi.advanceTimersByTimeAsync(0);
      expect(reads.map(at => at - reads[0]!)).toEqual([0, 100]);

      readMs = 1000;
      reads.length = 0;
      model.refreshOnChange();
      await vi.advanceTimersByTimeAsync(1000);
      // That read took 1 s: events in the next 2 s gather into one refresh at its end.
      model.refreshOnChange();
      await vi.advanceTimersByTimeAsync(500);
      model.refreshOnChange();
      await vi.advanceTimersByTimeAsync(1499);
      expect(reads).toHaveLength(1);
      // Then one read, 2 s after the slow one ended, and no more (the poll is 30 s).
      await vi.advanceTimersByTimeAsync(3000);
      expect(reads).toHaveLength(2);
      expect(reads[1]! - reads[0]!).toBe(3000);
      model.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('ClusterPoller pace with a scoped pane', () => {
  it('re-reads the pane’s tasks at the rollout pace, not only the services', async () => {
    const {ClusterPoller} = await import('../../source/model/cluster-poller.js');
    const {createClusterStore} = await import('../../source/model/cluster-store.js');
    vi.useFakeTimers();
    try {
      let taskReads = 0;
      // With its own task counts, the service pane's tasks are read by scope, and kept between reads unless due.
      const service = {
        ID: 's',
        Version: {Index: 1},
        Spec: {Name: 'web', TaskTemplate: {}, Mode: {Replicated: {Replicas: 1}}},
        UpdateStatus: {State: 'updating'},
        ServiceStatus: {RunningTasks: 1, DesiredTasks: 1},
      };
      const client = {
        nodes: {list: async () => []},
        services: {list: async () => [service]},
        tasks: {
          list: async (_signal: unknown, scope?: {kind: string}) => {
            if (scope?.kind !== 'none') taskReads += 1;
            return [];
          },
        },
      } as never;
      const model = new ClusterPoller({
        client,
        store: createClusterStore(),
        intervalMs: 2000,
        taskScope: () => ({kind: 'service', serviceId: 's'}),
      } as never);
      model.start();
      await vi.advanceTimersByTimeAsync(100);
      const before = taskReads;
      await vi.advanceTimersByTimeAsync(1000);
      expect(taskReads - before).toBeGreaterThanOrEqual(3);
      model.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('ClusterPoller early reads on a big swarm', () => {
  it('spaces reads on events by what the last read listed: 2,500 nodes and services wait out the refresh interval', async () => {
    const {ClusterPoller, earlyReadGapMs} = await import('../../source/model/cluster-poller.js');
    const {createClusterStore} = await import('../../source/model/cluster-store.js');
    expect(earlyReadGapMs(5, 10)).toBe(10);
    expect(earlyReadGapMs(5, 2500)).toBe(2000);
    vi.useFakeTimers();
    try {
      const reads: number[] = [];
      let listed = 2500;
      const many = () =>
        Array.from({length: listed / 2}, (_, i) => ({
          ID: `x${i}`,
          Version: {Index: 1},
          Spec: {Name: `s${i}`, TaskTemplate: {}, Mode: {Replicated: {Replicas: 1}}},
        }));
      const client = {
        nodes: {list: async () => many().map(({ID, Version}) => ({ID, Version, Spec: {}, Status: {State: 'ready'}}))},
        services: {list: async () => many()},
        tasks: {
          list: async () => {
            reads.push(Date.now());
            return [];
          },
        },
      } as never;
      const model = new ClusterPoller({client, store: createClusterStore(), intervalMs: 10_000});
      model.start();
      // The first read listed 2,500: events 100 ms and 1 s after it gather into one read 2 s after it.
      await vi.advanceTimersByTimeAsync(100);
      model.refreshOnChange();
      await vi.advanceTimersByTimeAsync(900);
      model.refreshOnChange();
      await vi.advanceTimersByTimeAsync(999);
      expect(reads).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(reads.map(at => at - reads[0]!)).toEqual([0, 2000]);
      // A small swarm: the next event is read at once.
      listed = 10;
      await vi.advanceTimersByTimeAsync(2000);
      model.refreshOnChange();
      await vi.advanceTimersByTimeAsync(100);
      model.refreshOnChange();
      await vi.advanceTimersByTimeAsync(0);
      expect(reads.slice(2).map(at => at - reads[2]!)).toEqual([0, 100]);
      model.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
