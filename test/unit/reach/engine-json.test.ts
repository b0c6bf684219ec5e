import {mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import type {Socket} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {EngineJsonClient} from '../../../source/docker/engine-json.js';
import {describeError} from '../../../source/docker/errors.js';

/** An HTTP server on a unix socket that counts the connections it accepted and the requests on each. */
async function engineOnSocket(answer: (request: http.IncomingMessage, response: http.ServerResponse, nthOnSocket: number) => void) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'engine-json-'));
  const socketPath = path.join(dir, 'engine.sock');
  const perSocket = new Map<Socket, number>();
  const paths: string[] = [];
  const server = http.createServer((request, response) => {
    const nth = (perSocket.get(request.socket) ?? 0) + 1;
    perSocket.set(request.socket, nth);
    paths.push(request.url ?? '');
    answer(request, response, nth);
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>(resolve => server.listen(socketPath, resolve));
  return {
    socketPath,
    paths,
    connections: () => connections,
    close: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      rmSync(dir, {recursive: true, force: true});
    },
  };
}

function json(response: http.ServerResponse, status: number, body: unknown) {
  response.writeHead(status, {'Content-Type': 'application/json'});
  response.end(JSON.stringify(body));
}

describe('the kept-alive JSON reads of a node engine', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('sends one read after another over one connection, with the version prefix and the query', async () => {
    const engine = await engineOnSocket((_request, response) => json(response, 200, {read: 'now'}));
    cleanups.push(engine.close);
    const client = new EngineJsonClient({socketPath: engine.socketPath, version: 'v1.43'});
    cleanups.push(async () => client.close());
    for (let read = 0; read < 5; read++) {
      expect(await client.get('/containers/abc/stats', {stream: false, 'one-shot': true})).toEqual({read: 'now'});
    }
    expect(engine.connections()).toBe(1);
    expect(engine.paths).toEqual(Array.from({length: 5}, () => '/v1.43/containers/abc/stats?stream=false&one-shot=true'));
  });

  it("gives an engine's error answer in the engine's own words", async () => {
    const engine = await engineOnSocket((_request, response) => json(response, 404, {message: 'No such container: gone'}));
    cleanups.push(engine.close);
    const client = new EngineJsonClient({socketPath: engine.socketPath});
    cleanups.push(async () => client.close());
    const error = await client.get('/containers/gone/json').catch((caught: unknown) => caught);
    expect(error).toMatchObject({statusCode: 404});
    expect(describeError(error)).toBe('No such container: gone');
  });

  it('sends a read again on a new connection when the engine had closed the idle one it went out on', async () => {
    // The engine drops a connection at its second request without answering: what a client sees
    // when the engine closed an idle connection just as the client reused it.
    const engine = await engineOnSocket((request, response, nth) => {
      if (nth === 2) request.socket.destroy();
      else json(response, 200, {nth});
    });
    cleanups.push(engine.close);
    const client = new EngineJsonClient({socketPath: engine.socketPath});
    cleanups.push(async () => client.close());
    expect(await client.get('/info')).toEqual({nth: 1});
    expect(await client.get('/info')).toEqual({nth: 1});
    expect(engine.connections()).toBe(2);
  });

  it('says why when there is no engine to connect to', async () => {
    const client = new EngineJsonClient({socketPath: path.join(os.tmpdir(), 'engine-json-nonexistent', 'engine.sock')});
    cleanups.push(async () => client.close());
    const error = await client.get('/info').catch((caught: unknown) => caught);
    expect(describeError(error)).toMatch(/ENOENT/);
  });
});
