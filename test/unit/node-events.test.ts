import {afterEach, describe, expect, it, vi} from 'vitest';
import type {EngineEvent} from '../../source/docker/events.js';
import type {NodeEngineReads} from '../../source/docker/node-engine.js';
import type {SwarmNode} from '../../source/docker/types.js';
import {NodeEventFollower} from '../../source/model/node-events.js';

const node = (id: string, state = 'ready'): SwarmNode => ({ID: id, Version: {Index: 1}, Spec: {}, Status: {State: state}}) as unknown as SwarmNode;
const containerEvent = (serviceId: string, Action = 'start'): EngineEvent => ({
  Type: 'container',
  Action,
  Actor: {ID: 'c', Attributes: {'com.docker.swarm.service.id': serviceId}},
});

/** A stream of events the test pushes, ending (or breaking) when told, or when its signal aborts. */
function stream(signal: AbortSignal) {
  const queue: EngineEvent[] = [];
  let wake: (() => void) | undefined;
  let ended: Error | 'end' | undefined;
  signal.addEventListener('abort', () => {
    ended = 'end';
    wake?.();
  });
  const iterable: AsyncIterable<EngineEvent> = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (queue.length > 0) yield queue.shift()!;
        if (ended === 'end') return;
        if (ended) throw ended;
        await new Promise<void>(resolve => (wake = resolve));
      }
    },
  };
  return {
    iterable,
    signal,
    push(event: EngineEvent) {
      queue.push(event);
      wake?.();
    },
    fail(error: Error) {
      ended = error;
      wake?.();
    },
  };
}

function fakePool(unreachable = new Set<string>()) {
  const streams = new Map<string, ReturnType<typeof stream>[]>();
  const failed: string[] = [];
  const pool = {
    engine: async (target: SwarmNode) => {
      if (unreachable.has(target.ID)) return {reason: 'connection refused'};
      const engine = {
        taskContainerEvents: async (signal: AbortSignal) => {
          const opened = stream(signal);
          streams.set(target.ID, [...(streams.get(target.ID) ?? []), opened]);
          return opened.iterable;
        },
      } as unknown as NodeEngineReads;
      return {engine, reach: {status: 'reached', endpoint: 'x', ncpu: 1, memTotal: 1}, via: {url: 'x', source: 'test'}} as never;
    },
    markFailed: (nodeId: string) => void failed.push(nodeId),
  };
  return {pool, streams, failed, unreachable};
}

describe('following the nodes’ container events', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens one stream per ready node but the manager’s, hands on their events, and closes a node’s stream when it goes down', async () => {
    vi.useFakeTimers();
    const {pool, streams} = fakePool();
    const received: EngineEvent[] = [];
    const follower = new NodeEventFollower({pool, onEvents: events => received.push(...events), followedElsewhere: () => 'manager'});
    follower.sync([node('manager'), node('w1'), node('w2'), node('w3', 'down')]);
    await vi.advanceTimersByTimeAsync(10);
    expect(follower.followed.sort()).toEqual(['w1', 'w2']);
    expect([...streams.keys()].sort()).toEqual(['w1', 'w2']);
    streams.get('w2')![0]!.push(containerEvent('web'));
    await vi.advanceTimersByTimeAsync(100);
    expect(received.map(event => event.Actor?.Attributes?.['com.docker.swarm.service.id'])).toEqual(['web']);
    follower.sync([node('manager'), node('w1'), node('w2', 'down')]);
    expect(streams.get('w2')![0]!.signal.aborted).toBe(true);
    expect(follower.followed).toEqual(['w1']);
    follower.stop();
    expect(streams.get('w1')![0]!.signal.aborted).toBe(true);
  });

  it('survives a node’s engine that is lost or never reached: it is tried again, with a growing delay', async () => {
    vi.useFakeTimers();
    const {pool, streams, failed, unreachable} = fakePool(new Set(['w2']));
    const received: EngineEvent[] = [];
    const follower = new NodeEventFollower({pool, onEvents: events => received.push(...events)});
    follower.sync([node('w1'), node('w2')]);
    await vi.advanceTimersByTimeAsync(10);
    expect([...streams.keys()]).toEqual(['w1']);
    // w1's engine goes away mid-stream.
    streams.get('w1')![0]!.fail(new Error('socket hang up'));
    await vi.advanceTimersByTimeAsync(10);
    expect(streams.get('w1')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(streams.get('w1')).toHaveLength(2);
    streams.get('w1')![1]!.push(containerEvent('api', 'die'));
    // w2 comes back.
    unreachable.delete('w2');
    await vi.advanceTimersByTimeAsync(5000);
    expect(streams.get('w2')).toHaveLength(1);
    streams.get('w2')![0]!.push(containerEvent('db'));
    await vi.advanceTimersByTimeAsync(100);
    expect(received.map(event => event.Action)).toEqual(['die', 'start']);
    expect(failed).toEqual([]);
    follower.stop();
  });

  it('gives up a subscription the engine does not accept in time, marks the node failed, and tries again', async () => {
    vi.useFakeTimers();
    const failed: string[] = [];
    let attempts = 0;
    const pool = {
      engine: async () =>
        ({
          engine: {
            taskContainerEvents: (signal: AbortSignal) => {
              attempts += 1;
              return new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
            },
          },
        }) as never,
      markFailed: (nodeId: string) => void failed.push(nodeId),
    };
    const follower = new NodeEventFollower({pool, onEvents: () => {}, connectTimeoutMs: 500});
    follower.sync([node('w1')]);
    await vi.advanceTimersByTimeAsync(600);
    expect(failed).toEqual(['w1']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(attempts).toBe(2);
    follower.stop();
  });

  it('holds at most maxNodes streams', async () => {
    vi.useFakeTimers();
    const {pool, streams} = fakePool();
    const follower = new NodeEventFollower({pool, onEvents: () => {}, maxNodes: 2});
    follower.sync([node('a'), node('b'), node('c')]);
    await vi.advanceTimersByTimeAsync(10);
    expect(streams.size).toBe(2);
    follower.stop();
  });
});
