import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {EngineEvent, EventSource} from '../../source/docker/events.js';
import {type EventLinkState, EventWatcher, retryDelay} from '../../source/model/event-watcher.js';

/** An event stream the test feeds by hand. */
class FakeStream implements AsyncIterable<EngineEvent> {
  private queue: EngineEvent[] = [];
  private wake?: () => void;
  private ended?: {error?: Error};

  push(event: EngineEvent): void {
    this.queue.push(event);
    this.wake?.();
  }

  end(error?: Error): void {
    this.ended = {error};
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<EngineEvent> {
    for (;;) {
      while (this.queue.length) yield this.queue.shift()!;
      if (this.ended) {
        if (this.ended.error) throw this.ended.error;
        return;
      }
      await new Promise<void>(resolve => (this.wake = resolve));
    }
  }
}

function fakeSource() {
  const streams: FakeStream[] = [];
  const signals: AbortSignal[] = [];
  let refuse: Error | undefined;
  const source: EventSource = {
    openEvents: async signal => {
      signals.push(signal);
      if (refuse) throw refuse;
      const stream = new FakeStream();
      signal.addEventListener('abort', () => stream.end());
      streams.push(stream);
      return stream;
    },
  };
  return {source, streams, signals, refuseWith: (error: Error | undefined) => (refuse = error)};
}

const event = (type: string): EngineEvent => ({Type: type, Action: 'update', Actor: {ID: 'x'}});

describe('EventWatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('refreshes once when it connects, then once per burst of events', async () => {
    const {source, streams} = fakeSource();
    const changes: number[] = [];
    const watcher = new EventWatcher({source, onChange: events => changes.push(events.length), coalesceMs: 30});
    watcher.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(changes).toEqual([0]);
    streams[0]!.push(event('service'));
    streams[0]!.push(event('service'));
    await vi.advanceTimersByTimeAsync(10);
    streams[0]!.push(event('node'));
    await vi.advanceTimersByTimeAsync(19);
    expect(changes).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(changes).toEqual([0, 3]);
    streams[0]!.push(event('secret'));
    await vi.advanceTimersByTimeAsync(30);
    expect(changes).toEqual([0, 3, 1]);
    watcher.stop();
  });

  it('reports the stream down, reconnects with a growing delay, and catches up when back', async () => {
    const {source, streams, refuseWith} = fakeSource();
    const states: EventLinkState[] = [];
    const changes: number[] = [];
    const watcher = new EventWatcher({
      source,
      onChange: events => changes.push(events.length),
      onState: state => states.push(state),
      minRetryMs: 500,
      maxRetryMs: 4000,
    });
    watcher.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(states.map(state => state.status)).toEqual(['connecting', 'up']);

    refuseWith(Object.assign(new Error('connect ECONNREFUSED /run/docker.sock'), {code: 'ECONNREFUSED'}));
    streams[0]!.end(new Error('socket hang up'));
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)).toMatchObject({status: 'down', error: 'socket hang up'});
    // 500 ms, then 1 s: the second attempt fails too and the stream stays down meanwhile.
    await vi.advanceTimersByTimeAsync(500);
    expect(states.at(-1)).toMatchObject({status: 'down', error: expect.stringContaining('ECONNREFUSED')});
    const retryAt = states.at(-1)!.retryAt!;
    expect(retryAt - Date.now()).toBe(1000);
    // No flicker back to "connecting" between attempts: down until an attempt succeeds.
    expect(states.map(state => state.status)).toEqual(['connecting', 'up', 'down', 'down']);

    refuseWith(undefined);
    await vi.advanceTimersByTimeAsync(999);
    expect(states.at(-1)!.status).toBe('down');
    await vi.advanceTimersByTimeAsync(1);
    expect(states.at(-1)!.status).toBe('up');
    // The refresh on reconnecting shows what changed while the stream was down.
    expect(changes).toEqual([0, 0]);
    watcher.stop();
  });

  it('stops: the open stream is aborted and nothing more is reported', async () => {
    const {source, streams, signals} = fakeSource();
    const changes: number[] = [];
    const watcher = new EventWatcher({source, onChange: events => changes.push(events.length)});
    watcher.start();
    await vi.advanceTimersByTimeAsync(0);
    streams[0]!.push(event('service'));
    watcher.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(signals[0]!.aborted).toBe(true);
    expect(changes).toEqual([0]);
    expect(signals).toHaveLength(1);
  });

  it('backs off exponentially up to a ceiling', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(failures => retryDelay(failures, 500, 15_000))).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
  });
});
