// $DOCKER_HOST for plugins: the engine's URL, or in --readonly the gate, started on
// first use and following the manager the console reads now.

import {mkdtempSync, rmSync, statSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {pluginEngine} from '../../source/app/plugin-engine.js';
import type {Endpoint} from '../../source/docker/endpoint.js';

function fakeEngine(socketPath: string): Promise<http.Server> {
  const server = http.createServer((_, response) => response.end(JSON.stringify({at: path.basename(socketPath)})));
  return new Promise(resolve => server.listen(socketPath, () => resolve(server)));
}

function get(dockerHost: string, urlPath: string): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    const request = http.request({socketPath: dockerHost.replace(/^unix:\/\//, ''), path: urlPath, agent: false}, response => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({status: response.statusCode ?? 0, body}));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('pluginEngine', () => {
  let dir: string;
  let servers: http.Server[];
  let endpoints: Endpoint[];

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'plugin-engine-test-'));
    servers = [await fakeEngine(path.join(dir, 'one.sock')), await fakeEngine(path.join(dir, 'two.sock'))];
    endpoints = ['one', 'two'].map(name => ({url: `unix://${path.join(dir, `${name}.sock`)}`, source: 'test'}));
  });

  afterEach(async () => {
    for (const server of servers) await new Promise(resolve => server.close(resolve));
    rmSync(dir, {recursive: true, force: true});
  });

  it('without --readonly: the engine URL itself, at once', async () => {
    const engine = pluginEngine(false, () => endpoints[0]!, []);
    expect(engine.dockerHost()).toBe(endpoints[0]!.url);
    await engine.close();
  });

  it('in --readonly: one gate, made on first use, following the engine in use, gone on close', async () => {
    let current = endpoints[0]!;
    const engine = pluginEngine(true, () => current, []);
    const first = await engine.dockerHost();
    expect(first).not.toBe(current.url);
    expect(first).toMatch(/^unix:\/\/.*swarmtop-gate-/);
    expect(await get(first, '/nodes')).toEqual({status: 200, body: '{"at":"one.sock"}'});
    current = endpoints[1]!;
    const second = await engine.dockerHost();
    expect(second).toBe(first);
    expect(await get(second, '/nodes')).toEqual({status: 200, body: '{"at":"two.sock"}'});
    await engine.close();
    expect(() => statSync(path.dirname(first.replace(/^unix:\/\//, '')))).toThrow();
  });
});
