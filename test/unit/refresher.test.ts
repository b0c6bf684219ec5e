import {describe, expect, it, vi} from 'vitest';
import {Refresher, backoffDelay} from '../../source/model/refresher.js';

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
        refresh: signal =>
          new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
        onFailure,
      });
      refresher.start();
      await vi.advanceTimersByTimeAsync(3100);
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
          return new Promise(() => {});
        },
        onFailure,
      });
      refresher.start();
      await vi.advanceTimersByTimeAsync(3100);
      expect(onFailure).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1100);
      expect(calls).toBe(2);
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
