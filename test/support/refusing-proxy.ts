// An HTTP proxy on a private unix socket in front of an engine's socket that
// passes every request through except the update of one service, which it
// answers as the engine answers an update it refuses (HTTP 400, swarmkit's
// InvalidArgument message). The 20.10 engine validates a spec on update as on
// create, so a refused update cannot be provoked at will in the middle of a
// run: this stands in for it, while everything else is the real engine.

import {mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import type {Socket} from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RefusingProxy {
  /** unix:// URL of the proxy's socket. */
  url: string;
  /** How many updates of the service were refused. */
  refused(): number;
  close(): Promise<void>;
}

/** Refuses `POST [/vX.Y]/services/<serviceId>/update` with `message`; passes all else to `upstreamSocket`. */
export async function startRefusingProxy(upstreamSocket: string, serviceId: string, message: string): Promise<RefusingProxy> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'refusing-proxy-'));
  const socketPath = path.join(dir, 'engine.sock');
  const refusedPath = new RegExp(`^(/v[0-9.]+)?/services/${serviceId}/update$`);
  let refused = 0;
  const sockets = new Set<Socket>();
  const server = http.createServer((request, response) => {
    const pathname = (request.url ?? '').split('?')[0] ?? '';
    if (request.method === 'POST' && refusedPath.test(pathname)) {
      refused++;
      request.resume();
      response.writeHead(400, {'Content-Type': 'application/json'});
      response.end(JSON.stringify({message}));
      return;
    }
    const upstream = http.request({socketPath: upstreamSocket, method: request.method, path: request.url, headers: request.headers, agent: false}, answer => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', error => {
      if (!response.headersSent) response.writeHead(502, {'Content-Type': 'application/json'});
      response.end(JSON.stringify({message: `refusing proxy: ${error.message}`}));
    });
    // A stream (events, logs) the console drops ends upstream too.
    response.on('close', () => upstream.destroy());
    request.pipe(upstream);
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(socketPath, resolve));
  return {
    url: `unix://${socketPath}`,
    refused: () => refused,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise(resolve => server.close(resolve));
      rmSync(dir, {recursive: true, force: true});
    },
  };
}
