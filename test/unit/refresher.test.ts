import {describe, expect, it, vi} from 'vitest';
import {Refresher, backoffDelay, readDeadlineMs} from '../../source/model/refresher.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return {promise, resolve, reject};
}

const flush = () => new Promise(resolve => setImmediate(resolve));

describe('Refresher', () => {
  it('keeps one request in flight, however often it is asked', async () => {
    const pending: Array<ReturnType<typeof deferred>> = [];
    const refresher = new Refresher({
      intervalMs: 1000,
      refresh: () => {
        const request = deferred();
        pending.push(request);
        return request.promise;
      },
      setTimer: () => 0,
      clearTimer: () => {},
    });
    refresher.start();
    refresher.refreshNow();
    refresher.refreshNow();
    refresher.refreshNow();
    expect(pending).toHaveLength(1);
    pending[0]!.resolve();
    await flush();
    // The asks made during the request collapse into exactly one follow-up.
    expect(pending).toHaveLength(2);
    pending[1]!.resolve();
    await flush();
    expect(pending).toHaveLength(2);
    refresher.stop();
  });

  it('backs off while requests fail and returns to the interval after a success', async () => {
    const delays: number[] = [];
    let timer: (() => void) | undefined;
    let fail = true;
    const onFailure = vi.fn();
    const refresher = new Refresher({
      intervalMs: 2000,
      maxBackoffMs: 8000,
      refresh: async () => {
        if (fail) throw new Error('connect ECONNREFUSED');
      },
      onFailure,
      setTimer: (fn, ms) => {
        delays.push(ms);
        timer = fn;
        return 1;
      },
      clearTimer: () => {},
    });
    refresher.start();
    for (let attempt = 0; attempt < 5; attempt++) {
      await flush();
      timer!();
    }
    await flush();
    fail = false;
    timer!();
    await flush();
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000, 2000]);
    expect(onFailure).toHaveBeenCalledTimes(6);
    expect(String(onFailure.mock.calls[0]![0])).toContain('ECONNREFUSED');
    refresher.stop();
  });

  it('abandons a request that hangs and reports it as a failure', async () => {
    vi.useFakeTimers();
    try {
      const onFailure = vi.fn();
      const refresher = new Refresher({
        intervalMs: 1000,
        timeoutMs: 3000,
        // The first read lands (the connection is open); the next hangs.
        refresh: signal =>
          ++calls === 1 ? Promise.resolve() : new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
        onFailure,
      });
      let calls = 0;
      refresher.start();
      await vi.advanceTimersByTimeAsync(1000 + 2900);
      expect(onFailure).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(200);
      expect(onFailure).toHaveBeenCalledTimes(1);
      expect(String(onFailure.mock.calls[0]![0])).toContain('no answer within 3s');
      refresher.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('goes on when a request ignores its abort signal and never settles', async () => {
    vi.useFakeTimers();
    try {
      const onFailure = vi.fn();
      let calls = 0;
      const refresher = new Refresher({
        intervalMs: 1000,
        timeoutMs: 3000,
        refresh: () => {
          calls += 1;
          return calls === 1 ? Promise.resolve() : new Promise(() => {});
        },
        onFailure,
      });
      refresher.start();
      await vi.advanceTimersByTimeAsync(1000 + 3100);
      expect(onFailure).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1100);
      expect(calls).toBe(3);
      refresher.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('computes a capped exponential backoff', () => {
    expect(backoffDelay(2000, 1, 8000)).toBe(1000);
    expect(backoffDelay(2000, 3, 8000)).toBe(4000);
    expect(backoffDelay(500, 10, 8000)).toBe(8000);
  });
});

describe('readDeadlineMs', () => {
  it('gives the first read on an engine three times the deadline, each retry twice the last up to four times, and a settled link the deadline itself', () => {
    expect(readDeadlineMs(5000, true, 0)).toBe(15_000);
    expect(readDeadlineMs(5000, false, 0)).toBe(5000);
    expect(readDeadlineMs(5000, false, 1)).toBe(10_000);
    expect(readDeadlineMs(5000, false, 2)).toBe(20_000);
    expect(readDeadlineMs(5000, false, 7)).toBe(20_000);
    expect(readDeadlineMs(5000, true, 2)).toBe(20_000);
  });

  it('lets the first read, which opens its connections, land slowly; holds later ones and the first after a move to the deadline', async () => {
    vi.useFakeTimers();
    try {
      const onFailure = vi.fn();
      let calls = 0;
      const refresher = new Refresher({
        intervalMs: 1000,
        timeoutMs: 3000,
        // Every read takes 8 s: within the first read's 9 s, past a later one's 3 s.
        refresh: () => {
          calls += 1;
          return new Promise(resolve => setTimeout(resolve, 8000));
        },
        onFailure,
      });
      refresher.start();
      await vi.advanceTimersByTimeAsync(8100);
      expect(onFailure).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1000 + 3100);
      expect(onFailure).toHaveBeenCalledTimes(1);
      expect(String(onFailure.mock.calls[0]![0])).toContain('no answer within 3s');
      // After a move to another manager the next read has the plain deadline (the new manager may be electing).
      refresher.restartNow();
      const before = onFailure.mock.calls.length;
      await vi.advanceTimersByTimeAsync(3100);
      expect(onFailure.mock.calls.length).toBe(before + 1);
      expect(calls).toBeGreaterThanOrEqual(3);
      refresher.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
