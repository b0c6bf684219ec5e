import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemoEngine, type DemoEngine} from '../../source/demo/engine.js';
import {request} from './support.js';

// swarmkit matches a task's label filter against its service's labels: that is how
// `docker stack ps <stack>` finds a stack's tasks.
describe('GET /tasks?filters={"label":…}', () => {
  let engine: DemoEngine;
  beforeAll(async () => {
    engine = await startDemoEngine({size: 'small', realtime: false, autopilot: false});
  });
  afterAll(() => engine.close());

  it("finds a stack's tasks by its services' namespace label, and nothing for a stack that is not there", async () => {
    const filter = (labels: string[]) => `/tasks?filters=${encodeURIComponent(JSON.stringify({label: labels}))}`;
    const tasks = (await request(engine.socketPath, 'GET', filter(['com.docker.stack.namespace=ml']))).json<Array<{ServiceID: string}>>();
    const trainer = engine.swarm.service('ml_trainer').api.ID;
    expect(tasks.length).toBeGreaterThan(0);
    expect(new Set(tasks.map(task => task.ServiceID))).toEqual(new Set([trainer]));
    const none = (await request(engine.socketPath, 'GET', filter(['com.docker.stack.namespace=nowhere']))).json<unknown[]>();
    expect(none).toEqual([]);
  });
});
