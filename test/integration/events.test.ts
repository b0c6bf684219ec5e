import os from 'node:os';
import {afterAll, describe, expect, it} from 'vitest';
import {connect} from '../../source/docker/connect.js';
import {resolveEndpoint} from '../../source/docker/endpoint.js';
import {type EngineEvent, EventResource} from '../../source/docker/events.js';
import {labDockerSync, labSkipReason, labSockets} from '../lab/lab.js';

const skip = labSkipReason();

describe.skipIf(skip)('the engine event stream against the lab swarm', () => {
  afterAll(() => {
    try {
      labDockerSync(1, ['service', 'rm', 'ev-web']);
    } catch {
      // Not created: the test failed before.
    }
  });

  it('delivers service events as they happen, only the swarm types asked for, and ends on abort', async () => {
    const {docker} = await connect(resolveEndpoint({host: labSockets().manager, env: {}, homeDir: os.homedir()}));
    const controller = new AbortController();
    const stream = await new EventResource(docker).openEvents(controller.signal);
    const seen: EngineEvent[] = [];
    const reading = (async () => {
      for await (const event of stream) {
        seen.push(event);
        if (event.Type === 'service' && event.Action === 'update') controller.abort();
      }
    })();
    labDockerSync(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'ev-web', '--replicas', '1', 'lab/busybox:1', 'sleep', '1d']);
    labDockerSync(1, ['service', 'scale', 'ev-web=2', '-d']);
    // The loop ends once the abort lands: no hanging reader.
    await Promise.race([reading.catch(() => {}), new Promise((_, reject) => setTimeout(() => reject(new Error('stream did not end')), 10_000))]);
    expect(seen.map(event => `${event.Type} ${event.Action} ${event.Actor?.Attributes?.['name']}`)).toEqual(
      expect.arrayContaining(['service create ev-web', 'service update ev-web']),
    );
    // Containers on the manager start meanwhile, but the filter keeps their events out.
    expect(seen.every(event => ['service', 'node', 'secret', 'config', 'network'].includes(event.Type))).toBe(true);
  });
});
