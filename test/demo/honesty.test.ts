// The honesty check: the simulator must answer every endpoint swarmtop uses
// with the same shape as a real manager. Every field path in the real answer
// must exist in the simulator's with the same JSON type (array elements
// merged into one shape). The real answers are the lab recordings in
// test/fixtures/lab/; with STLAB_HONESTY_LIVE=1 the same requests also go to
// the running lab swarm (test/lab/lab.sh) instead of trusting the recordings.

import {readFileSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemoEngine, type DemoEngine} from '../../source/demo/engine.js';
import {compareShapes, shapeOf} from './shape.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'lab');

// Each recorded file and the request it recorded (see test/fixtures/lab/meta.json).
const ENDPOINTS = [
  {fixture: 'version.json', path: '/version'},
  {fixture: 'info.json', path: '/info'},
  {fixture: 'nodes.json', path: '/nodes'},
  {fixture: 'services.json', path: '/services?status=true'},
  {fixture: 'tasks.json', path: '/tasks'},
] as const;

function getJson(socketPath: string, requestPath: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http
      .get({socketPath, path: requestPath}, response => {
        const chunks: Buffer[] = [];
        response.on('data', chunk => chunks.push(chunk as Buffer));
        response.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error);
          }
        });
      })
      .on('error', reject);
  });
}

function report(name: string, real: unknown, simulated: unknown): void {
  const difference = compareShapes(shapeOf(real), shapeOf(simulated));
  if (process.env['HONESTY_VERBOSE'] && difference.extra.length) console.info(`${name}: only the simulator sends\n  ${difference.extra.join('\n  ')}`);
  expect({endpoint: name, missing: difference.missing, mistyped: difference.mistyped}).toEqual({endpoint: name, missing: [], mistyped: []});
}

describe('the simulator answers with the real engine’s shapes', () => {
  let engine: DemoEngine;
  beforeAll(async () => {
    engine = await startDemoEngine({size: 'small', realtime: false, autopilot: true});
    // Long enough for every kind of object to exist: history, a failed update, pending tasks.
    engine.swarm.tick(45_000);
  });
  afterAll(async () => engine.close());

  for (const endpoint of ENDPOINTS) {
    it(`GET ${endpoint.path} matches the recorded ${endpoint.fixture}`, async () => {
      const real = JSON.parse(readFileSync(path.join(FIXTURES, endpoint.fixture), 'utf8')) as unknown;
      report(endpoint.path, real, await getJson(engine.socketPath, `/v1.47${endpoint.path}`));
    });
  }

  describe.skipIf(!process.env['STLAB_HONESTY_LIVE'])('against the live lab', () => {
    for (const endpoint of ENDPOINTS) {
      it(`GET ${endpoint.path} matches the lab manager’s answer`, async () => {
        const {labSockets} = await import('../lab/lab.js');
        const manager = labSockets().manager.replace(/^unix:\/\//, '');
        report(endpoint.path, await getJson(manager, endpoint.path), await getJson(engine.socketPath, endpoint.path));
      });
    }
  });
});

describe('the shape comparison itself', () => {
  it('reports missing fields once per subtree, type mismatches, and treats a real null as any type', () => {
    const real = {a: 1, b: {c: 'x', d: [1]}, e: null, labels: {Labels: {'com.x': 'y'}}, list: [{f: 1}, {g: 'z'}]};
    const simulated = {a: 'one', e: {}, labels: {Labels: {other: 'v'}}, list: [{f: 2, g: 'y'}]};
    expect(compareShapes(shapeOf(real), shapeOf(simulated))).toEqual({
      missing: ['$.b (object)'],
      mistyped: ['$.a: real number, simulator string'],
      extra: [],
    });
  });
});
