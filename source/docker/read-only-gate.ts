// The read-only gate: what a plugin reaches as $DOCKER_HOST in --readonly. A plugin
// is the user's own command (often the docker CLI), so the console cannot take write
// methods away from it as it does from its own client; it can only hand it an engine
// that has none. The gate is an HTTP server on a unix socket in a private directory
// that passes GET and HEAD through to the engine the console uses (streams too, as
// they come) and answers everything else, and every connection upgrade (exec,
// attach), with 403 and a message the docker CLI prints.

import {chmodSync, mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import type {Duplex} from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import type {DockerodeOptions} from './client-options.js';
import {type EngineTransport, describeTarget, engineTransport} from './engine-json.js';
import {AnswerLimitError, answerLimit, noAnswerError} from './limits.js';

export interface ReadOnlyGate {
  /** unix:// URL of the gate's socket, for a plugin's $DOCKER_HOST. */
  url: string;
  /** Forwards from now on to this engine (after `:ctx`); requests already under way finish where they went. */
  forwardTo(options: DockerodeOptions): void;
  /** Stops the gate and removes its directory. */
  close(): Promise<void>;
}

const READS = new Set(['GET', 'HEAD']);

// Headers about one connection, not the request: not passed on (Node sets its own).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())));
}

/** The body of a refusal: the docker CLI prints an engine's `message`. */
export function refusal(method: string | undefined, url: string | undefined): string {
  const pathname = (url ?? '').split('?')[0] || '/';
  return JSON.stringify({message: `swarmtop --readonly: ${method ?? '?'} ${pathname} refused: plugins get read access only`});
}

function answerJson(response: http.ServerResponse, status: number, body: string): void {
  response.writeHead(status, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body)});
  response.end(body);
}

/** A refusal written on a raw connection (an upgrade or CONNECT never gets a ServerResponse). */
function refuseRaw(request: http.IncomingMessage, socket: Duplex): void {
  const body = refusal(request.method, request.url);
  socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Starts a gate in front of the engine `options` name; `limits` gives each request's deadline. */
export async function startReadOnlyGate(options: DockerodeOptions, limits: typeof answerLimit = answerLimit): Promise<ReadOnlyGate> {
  let transport: EngineTransport = engineTransport(options);
  let endpoint = describeTarget(options);
  // mkdtemp makes the directory 0700: only this user reaches the socket in it.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-gate-'));
  const socketPath = path.join(dir, 'engine.sock');

  const forward = (request: http.IncomingMessage, response: http.ServerResponse) => {
    const method = request.method ?? '';
    if (!READS.has(method) || request.headers.upgrade !== undefined) {
      request.resume();
      return answerJson(response, 403, refusal(method, request.url));
    }
    const url = request.url ?? '/';
    // The streaming rule: the answer must start within its deadline, then runs as long as the plugin reads it.
    const {limit} = limits(method, url, true);
    const deadlineMs = limit.kind === 'whole' ? limit.deadlineMs : limit.answerMs;
    const {request: send, target} = transport;
    const upstream = send({...target, method, path: url, headers: endToEnd(request.headers)}, answer => {
      clearTimeout(timer);
      response.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      response.flushHeaders();
      answer.pipe(response);
      answer.on('error', () => response.destroy());
    });
    const timer = setTimeout(() => upstream.destroy(noAnswerError(endpoint, url, deadlineMs)), deadlineMs);
    upstream.on('error', error => {
      clearTimeout(timer);
      if (response.headersSent) return void response.destroy();
      answerJson(response, error instanceof AnswerLimitError ? 504 : 502, JSON.stringify({message: `swarmtop --readonly gate: ${error.message}`}));
    });
    // A plugin that stops reading (a `docker logs -f` ended) ends the request to the engine too.
    response.on('close', () => {
      clearTimeout(timer);
      upstream.destroy();
    });
    // A read carries no body worth sending; whatever came is dropped.
    request.resume();
    upstream.end();
  };

  const server = http.createServer(forward);
  // Exec and attach hijack the connection; CONNECT would tunnel anywhere: neither is a read.
  server.on('upgrade', refuseRaw);
  server.on('connect', refuseRaw);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(socketPath, 0o600);

  return {
    url: `unix://${socketPath}`,
    forwardTo(next) {
      // The old agent keeps no idle connections (no keep-alive): it goes once its requests end.
      transport = engineTransport(next);
      endpoint = describeTarget(next);
    },
    async close() {
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      transport.ownAgent?.destroy();
      rmSync(dir, {recursive: true, force: true});
    },
  };
}
