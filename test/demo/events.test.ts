import {afterEach, describe, expect, it} from 'vitest';
import {startDemoEngine, type DemoEngine} from '../../source/demo/engine.js';
import type {EngineEvent} from '../../source/demo/engine-types.js';
import {openStream, settle, testSwarm} from './support.js';

function eventsOf(swarm: ReturnType<typeof testSwarm>, since = 0): EngineEvent[] {
  return swarm.events
    .recent()
    .filter(logged => logged.atMs >= since)
    .map(logged => logged.event);
}

function lines(data: Buffer): Array<Record<string, unknown>> {
  return data
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line) as Record<string, unknown>);
}

describe('events from service and node changes', () => {
  it('reports what changed, the way the daemon diffs old and new objects', () => {
    const swarm = testSwarm();
    const since = swarm.now;
    const web = swarm.service('shop_web').api.ID;
    swarm.scale('shop_web', 4);
    swarm.setAvailability('worker1', 'drain');
    swarm.removeService('ops_debug-console');
    const events = eventsOf(swarm, since);
    expect(events[0]).toMatchObject({
      Type: 'service',
      Action: 'update',
      Actor: {ID: web, Attributes: {name: 'shop_web', 'replicas.old': '3', 'replicas.new': '4'}},
      scope: 'swarm',
    });
    expect(events).toContainEqual(
      expect.objectContaining({
        Type: 'node',
        Action: 'update',
        Actor: {ID: swarm.node('worker1').api.ID, Attributes: {name: 'worker1', 'availability.old': 'active', 'availability.new': 'drain'}},
      }),
    );
    expect(events[events.length - 1]).toMatchObject({Type: 'service', Action: 'remove', Actor: {Attributes: {name: 'ops_debug-console'}}});
    for (const event of events) {
      expect(event.time).toBe(Math.floor(Number(BigInt(event.timeNano) / 1_000_000n) / 1000));
      expect(event.timeNano).toMatch(/^\d{19}$/);
    }
  });

  it('reports update states and role changes as they happen', () => {
    const swarm = testSwarm();
    const since = swarm.now;
    swarm.forceUpdate('shop_redis');
    swarm.setRole('worker2', 'manager');
    swarm.tick(30_000);
    const attributes = eventsOf(swarm, since).map(event => event.Actor.Attributes);
    expect(attributes).toContainEqual({name: 'shop_redis', 'updatestate.new': 'updating'});
    expect(attributes).toContainEqual({name: 'shop_redis', 'updatestate.old': 'updating', 'updatestate.new': 'completed'});
    expect(attributes).toContainEqual({name: 'worker2', 'role.old': 'worker', 'role.new': 'manager'});
  });

  it('keeps only the last 256 for replay, like the daemon', () => {
    const swarm = testSwarm();
    for (let i = 0; i < 300; i++) swarm.scale('shop_web', 3 + (i % 2));
    expect(swarm.events.published).toBeGreaterThan(256);
    expect(swarm.events.recent()).toHaveLength(256);
  });
});

describe('GET /events', () => {
  let engine: DemoEngine;
  afterEach(async () => engine?.close());

  it('replays from since up to until, then ends', async () => {
    engine = await startDemoEngine({size: 'small', realtime: false, autopilot: false});
    const {swarm} = engine;
    const since = Math.floor(swarm.now / 1000);
    swarm.tick(1000);
    swarm.scale('shop_web', 5);
    swarm.tick(1000);
    const stream = await openStream(
      engine.socketPath,
      `/v1.47/events?since=${since}&until=${Math.floor(swarm.now / 1000)}&filters=${encodeURIComponent(JSON.stringify({type: ['service']}))}`,
    );
    await stream.ended;
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('application/json');
    const text = stream.received().toString('utf8');
    expect(text).toMatch(/"timeNano":\d{19}\}\n/);
    const events = lines(stream.received());
    expect(events).toEqual([
      {
        Type: 'service',
        Action: 'update',
        Actor: {ID: swarm.service('shop_web').api.ID, Attributes: {name: 'shop_web', 'replicas.old': '3', 'replicas.new': '5'}},
        scope: 'swarm',
        time: expect.any(Number),
        timeNano: expect.any(Number),
      },
    ]);
  });

  it('streams new events as they happen, filtered by type', async () => {
    engine = await startDemoEngine({size: 'small', realtime: false, autopilot: false});
    const {swarm} = engine;
    const stream = await openStream(engine.socketPath, `/events?filters=${encodeURIComponent(JSON.stringify({type: {node: true}}))}`);
    swarm.scale('shop_web', 4);
    swarm.setAvailability('worker2', 'pause');
    swarm.tick(1000);
    const data = await stream.until(bytes => bytes.toString().includes('\n'));
    const events = lines(data);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      Type: 'node',
      Action: 'update',
      Actor: {Attributes: {name: 'worker2', 'availability.old': 'active', 'availability.new': 'pause'}},
    });
    stream.close();
  });

  it('ends a live stream when the simulation clock passes until', async () => {
    engine = await startDemoEngine({size: 'small', realtime: false, autopilot: false});
    const stream = await openStream(engine.socketPath, `/events?until=${Math.floor(engine.swarm.now / 1000) + 5}`);
    let ended = false;
    void stream.ended.then(() => (ended = true));
    engine.swarm.tick(1000);
    await settle();
    expect(ended).toBe(false);
    engine.swarm.tick(10_000);
    await stream.ended;
  });
});
