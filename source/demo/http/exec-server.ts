// One demo node's own engine on a socket of its own, for `x`: the exec API as
// dockerd answers it (create, start with the connection upgraded to a raw TTY
// stream, resize, inspect for the exit code), so swarmtop's exec helper runs
// against it unchanged. Each session runs the tiny shell (../shell.ts) for a
// container of this node whose task is running.

import {randomBytes} from 'node:crypto';
import http from 'node:http';
import type {Duplex} from 'node:stream';
import {StringDecoder} from 'node:string_decoder';
import {EngineError} from '../engine-error.js';
import type {ExecContainer} from '../exec-containers.js';
import {BUILTINS, DemoShell, type ShellContainer} from '../shell.js';
import {engineHeaders, sendEmpty, sendError, sendJson} from './respond.js';
import {readJsonBody} from './route-context.js';

interface ExecInstance {
  id: string;
  containerId: string;
  command: string[];
  tty: boolean;
  env: string[];
  started: boolean;
  running: boolean;
  exitCode: number | null;
  pid: number;
}

/** The node's containers, by ID: running (what its shell shows), stopped, or not this node's. */
export type ContainerLookup = (containerId: string) => ExecContainer | undefined;

// A container whose task stops ends its shell sessions, as a killed container's execs end.
const WATCH_MS = 1000;
const SHELLS = new Set(['sh', 'ash', 'bash', 'dash', 'zsh']);
// Exec instances kept for inspection (the exit code is read right after a session ends).
const MAX_EXECS = 256;

/** A whole HTTP answer written on a connection that asked to be upgraded but is not. */
function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = `${JSON.stringify({message})}\n`;
  const reason = http.STATUS_CODES[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Reads a request body of `length` bytes that came over an upgraded connection; resolves with what follows it. */
function skipBody(socket: Duplex, head: Buffer, length: number): Promise<Buffer> {
  let buffered = head;
  return new Promise(resolve => {
    const check = () => {
      if (buffered.length < length) return false;
      socket.off('data', onData);
      resolve(buffered.subarray(length));
      return true;
    };
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      check();
    };
    if (!check()) socket.on('data', onData);
  });
}

export interface ExecServer {
  server: http.Server;
  /** Ends every shell session (their connections left the HTTP server when upgraded). */
  endSessions(): void;
}

