// A hostile engine of the project's own: an HTTP proxy on a private unix socket in front of
// a real engine (the lab manager's socket), which forwards the console's requests, rewrites
// the JSON answers by the chosen mutations (hostile-mutations.ts), and records every request
// it saw. It forwards only the requests the console means to make (INTENDED_REQUESTS, GETs
// unless a test allows writes): anything else is recorded and refused, so a console that
// builds `POST /containers/../../swarm/leave` fails its test without the lab's manager
// leaving its swarm. Node builtins only.

import {mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import type {Socket} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Transform} from 'node:stream';
import {ENGINE_LISTS, READ_NAMES} from '../../source/docker/lists.js';
import {type Mutation, mutateAnswer, mutateEvent, rewrittenKind} from './hostile-mutations.js';

export interface SeenRequest {
  method: string;
  /** As sent, query included. */
  url: string;
}

export interface HostileEngineOptions {
  /** The real engine's socket path (e.g. labSocketPath(1)). */
  upstream: string;
  mutations?: readonly Mutation[];
  /** Forward the writes the console means to make (a test that pressed a write key). */
  allowWrites?: boolean;
}

export interface HostileEngine {
  /** `unix://…` for `-H`. */
  url: string;
  socketPath: string;
  /** Every request, in order, whether forwarded or refused. */
  requests: SeenRequest[];
  /** Bytes the engine poured into each huge answer before the client hung up (huge-version, endless-event-line). */
  poured: {route: string; bytes: number; closed: boolean}[];
  /** Requests outside INTENDED_REQUESTS (or writes, when not allowed). */
  unintended(): SeenRequest[];
  close(): Promise<void>;
}

// A swarm object's ID, or a name the console looks a service up by: never a path step.
const ID = '(?!\\.\\.?(?:/|$))[A-Za-z0-9][A-Za-z0-9_.-]*';
const CONTAINER = '[0-9a-f]{64}';

/** Every request the console means to make, by method: the path after the API version, without the query. */
export const INTENDED_REQUESTS: Readonly<Record<string, readonly RegExp[]>> = {
  GET: [
    // Every engine read the lists declare (a new list is intended by its record), and the rest by hand.
    new RegExp(
      `^/(_ping|version|info|events|containers/json|${READ_NAMES.map(name => ENGINE_LISTS[name].request.path.slice(1).replace(/\?$/, '')).join('|')})$`,
    ),
    new RegExp(`^/(nodes|services|tasks|networks|secrets|configs)/${ID}$`),
    new RegExp(`^/(services|tasks)/${ID}/logs$`),
    new RegExp(`^/containers/${CONTAINER}/(json|stats)$`),
    new RegExp(`^/exec/${CONTAINER}/json$`),
  ],
  HEAD: [/^\/_ping$/],
};

/** The writes the console means to make, when a test allows them. */
export const INTENDED_WRITES: Readonly<Record<string, readonly RegExp[]>> = {
  POST: [new RegExp(`^/(services|nodes)/${ID}/update$`), new RegExp(`^/containers/${CONTAINER}/exec$`), new RegExp(`^/exec/${CONTAINER}/(start|resize)$`)],
  DELETE: [new RegExp(`^/services/${ID}$`)],
};

/** The path after the API version, without the query; undefined when it climbs, is encoded past a step, or holds a fragment. */
export function routeOf(url: string): string | undefined {
  if (url.includes('#') || /%2f|%2e|%5c|\\/i.test(url.split('?')[0]!)) return undefined;
  const pathPart = url.split('?')[0]!.replace(/^\/v\d+\.\d+(?=\/)/, '');
  if (pathPart.split('/').some(step => step === '..' || step === '.')) return undefined;
  return pathPart;
}

export function isIntended(request: SeenRequest, allowWrites = false): boolean {
  const route = routeOf(request.url);
  if (route === undefined) return false;
  const table = allowWrites ? {...INTENDED_REQUESTS, ...INTENDED_WRITES} : INTENDED_REQUESTS;
  return (table[request.method.toUpperCase()] ?? []).some(pattern => pattern.test(route));
}

const HUGE_VERSION_BYTES = 100 * 1024 * 1024;
// An endless line is poured up to this, then the engine gives up (a console that never stops reading fails anyway).
const ENDLESS_LINE_LIMIT = 512 * 1024 * 1024;

