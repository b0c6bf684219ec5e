import os from 'node:os';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemoEngine, type DemoEngine} from '../../../source/demo/index.js';
import {connect, type EngineConnection} from '../../../source/docker/connect.js';
import {resolveEndpoint} from '../../../source/docker/endpoint.js';
import {LogResource, type LogChunk} from '../../../source/docker/logs.js';
import {LogFollower} from '../../../source/model/log-stream.js';

async function collect(iterable: AsyncIterable<LogChunk>): Promise<LogChunk[]> {
  const chunks: LogChunk[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

describe('logs from the demo engine through dockerode', () => {
  let engine: DemoEngine;
  let connection: EngineConnection;
  beforeAll(async () => {
    engine = await startDemoEngine({size: 'small', realtime: false, autopilot: false, seed: 3});
    engine.swarm.tick(30_000);
    connection = await connect(resolveEndpoint({host: engine.url, env: {}, homeDir: os.tmpdir()}));
  });
  afterAll(async () => engine?.close());

  it('reads multiplexed service logs, with both streams, timestamps and task attribution', async () => {
    const service = engine.swarm.service('shop_web');
    const logs = new LogResource(connection.docker);
    const chunks = await collect(await logs.openLogs({kind: 'service', id: service.api.ID}, {follow: false, tail: 20, timestamps: true, tty: false}));
    expect(chunks.some(chunk => chunk.stream === 'stdout')).toBe(true);

    const follower = new LogFollower({
      source: logs,
      target: {kind: 'service', id: engine.swarm.service('shop_web').api.ID},
      tty: false,
      follow: false,
      tail: 20,
    });
    await follower.start();
    expect(follower.status.state).toBe('ended');
    const lines = follower.buffer.toArray();
    const running = [...service.tasks].filter(task => task.runningSince !== undefined);
    expect(lines.length).toBe(20 * running.length);
    const taskIds = new Set([...service.tasks].map(task => task.api.ID));
    for (const line of lines) {
      expect(taskIds.has(line.taskId!)).toBe(true);
      expect(line.serviceId).toBe(service.api.ID);
      expect(line.nodeId).toBe(engine.swarm.task(line.taskId!).api.NodeID);
      expect(line.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      expect(line.text).not.toMatch(/com\.docker\.swarm|\n/);
    }
    // nginx: access log on stdout, notices on stderr.
    expect(lines.some(line => line.stream === 'stdout' && line.text.includes('HTTP/1.1"'))).toBe(true);
    expect(lines.some(line => line.stream === 'stderr')).toBe(true);
    const times = lines.map(line => line.timeMs! * 1e6 + line.timeNs!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('reads a TTY service raw, without CRs', async () => {
    const follower = new LogFollower({
      source: new LogResource(connection.docker),
      target: {kind: 'service', id: engine.swarm.service('ops_debug-console').api.ID},
      tty: true,
      follow: false,
      tail: 3,
    });
    await follower.start();
    const lines = follower.buffer.toArray();
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line.text).toMatch(/uptime/);
      expect(line.text).not.toContain('\r');
      expect(line.taskId).toBeDefined();
    }
  });

  it('follows new lines as the clock moves, and reports an unknown service as removed', async () => {
    const follower = new LogFollower({
      source: new LogResource(connection.docker),
      target: {kind: 'service', id: engine.swarm.service('shop_web').api.ID},
      tty: false,
      tail: 0,
    });
    const done = follower.start();
    await waitFor(() => follower.status.state === 'streaming');
    expect(follower.buffer.size).toBe(0);
    engine.swarm.tick(10_000);
    await waitFor(() => follower.buffer.size >= 12);
    follower.stop();
    await done;
    expect(follower.status.state).toBe('ended');

    // Logs are asked for by ID, as the console does: one of the right shape that names nothing.
    const nope = 'nope'.padEnd(25, '0');
    const gone = new LogFollower({source: new LogResource(connection.docker), target: {kind: 'service', id: nope}, tty: false});
    await gone.start();
    expect(gone.status).toMatchObject({state: 'error', removed: true, error: `service removed: service ${nope} not found`});
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise<void>(resolve => setImmediate(resolve));
  expect(condition()).toBe(true);
}
