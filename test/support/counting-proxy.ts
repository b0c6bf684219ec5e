// An HTTP proxy on a private unix socket in front of an engine's socket that
// counts what would change the engine: every request that is not GET or HEAD,
// every connection upgrade (exec and attach hijack theirs) and every path
// naming exec or attach. Reads are passed through (streams too); writes are
// passed through as well, so a test can show the counter counts.

import {mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import type {Socket} from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface CountingProxy {
  /** unix:// URL of the proxy's socket. */
  url: string;
  /** `METHOD path` of each write seen, in order. */
  writes: string[];
  /** Requests seen in all. */
  requests(): number;
  close(): Promise<void>;
}

const READS = new Set(['GET', 'HEAD']);

function isWrite(request: http.IncomingMessage): boolean {
  const pathname = (request.url ?? '').split('?')[0] ?? '';
  return !READS.has(request.method ?? '') || /\/(exec|attach)(\/|$)/.test(pathname) || request.headers.upgrade !== undefined;
}

export interface CountingProxyOptions {
  /** The engine's refusal to answer a request with instead of passing it on (HTTP 400 and this message); undefined passes it on. */
  refusal?: (method: string, pathname: string) => string | undefined;
}

export async function startCountingProxy(upstreamSocket: string, options: CountingProxyOptions = {}): Promise<CountingProxy> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'counting-proxy-'));
  const socketPath = path.join(dir, 'engine.sock');
  const writes: string[] = [];
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = http.createServer((request, response) => {
    requests++;
    if (isWrite(request)) writes.push(`${request.method} ${request.url}`);
    const refusal = options.refusal?.(request.method ?? '', (request.url ?? '').split('?')[0] ?? '');
    if (refusal !== undefined) {
      request.resume();
      response.writeHead(400, {'Content-Type': 'application/json'});
      response.end(JSON.stringify({message: refusal}));
      return;
    }
    const upstream = http.request({socketPath: upstreamSocket, method: request.method, path: request.url, headers: request.headers, agent: false}, answer => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', error => {
      if (!response.headersSent) response.writeHead(502, {'Content-Type': 'application/json'});
      response.end(JSON.stringify({message: `counting proxy: ${error.message}`}));
    });
    // A stream (events, logs) the console drops ends upstream too.
    response.on('close', () => upstream.destroy());
    request.pipe(upstream);
  });
  // Exec and attach hijack the connection: counted, and refused here (no test needs one to work).
  server.on('upgrade', (request: http.IncomingMessage, socket: Socket) => {
    requests++;
    writes.push(`${request.method} ${request.url} (upgrade)`);
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"message":"counting proxy: no upgrades"}');
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(socketPath, resolve));
  return {
    url: `unix://${socketPath}`,
    writes,
    requests: () => requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise(resolve => server.close(resolve));
      rmSync(dir, {recursive: true, force: true});
    },
  };
}
