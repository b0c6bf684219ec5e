// The read-only gate against a fake engine on a private unix socket: reads pass
// through (status, headers, body, a stream as it comes), writes and upgrades get
// 403 with the gate's message and never reach the engine.

import {mkdtempSync, rmSync, statSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {type ReadOnlyGate, startReadOnlyGate} from '../../source/docker/read-only-gate.js';

interface FakeEngine {
  socketPath: string;
  seen: string[];
  /** Sends one more piece of the open /logs stream; `end` ends it. */
  stream: {send(text: string): void; end(): void} | undefined;
  close(): Promise<void>;
}

async function startFakeEngine(dir: string, name = 'engine.sock'): Promise<FakeEngine> {
  const socketPath = path.join(dir, name);
  const engine: FakeEngine = {socketPath, seen: [], stream: undefined, close: async () => undefined};
  const server = http.createServer((request, response) => {
    engine.seen.push(`${request.method} ${request.url}`);
    // Never answered: the gate's deadline has to end it.
    if (request.url === '/v1.41/hang') return;
    if (request.url?.startsWith('/v1.41/services/web/logs')) {
      response.writeHead(200, {'Content-Type': 'application/vnd.docker.raw-stream'});
      response.flushHeaders();
      engine.stream = {send: text => response.write(text), end: () => response.end()};
      return;
    }
    const body = JSON.stringify([{ID: 'abc', from: name}]);
    response.writeHead(200, {'Content-Type': 'application/json', 'Api-Version': '1.41', 'Content-Length': Buffer.byteLength(body)});
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  server.on('upgrade', (request, socket) => {
    engine.seen.push(`${request.method} ${request.url} (upgrade)`);
    socket.destroy();
  });
  await new Promise<void>(resolve => server.listen(socketPath, resolve));
  engine.close = () =>
    new Promise<void>(resolve => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return engine;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(gate: ReadOnlyGate, method: string, urlPath: string, headers: http.OutgoingHttpHeaders = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({socketPath: gate.url.replace(/^unix:\/\//, ''), method, path: urlPath, headers, agent: false}, response => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({status: response.statusCode ?? 0, headers: response.headers, body}));
    });
    request.on('error', reject);
    request.end(method === 'GET' || method === 'HEAD' ? undefined : '{"Replicas": 2}');
  });
}

describe('read-only gate', () => {
  let dir: string;
  let engine: FakeEngine;
  let gate: ReadOnlyGate;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gate-test-'));
    engine = await startFakeEngine(dir);
    gate = await startReadOnlyGate({socketPath: engine.socketPath});
  });

  afterEach(async () => {
    await gate.close();
    await engine.close();
    rmSync(dir, {recursive: true, force: true});
  });

  it('listens on a private socket in a private directory', () => {
    const socketPath = gate.url.replace(/^unix:\/\//, '');
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(socketPath)).mode & 0o777).toBe(0o700);
  });

  it('forwards a GET: status, headers and body', async () => {
    const answer = await send(gate, 'GET', '/v1.41/services?filters=%7B%7D');
    expect(answer.status).toBe(200);
    expect(answer.headers['api-version']).toBe('1.41');
    expect(JSON.parse(answer.body)).toEqual([{ID: 'abc', from: 'engine.sock'}]);
    expect(engine.seen).toEqual(['GET /v1.41/services?filters=%7B%7D']);
  });

  it('forwards a HEAD', async () => {
    const answer = await send(gate, 'HEAD', '/_ping');
    expect(answer.status).toBe(200);
    expect(answer.headers['api-version']).toBe('1.41');
    expect(engine.seen).toEqual(['HEAD /_ping']);
  });

  it('passes a streamed answer through piece by piece, not buffered to its end', async () => {
    const pieces: string[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      const request = http.request({socketPath: gate.url.replace(/^unix:\/\//, ''), path: '/v1.41/services/web/logs?follow=1', agent: false}, response => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => pieces.push(chunk));
        response.on('end', resolve);
      });
      request.on('error', reject);
      request.end();
    });
    await expect.poll(() => engine.stream).toBeDefined();
    engine.stream!.send('first line\n');
    // The first piece arrives while the engine still holds the stream open.
    await expect.poll(() => pieces.join('')).toBe('first line\n');
    engine.stream!.send('second line\n');
    await expect.poll(() => pieces.join('')).toBe('first line\nsecond line\n');
    engine.stream!.end();
    await ended;
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('refuses %s with 403 and the gate message; nothing reaches the engine', async method => {
    const answer = await send(gate, method, '/v1.41/services/web/update?version=3');
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({message: `swarmtop --readonly: ${method} /v1.41/services/web/update refused: plugins get read access only`});
    expect(engine.seen).toEqual([]);
  });

  it('refuses an upgrade (exec start hijacks its connection), even on GET', async () => {
    const upgrade = {Connection: 'Upgrade', Upgrade: 'tcp'};
    const post = await send(gate, 'POST', '/v1.41/exec/abc/start', upgrade);
    expect(post.status).toBe(403);
    expect(JSON.parse(post.body).message).toBe('swarmtop --readonly: POST /v1.41/exec/abc/start refused: plugins get read access only');
    const get = await send(gate, 'GET', '/v1.41/containers/abc/attach/ws', {Connection: 'Upgrade', Upgrade: 'websocket'});
    expect(get.status).toBe(403);
    expect(engine.seen).toEqual([]);
  });

  it('forwards to another engine once told (after :ctx)', async () => {
    const other = await startFakeEngine(dir, 'other.sock');
    try {
      gate.forwardTo({socketPath: other.socketPath});
      const answer = await send(gate, 'GET', '/v1.41/nodes');
      expect(JSON.parse(answer.body)).toEqual([{ID: 'abc', from: 'other.sock'}]);
      expect(engine.seen).toEqual([]);
      expect(other.seen).toEqual(['GET /v1.41/nodes']);
    } finally {
      await other.close();
    }
  });

  it('answers 504 when the engine does not start its answer within the deadline', async () => {
    await gate.close();
    gate = await startReadOnlyGate({socketPath: engine.socketPath}, () => ({name: 'inspect', limit: {kind: 'whole', bytes: 1, deadlineMs: 100}}));
    const answer = await send(gate, 'GET', '/v1.41/hang');
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.body).message).toMatch(/no answer from unix:\/\/.*engine\.sock \/hang in 0\.1 s/);
  });

  it('removes its directory when closed', async () => {
    const socketDir = path.dirname(gate.url.replace(/^unix:\/\//, ''));
    await gate.close();
    expect(() => statSync(socketDir)).toThrow();
    gate = await startReadOnlyGate({socketPath: engine.socketPath});
  });
});
