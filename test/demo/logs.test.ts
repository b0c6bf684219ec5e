import Dockerode from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemoEngine, type DemoEngine} from '../../source/demo/engine.js';
import {demultiplex, openStream, request, settle} from './support.js';

const FIXED_STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z) /;

describe('service and task logs', () => {
  let engine: DemoEngine;
  beforeAll(async () => {
    engine = await startDemoEngine({size: 'small', realtime: false, autopilot: false, seed: 3});
    engine.swarm.tick(30_000);
  });
  afterAll(async () => engine.close());

  it('are multiplexed in 8-byte-header frames, one line per frame, with timestamps and details', async () => {
    const service = engine.swarm.service('shop_web');
    const response = await request(engine.socketPath, 'GET', `/v1.47/services/${service.api.ID}/logs?stdout=1&stderr=1&tail=5&timestamps=1&details=1`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.docker.multiplexed-stream');
    const frames = demultiplex(response.body);
    const withContainers = [...service.tasks].filter(task => task.runningSince !== undefined).length;
    expect(frames.length).toBe(5 * withContainers);
    const taskIds = new Set([...service.tasks].map(task => task.api.ID));
    let previous = '';
    for (const frame of frames) {
      expect([1, 2]).toContain(frame.stream);
      expect([...frame.header.subarray(1, 4)]).toEqual([0, 0, 0]);
      expect(frame.text.endsWith('\n')).toBe(true);
      expect(frame.text.slice(0, -1)).not.toContain('\n');
      const stamp = FIXED_STAMP.exec(frame.text)![1]!;
      expect(stamp >= previous).toBe(true);
      previous = stamp;
      const details =
        /^\S+ com\.docker\.swarm\.node\.id=([a-z0-9]{25}),com\.docker\.swarm\.service\.id=([a-z0-9]{25}),com\.docker\.swarm\.task\.id=([a-z0-9]{25}) /.exec(
          frame.text,
        );
      expect(details?.[2]).toBe(service.api.ID);
      expect(taskIds.has(details![3]!)).toBe(true);
    }
    // nginx writes its access log to stdout and its notices to stderr.
    expect(frames.some(frame => frame.stream === 1 && frame.text.includes('HTTP/1.1"'))).toBe(true);
  });

  it('leave out the stream not asked for, and plain lines without the prefixes', async () => {
    const service = engine.swarm.service('shop_web');
    const response = await request(engine.socketPath, 'GET', `/services/${service.api.Spec.Name}/logs?stdout=true&tail=all`);
    const frames = demultiplex(response.body);
    expect(frames.length).toBeGreaterThan(10);
    for (const frame of frames) {
      expect(frame.stream).toBe(1);
      expect(frame.text).not.toMatch(FIXED_STAMP);
      expect(frame.text).not.toContain('com.docker.swarm');
    }
  });

  it('honour since', async () => {
    const task = [...engine.swarm.service('shop_api').tasks].find(candidate => candidate.api.Status.State === 'running')!;
    const since = engine.swarm.now - 10_000;
    const response = await request(engine.socketPath, 'GET', `/tasks/${task.api.ID}/logs?stdout=1&stderr=1&timestamps=1&since=${(since / 1000).toFixed(3)}`);
    const frames = demultiplex(response.body);
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect(Date.parse(FIXED_STAMP.exec(frame.text)![1]!)).toBeGreaterThanOrEqual(since);
  });

  it('are raw for a service with a TTY, CRLF-terminated as a terminal writes them', async () => {
    const response = await request(engine.socketPath, 'GET', '/v1.47/services/ops_debug-console/logs?stdout=1&stderr=1&tail=3');
    expect(response.headers['content-type']).toBe('application/vnd.docker.raw-stream');
    expect(response.body[0]).not.toBe(1);
    const lines = response.text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/uptime/);
  });

  it('show why the crash loop dies and the failing release never starts', async () => {
    const crash = await request(engine.socketPath, 'GET', '/services/shop_billing-worker/logs?stdout=1&stderr=1');
    expect(crash.status).toBe(200);
    expect(demultiplex(crash.body).some(frame => frame.stream === 2 && frame.text.includes('heap in use'))).toBe(true);
  });

  it('refuse a request for neither stream, and unknown services or tasks', async () => {
    const none = await request(engine.socketPath, 'GET', '/services/shop_web/logs');
    expect(none.status).toBe(400);
    expect(none.json()).toEqual({message: 'Bad parameters: you must choose at least one stream'});
    const service = await request(engine.socketPath, 'GET', '/services/nope/logs?stdout=1');
    expect(service.status).toBe(404);
    expect(service.json()).toEqual({message: 'service nope not found'});
    const task = await request(engine.socketPath, 'GET', '/tasks/nope/logs?stdout=1');
    expect(task.json()).toEqual({message: 'task nope not found'});
  });

  it('keep streaming new lines with follow as the clock moves', async () => {
    const stream = await openStream(engine.socketPath, '/v1.47/services/shop_web/logs?stdout=1&stderr=1&follow=1&tail=0&timestamps=1');
    expect(stream.status).toBe(200);
    await settle();
    expect(stream.received().length).toBe(0);
    const from = engine.swarm.now;
    engine.swarm.tick(10_000);
    const data = await stream.until(bytes => bytes.length > 0);
    const frames = demultiplex(data);
    // Three nginx replicas, one line every ~1.4 s each.
    expect(frames.length).toBeGreaterThanOrEqual(12);
    for (const frame of frames) {
      const at = Date.parse(FIXED_STAMP.exec(frame.text)![1]!);
      expect(at).toBeGreaterThan(from - 1);
      expect(at).toBeLessThanOrEqual(engine.swarm.now);
    }
    stream.close();
  });

  it('work through dockerode', async () => {
    const docker = new Dockerode({socketPath: engine.socketPath});
    const buffer = (await docker.getService('shop_api').logs({stdout: true, stderr: true, tail: 2} as object)) as unknown as Buffer;
    const frames = demultiplex(buffer);
    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(frames[0]!.text)).toMatchObject({level: expect.any(String), service: 'shop_api'});
  });
});