export function createExecServer(lookup: ContainerLookup): ExecServer {
  const execs = new Map<string, ExecInstance>();
  const sessions = new Set<Duplex>();
  let nextPid = 40;

  const route = async (request: http.IncomingMessage, response: http.ServerResponse, path: string): Promise<void> => {
    if ((request.method === 'GET' || request.method === 'HEAD') && path === '/_ping') {
      response.writeHead(200, {'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 2});
      response.end(request.method === 'HEAD' ? undefined : 'OK');
      return;
    }
    const create = /^\/containers\/([^/]+)\/exec$/.exec(path);
    if (request.method === 'POST' && create) {
      const containerId = decodeURIComponent(create[1]!);
      const body = (await readJsonBody(request)) as {Cmd?: unknown; Tty?: boolean; Env?: unknown};
      const container = lookup(containerId);
      if (!container) throw new EngineError(404, `No such container: ${containerId}`);
      if (container === 'stopped') throw new EngineError(409, `container ${containerId} is not running`);
      if (!Array.isArray(body.Cmd) || body.Cmd.length === 0 || !body.Cmd.every(word => typeof word === 'string'))
        throw new EngineError(400, 'No exec command specified');
      const env = Array.isArray(body.Env) ? body.Env.filter((entry): entry is string => typeof entry === 'string') : [];
      const id = randomBytes(32).toString('hex');
      // The engine forgets exec instances too: the oldest goes rather than the map growing for ever.
      if (execs.size >= MAX_EXECS) execs.delete(execs.keys().next().value!);
      execs.set(id, {id, containerId, command: body.Cmd as string[], tty: body.Tty === true, env, started: false, running: false, exitCode: null, pid: 0});
      sendJson(response, 201, {Id: id});
      return;
    }
    const exec = /^\/exec\/([^/]+)\/(resize|json|start)$/.exec(path);
    const instance = exec ? execs.get(decodeURIComponent(exec[1]!)) : undefined;
    if (exec && !instance) throw new EngineError(404, `No such exec instance: ${decodeURIComponent(exec[1]!)}`);
    if (instance && request.method === 'POST' && exec![2] === 'resize') {
      sendEmpty(response);
      return;
    }
    if (instance && request.method === 'GET' && exec![2] === 'json') {
      const [entrypoint, ...args] = instance.command;
      sendJson(response, 200, {
        CanRemove: false,
        ContainerID: instance.containerId,
        DetachKeys: '',
        ExitCode: instance.exitCode,
        ID: instance.id,
        OpenStderr: true,
        OpenStdin: true,
        OpenStdout: true,
        ProcessConfig: {arguments: args, entrypoint, privileged: false, tty: instance.tty},
        Running: instance.running,
        Pid: instance.pid,
      });
      return;
    }
    if (instance && request.method === 'POST' && exec![2] === 'start') {
      throw new EngineError(400, 'this simulated engine runs an exec only over an upgraded connection (Connection: Upgrade)');
    }
    sendError(response, 404, 'page not found');
  };

  const server = http.createServer((request, response) => {
    engineHeaders(response);
    const path = new URL(request.url ?? '/', 'http://docker').pathname.replace(/^\/v\d+\.\d+(?=\/)/, '');
    route(request, response, path).catch((error: unknown) => {
      if (response.headersSent) response.destroy();
      else if (error instanceof EngineError) sendError(response, error.status, error.message);
      else sendError(response, 500, error instanceof Error ? error.message : String(error));
    });
  });

  // POST /exec/{id}/start with Connection: Upgrade: the answer is 101, then the connection is the TTY.
  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://docker').pathname.replace(/^\/v\d+\.\d+(?=\/)/, '');
    const match = /^\/exec\/([^/]+)\/start$/.exec(path);
    const instance = match ? execs.get(decodeURIComponent(match[1]!)) : undefined;
    if (request.method !== 'POST' || !match) return refuseUpgrade(socket, 404, 'page not found');
    if (!instance) return refuseUpgrade(socket, 404, `No such exec instance: ${decodeURIComponent(match[1]!)}`);
    if (instance.started) return refuseUpgrade(socket, 409, `Exec command ${instance.id} is already running`);
    const container = lookup(instance.containerId);
    if (!container || container === 'stopped') return refuseUpgrade(socket, 409, `container ${instance.containerId} is not running`);
    instance.started = true;
    instance.running = true;
    instance.pid = nextPid++;
    sessions.add(socket);
    socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
    // Node 25+ reads an upgrade request's body into `request`; older Node leaves it in `head`.
    let bodyInRequest = 0;
    request.on('data', (chunk: Buffer) => (bodyInRequest += chunk.length));
    request.once('end', () => {
      const rest = Math.max(0, Number(request.headers['content-length'] ?? 0) - bodyInRequest);
      void skipBody(socket, head, rest).then(typedAhead => runSession(instance, container, socket, typedAhead));
    });
    request.resume();
  });

  function runSession(instance: ExecInstance, container: ShellContainer, socket: Duplex, typedAhead: Buffer): void {
    const finish = (code: number) => {
      if (!instance.running) return;
      instance.running = false;
      instance.exitCode = code;
      clearInterval(watch);
      sessions.delete(socket);
      socket.end();
    };
    // Without a TTY the engine multiplexes stdout: an 8-byte header per frame (stream 1, length).
    const write = (text: string) => {
      if (!instance.running || socket.destroyed) return;
      const data = Buffer.from(text, 'utf8');
      if (instance.tty) {
        socket.write(data);
        return;
      }
      const header = Buffer.alloc(8);
      header[0] = 1;
      header.writeUInt32BE(data.length, 4);
      socket.write(Buffer.concat([header, data]));
    };
    const [program = '', ...args] = instance.command;
    const name = program.split('/').pop() ?? program;
    // A TTY session gets TERM, as docker exec -t sets it; the exec's own variables come last.
    const env = [...container.env, ...(instance.tty ? ['TERM=xterm'] : []), ...instance.env];
    const shell = new DemoShell({...container, env}, {write, exit: finish}, program);
    const watch = setInterval(() => {
      const now = lookup(instance.containerId);
      if (!now || now === 'stopped') finish(137);
    }, WATCH_MS);
    watch.unref();
    socket.on('error', () => finish(129));
    socket.on('close', () => finish(129));
    if (SHELLS.has(name) && args[0] === '-c') return shell.runOnce(args[1] ?? '');
    if (!SHELLS.has(name)) {
      // A program exec'd directly: one of the shell's commands, or what runc says of a missing one.
      if (!BUILTINS.includes(name)) {
        write(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown\r\n`);
        return finish(127);
      }
      return shell.runWords(name, args);
    }
    const decoder = new StringDecoder('utf8');
    socket.on('data', (chunk: Buffer) => shell.input(decoder.write(chunk)));
    // The client closed its input: the shell reads end of file and exits.
    socket.on('end', () => shell.endOfInput());
    shell.start();
    if (typedAhead.length > 0) shell.input(decoder.write(typedAhead));
  }

  return {
    server,
    endSessions: () => {
      for (const socket of [...sessions]) socket.destroy();
      sessions.clear();
    },
  };
}
