// The hostile engine itself, in front of a small fake engine (no lab): it rewrites, records,
// refuses what the console must not ask for, and stops pouring when the client hangs up.
import {mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type HostileEngine, isIntended, startHostileEngine} from './hostile-engine.js';
import {CLIMBING_CONTAINER_ID, INJECTED_BIDI, INJECTED_ESCAPES, MALFORMED_NODE_ID} from './hostile-mutations.js';

let dir: string;
let upstreamPath: string;
let upstream: http.Server;
const upstreamSaw: string[] = [];

const NODES = [
  {ID: 'n1', Spec: {Role: 'manager', Availability: 'active'}, Description: {Hostname: 'node1'}, Status: {State: 'ready'}},
  {ID: 'n2', Spec: {Role: 'worker', Availability: 'active'}, Description: {Hostname: 'node2'}, Status: {State: 'ready'}},
];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'swarmtop-hostile-test-'));
  upstreamPath = path.join(dir, 'upstream.sock');
  upstream = http.createServer((request, response) => {
    upstreamSaw.push(`${request.method} ${request.url}`);
    const route = (request.url ?? '').replace(/^\/v\d+\.\d+/, '').replace(/\?.*$/, '');
    response.writeHead(200, {'Content-Type': 'application/json'});
    if (route === '/nodes') return void response.end(JSON.stringify(NODES));
    if (route === '/tasks') return void response.end(JSON.stringify([{ID: 't1', Status: {State: 'running', ContainerStatus: {ContainerID: 'a'.repeat(64)}}}]));
    if (route === '/version') return void response.end(JSON.stringify({Version: '20.10.24', ApiVersion: '1.41'}));
    response.end('{}');
  });
  await new Promise<void>(resolve => upstream.listen(upstreamPath, resolve));
});

afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise(resolve => upstream.close(resolve));
  rmSync(dir, {recursive: true, force: true});
});

function get(engine: HostileEngine, url: string, method = 'GET'): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    http
      .request({socketPath: engine.socketPath, path: url, method}, response => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString()}));
      })
      .on('error', reject)
      .end();
  });
}

describe('the hostile engine', () => {
  it('rewrites lists: escapes and bidi controls in drawn fields, a node without Spec, nulls, climbing container IDs', async () => {
    const engine = await startHostileEngine({
      upstream: upstreamPath,
      mutations: ['escapes', 'bidi', 'malformed-node', 'null-elements', 'climbing-container-id'],
    });
    try {
      const nodes = JSON.parse((await get(engine, '/v1.41/nodes')).body) as unknown[];
      expect(nodes[0]).toBeNull();
      expect(nodes.at(-1)).toBeNull();
      const real = nodes.filter(Boolean) as {ID: string; Spec?: unknown; Description: {Hostname: string}}[];
      expect(real.map(node => node.ID)).toEqual(['n1', 'n2', MALFORMED_NODE_ID]);
      expect(real[0]!.Description.Hostname).toBe(`${INJECTED_ESCAPES}${INJECTED_BIDI}node1`);
      expect(real[2]!.Spec).toBeUndefined();
      const tasks = JSON.parse((await get(engine, '/v1.41/tasks')).body) as ({Status: {ContainerStatus: {ContainerID: string}}} | null)[];
      expect(tasks.find(Boolean)!.Status.ContainerStatus.ContainerID).toBe(CLIMBING_CONTAINER_ID);
    } finally {
      await engine.close();
    }
  });

  it('records every request and refuses, without forwarding, what the console must never ask for', async () => {
    const engine = await startHostileEngine({upstream: upstreamPath});
    try {
      upstreamSaw.length = 0;
      const leave = await get(engine, `/v1.41/containers/${CLIMBING_CONTAINER_ID}/exec`, 'POST');
      expect(leave.status).toBe(403);
      expect((await get(engine, '/v1.41/containers/..%2F..%2Fswarm%2Fleave/stats')).status).toBe(403);
      expect((await get(engine, '/v1.41/services/x/update', 'POST')).status).toBe(403);
      expect((await get(engine, '/v1.41/nodes')).status).toBe(200);
      expect(upstreamSaw).toEqual(['GET /v1.41/nodes']);
      expect(engine.requests.map(request => request.method)).toEqual(['POST', 'GET', 'POST', 'GET']);
      expect(engine.unintended()).toHaveLength(3);
      expect(isIntended({method: 'GET', url: `/v1.41/containers/${'b'.repeat(64)}/stats?stream=false`})).toBe(true);
      expect(isIntended({method: 'POST', url: '/v1.41/services/abc/update?version=3'}, true)).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('pours a 100 MB /version for as long as the client reads, and stops when it hangs up', async () => {
    const engine = await startHostileEngine({upstream: upstreamPath, mutations: ['huge-version']});
    try {
      await new Promise<void>((resolve, reject) => {
        http
          .get({socketPath: engine.socketPath, path: '/version'}, response => {
            let read = 0;
            response.on('data', (chunk: Buffer) => {
              read += chunk.length;
              if (read > 1024 * 1024) response.destroy();
            });
            response.on('close', () => resolve());
          })
          .on('error', reject);
      });
      await expect.poll(() => engine.poured[0]?.closed).toBe(true);
      expect(engine.poured[0]!.bytes).toBeLessThan(16 * 1024 * 1024);
    } finally {
      await engine.close();
    }
  });
});