export async function startHostileEngine(options: HostileEngineOptions): Promise<HostileEngine> {
  const mutations = new Set(options.mutations ?? []);
  const dir = mkdtempSync(path.join(tmpdir(), 'swarmtop-hostile-'));
  const socketPath = path.join(dir, 'engine.sock');
  const requests: SeenRequest[] = [];
  const poured: HostileEngine['poured'] = [];
  const sockets = new Set<Socket>();

  const refuse = (response: http.ServerResponse, request: SeenRequest) => {
    response.writeHead(403, {'Content-Type': 'application/json'});
    response.end(JSON.stringify({message: `hostile engine: ${request.method} ${request.url} is not a request the console means to make`}));
  };

  const server = http.createServer((incoming, response) => {
    const seen = {method: incoming.method ?? 'GET', url: incoming.url ?? '/'};
    requests.push(seen);
    if (!isIntended(seen, options.allowWrites)) return refuse(response, seen);
    const route = routeOf(seen.url)!;
    if (route === '/version' && mutations.has('huge-version'))
      return pour(response, route, '{"ApiVersion":"1.41","MinAPIVersion":"1.12","Version":"', HUGE_VERSION_BYTES, '"}', poured);
    const live = route === '/events' && !/[?&]until=/.test(seen.url);
    if (live && mutations.has('endless-event-line')) {
      return pour(response, route, '{"Type":"service","Action":"update","Actor":{"ID":"x","Attributes":{"name":"', ENDLESS_LINE_LIMIT, '', poured);
    }
    const upstream = http.request({socketPath: options.upstream, method: seen.method, path: seen.url, headers: incoming.headers}, answer => {
      const status = answer.statusCode ?? 502;
      const rewrite = status === 200 && rewrittenKind(route) !== undefined;
      if (live || !rewrite) {
        response.writeHead(status, answer.headers);
        // The engine sends a stream's headers at once; so does the proxy (Node would hold them for the first event).
        if (live) {
          response.flushHeaders();
          return void answer.pipe(new EventRewriter(mutations)).pipe(response);
        }
        return void answer.pipe(response);
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          response.writeHead(status, answer.headers);
          return void response.end(Buffer.concat(chunks));
        }
        const text = JSON.stringify(mutateAnswer(route, body, mutations));
        const headers = {...answer.headers, 'content-length': String(Buffer.byteLength(text))};
        delete headers['transfer-encoding'];
        response.writeHead(status, headers);
        response.end(text);
      });
    });
    upstream.on('error', error => {
      if (!response.headersSent) response.writeHead(502, {'Content-Type': 'application/json'});
      response.end(JSON.stringify({message: `hostile engine: upstream ${error.message}`}));
    });
    incoming.pipe(upstream);
    // The console gave up (its deadline, its cap): so does the request upstream.
    response.on('close', () => upstream.destroy());
  });
  // exec's hijacked start: recorded, and refused unless allowed (the harness does not relay raw streams).
  server.on('upgrade', (incoming: http.IncomingMessage, socket: Socket) => {
    requests.push({method: incoming.method ?? 'POST', url: incoming.url ?? '/'});
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(socketPath, resolve));

  return {
    url: `unix://${socketPath}`,
    socketPath,
    requests,
    poured,
    unintended: () => requests.filter(request => !isIntended(request, options.allowWrites)),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise(resolve => server.close(resolve));
      rmSync(dir, {recursive: true, force: true});
    },
  };
}

/** Writes `head`, then filler up to `total` bytes (as fast as the client reads), then `tail`; records how far it got. */
function pour(response: http.ServerResponse, route: string, head: string, total: number, tail: string, poured: HostileEngine['poured']): void {
  const record = {route, bytes: 0, closed: false};
  poured.push(record);
  response.writeHead(200, {'Content-Type': 'application/json'});
  const piece = Buffer.alloc(64 * 1024, 'A');
  response.write(head);
  record.bytes = head.length;
  const more = () => {
    while (record.bytes < total && !record.closed) {
      record.bytes += piece.length;
      if (!response.write(piece)) return void response.once('drain', more);
    }
    if (!record.closed) response.end(tail);
  };
  response.on('close', () => (record.closed = true));
  more();
}

/** The live event stream, line by line, each event rewritten by the mutations. */
class EventRewriter extends Transform {
  private partial = '';
  constructor(private readonly mutations: ReadonlySet<Mutation>) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: unknown) => void): void {
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = lines.pop()!;
    done(null, lines.map(line => `${this.rewrite(line)}\n`).join(''));
  }
  override _flush(done: (error?: Error | null, data?: unknown) => void): void {
    done(null, this.partial ? this.rewrite(this.partial) : '');
  }
  private rewrite(line: string): string {
    try {
      return JSON.stringify(mutateEvent(JSON.parse(line), this.mutations));
    } catch {
      return line;
    }
  }
}
