import {afterEach, describe, expect, it} from 'vitest';
import {demoEnvironment} from '../../source/demo/environment.js';
import {startDemoEngine, type DemoEngine} from '../../source/demo/engine.js';
import {request, testSwarm} from './support.js';

const checkoutState = (swarm: ReturnType<typeof testSwarm>) => swarm.service('shop_checkout').api.UpdateStatus?.State;

describe('holding and releasing the autopilot', () => {
  it('plays nothing while held, and the cycle from its start once released', () => {
    const swarm = testSwarm({autopilot: 'held'});
    swarm.tick(60_000);
    expect(checkoutState(swarm)).toBeUndefined();
    swarm.autopilot!.release();
    swarm.tick(19_000);
    expect(checkoutState(swarm)).toBeUndefined();
    swarm.tick(2000);
    expect(checkoutState(swarm)).toBe('updating');
  });

  it('starts the cycle at the offset asked for, and stops the script on hold', () => {
    const swarm = testSwarm({autopilot: 'held'});
    swarm.autopilot!.release(19_000);
    swarm.tick(2000);
    expect(checkoutState(swarm)).toBe('updating');
    const api = swarm.service('shop_api');
    swarm.autopilot!.hold();
    // The api's rolling update is due 60 s into the cycle: held, it never comes.
    swarm.tick(120_000);
    expect(swarm.service('shop_api').api.Version.Index).toBe(api.api.Version.Index);
    expect(swarm.autopilot!.held).toBe(true);
  });

  it('plays the same story from the same seed', () => {
    const images = () => {
      const swarm = testSwarm({autopilot: 'held'});
      swarm.autopilot!.release(50_000);
      swarm.tick(15_000);
      return swarm.service('shop_api').api.Spec.TaskTemplate.ContainerSpec.Image;
    };
    const first = images();
    expect(first).toMatch(/^registry\.example\.com\/shop\/api:2\.14\.1@sha256:[0-9a-f]{64}$/);
    expect(images()).toBe(first);
  });
});

describe('the remote control on the demo socket', () => {
  let engine: DemoEngine | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  it('holds and releases over HTTP, and refuses a bad offset without changing anything', async () => {
    engine = await startDemoEngine({size: 'small', realtime: false, autopilot: 'held'});
    const bad = await request(engine.socketPath, 'POST', '/swarmtop-demo/autopilot/release?offset=soon');
    expect(bad.status).toBe(400);
    expect(bad.json<{message: string}>().message).toContain('offset must be a whole number');
    expect(engine.swarm.autopilot!.held).toBe(true);
    const released = await request(engine.socketPath, 'POST', '/swarmtop-demo/autopilot/release?offset=19000');
    expect(released.json()).toMatchObject({held: false});
    engine.swarm.tick(2000);
    expect(checkoutState(engine.swarm)).toBe('updating');
    const held = await request(engine.socketPath, 'POST', '/swarmtop-demo/autopilot/hold');
    expect(held.json()).toMatchObject({held: true});
  });

  it('says so when the demo runs without an autopilot', async () => {
    engine = await startDemoEngine({size: 'small', realtime: false, autopilot: false});
    const response = await request(engine.socketPath, 'POST', '/swarmtop-demo/autopilot/hold');
    expect(response.status).toBe(409);
  });
});

describe('the demo environment', () => {
  it('reads a seed and an autopilot mode, and rejects what it cannot read', () => {
    expect(demoEnvironment({SWARMTOP_DEMO_SEED: '42', SWARMTOP_DEMO_AUTOPILOT: 'held'})).toEqual({seed: 42, autopilot: 'held'});
    expect(demoEnvironment({SWARMTOP_DEMO_AUTOPILOT: 'off'})).toEqual({autopilot: false});
    expect(demoEnvironment({})).toEqual({});
    expect(() => demoEnvironment({SWARMTOP_DEMO_SEED: '-1'})).toThrow(/SWARMTOP_DEMO_SEED/);
    expect(() => demoEnvironment({SWARMTOP_DEMO_AUTOPILOT: 'maybe'})).toThrow(/on, off or held/);
  });
});
