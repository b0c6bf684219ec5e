import {describe, expect, it} from 'vitest';
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
