import {describe, expect, it} from 'vitest';
import {LogBuffer} from '../../../source/model/log-buffer.js';
import {LogFollower, describeFollowStatus} from '../../../source/model/log-stream.js';
import {FakeLoggable, FakeTimers, T0, details, engineError, settle, stamp, texts, wire} from '../../support/log-fakes.js';

// --- tests ---------------------------------------------------------------------

describe('LogFollower', () => {
  it('parses lines into the buffer and asks the engine for timestamps, details and a tail', async () => {
    const timers = new FakeTimers();
    const source = new FakeLoggable(['pipe']);
    const follower = new LogFollower({source, target: {kind: 'service', id: 'svc1'}, tty: false, timers, tail: 50});
    expect(follower.status.state).toBe('connecting');
    void follower.start();
    await settle();
    expect(follower.status.state).toBe('streaming');
    expect(source.calls[0]!.options).toEqual({follow: true, timestamps: true, tty: false, details: true, tail: 50});
    const pipe = source.pipe(0);
    // One line split over two chunks, a stderr line, a TTY-style CRLF line.
    const text = wire(0, 'task1', 'hello wörld');
    pipe.write(text.slice(0, 40));
    pipe.write(text.slice(40));
    pipe.write(wire(5, 'task2', 'oops'), 'stderr');
    pipe.write(`${stamp(9)} ${details('task1')} crlf\r\n`);
    await settle();
    const lines = follower.buffer.toArray();
    expect(lines.map(line => [line.seq, line.stream, line.taskId, line.nodeId, line.text])).toEqual([
      [0, 'stdout', 'task1', 'node1', 'hello wörld'],
      [1, 'stderr', 'task2', 'node1', 'oops'],
      [2, 'stdout', 'task1', 'node1', 'crlf'],
    ]);
    expect(lines[1]!.timestamp).toBe(stamp(5));
    expect(lines[1]!.timeMs).toBe(T0 + 5);
    follower.stop();
    expect(follower.status.state).toBe('ended');
  });

  it('reconnects from the last timestamp and drops the lines it already has', async () => {
    const timers = new FakeTimers();
    const source = new FakeLoggable([
      'pipe',
      'pipe',
      {error: engineError(500, 'rpc error: code = Unavailable')},
      'pipe',
      {error: engineError(404, 'service svc1 not found')},
    ]);
    const follower = new LogFollower({source, target: {kind: 'service', id: 'svc1'}, tty: false, timers, overlapMs: 1000});
    const done = follower.start();
    await settle();

    const first = source.pipe(0);
    first.write(wire(0, 'a', 'one'));
    first.write(wire(2000, 'a', 'two'));
    first.write(wire(2500, 'b', 'three'));
    first.end();
    await settle();
    expect(follower.status).toMatchObject({state: 'reconnecting', retryAt: timers.time + 1000});
    expect(source.calls).toHaveLength(1);

    await timers.advance(1000);
    expect(source.calls).toHaveLength(2);
    // Since the newest line, less the overlap; no tail on a reconnect.
    expect(source.calls[1]!.options.since).toBe((T0 + 1500) / 1000);
    expect(source.calls[1]!.options.tail).toBeUndefined();
    expect(follower.status.state).toBe('streaming');

    const second = source.pipe(1);
    second.write(wire(2000, 'a', 'two')); // already shown
    second.write(wire(2500, 'b', 'three')); // already shown
    second.write(wire(2500, 'a', 'three')); // same time and text, other task: new
    second.write(wire(3000, 'a', 'four'));
    second.write(wire(3000, 'a', 'four')); // a genuine repeat within one connection: kept
    await settle();
    expect(texts(follower.buffer)).toEqual(['a:one', 'a:two', 'b:three', 'a:three', 'a:four', 'a:four']);
    expect(follower.duplicatesDropped).toBe(2);

    // The socket breaks: retried; the first retry fails with a 500, the next works.
    second.fail(Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'}));
    await settle();
    expect(follower.status).toMatchObject({state: 'reconnecting', error: 'ECONNRESET: socket hang up'});
    await timers.advance(1000); // fresh lines reset the backoff to 1 s
    expect(source.calls).toHaveLength(3);
    expect(follower.status).toMatchObject({state: 'reconnecting', error: 'rpc error: code = Unavailable', retryAt: timers.time + 2000});
    await timers.advance(2000);
    expect(source.calls).toHaveLength(4);
    expect(source.calls[3]!.options.since).toBe((T0 + 2000) / 1000);
    expect(follower.status.state).toBe('streaming');
    expect(follower.status.error).toBeUndefined();
    const fourth = source.pipe(3);
    fourth.write(wire(3000, 'a', 'four'));
    fourth.write(wire(4000, 'a', 'five'));
    await settle();
    expect(texts(follower.buffer)).toEqual(['a:one', 'a:two', 'b:three', 'a:three', 'a:four', 'a:four', 'a:five']);

    // The service is removed: the stream ends, the engine answers 404, no more retries.
    fourth.end();
    await settle();
    await timers.advance(1000);
    await done;
    expect(follower.status).toMatchObject({state: 'error', removed: true, error: 'service removed: service svc1 not found'});
    expect(describeFollowStatus(follower.status, timers.time)).toBe('service removed: service svc1 not found');
    await timers.advance(60_000);
    expect(source.calls).toHaveLength(5);
  });

  it('reports a 404 on the first request as removed', async () => {
    const timers = new FakeTimers();
    const source = new FakeLoggable([{error: engineError(404, 'task t1 not found')}]);
    const follower = new LogFollower({source, target: {kind: 'task', id: 't1'}, tty: false, timers});
    await follower.start();
    expect(follower.status).toMatchObject({state: 'error', removed: true, error: 'task removed: task t1 not found'});
    expect(timers.count).toBe(0);
  });

  it('treats a 400 as final but not as removed', async () => {
    const follower = new LogFollower({
      source: new FakeLoggable([{error: engineError(400, 'bad since')}]),
      target: {kind: 'service', id: 's'},
      tty: false,
      timers: new FakeTimers(),
    });
    await follower.start();
    expect(follower.status).toMatchObject({state: 'error', removed: false, error: 'bad since'});
  });

  it('backs off exponentially up to the cap while the engine is unreachable, and stops cleanly', async () => {
    const timers = new FakeTimers();
    const refused = {error: Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), {code: 'ECONNREFUSED'})};
    const source = new FakeLoggable([refused, refused, refused, refused, refused, refused]);
    const follower = new LogFollower({source, target: {kind: 'service', id: 's'}, tty: false, timers, initialBackoffMs: 1000, maxBackoffMs: 5000});
    const done = follower.start();
    await settle();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect(follower.status.state).toBe('reconnecting');
      const delay = follower.status.retryAt! - timers.time;
      delays.push(delay);
      await timers.advance(delay);
    }
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(describeFollowStatus(follower.status, timers.time)).toMatch(/^reconnecting in 5s \(connect ECONNREFUSED/);
    follower.stop();
    await done;
    expect(follower.status.state).toBe('ended');
    expect(timers.count).toBe(0);
  });

  it('reopens a followed stream that stalls', async () => {
    const timers = new FakeTimers();
    const source = new FakeLoggable(['pipe', 'pipe']);
    const follower = new LogFollower({source, target: {kind: 'service', id: 's'}, tty: false, timers, stallTimeoutMs: 10_000});
    void follower.start();
    await settle();
    source.pipe(0).write(wire(0, 'a', 'one'));
    await settle();
    await timers.advance(9_000);
    source.pipe(0).write(wire(1, 'a', 'two')); // data re-arms the timer
    await settle();
    await timers.advance(9_000);
    expect(follower.status.state).toBe('streaming');
    await timers.advance(1_000);
    expect(follower.status).toMatchObject({state: 'reconnecting', error: 'no log data for 10 s; reconnecting'});
    expect(source.pipe(0).signal!.aborted).toBe(true);
    await timers.advance(1_000);
    expect(source.calls).toHaveLength(2);
    expect(follower.status.state).toBe('streaming');
    follower.stop();
  });

  it('without follow, ends when the body ends, keeping an unterminated last line', async () => {
    const timers = new FakeTimers();
    const source = new FakeLoggable(['pipe']);
    const follower = new LogFollower({source, target: {kind: 'task', id: 't'}, tty: true, follow: false, timers, tail: undefined});
    const done = follower.start();
    await settle();
    expect(source.calls[0]!.options).toEqual({follow: false, timestamps: true, tty: true, details: true});
    source.pipe(0).write(`${stamp(0)} ${details('t')} prompt$ `);
    source.pipe(0).end();
    await done;
    expect(follower.status.state).toBe('ended');
    expect(texts(follower.buffer)).toEqual(['t:prompt$ ']);
  });

  it('tells subscribers about lines and state changes', async () => {
    const timers = new FakeTimers();
    const source = new FakeLoggable(['pipe']);
    const follower = new LogFollower({source, target: {kind: 'service', id: 's'}, tty: false, timers, buffer: new LogBuffer({capacity: 2})});
    const seen: string[] = [];
    const unsubscribe = follower.subscribe(() => seen.push(`${follower.status.state}:${follower.buffer.size}`));
    void follower.start();
    await settle();
    source.pipe(0).write(wire(0, 'a', '1') + wire(1, 'a', '2') + wire(2, 'a', '3'));
    await settle();
    expect(seen).toEqual(['connecting:0', 'streaming:0', 'streaming:2']);
    expect(follower.buffer.firstSeq).toBe(1);
    const version = follower.version;
    unsubscribe();
    follower.stop();
    expect(follower.version).toBeGreaterThan(version);
    expect(seen).toHaveLength(3);
  });
});
