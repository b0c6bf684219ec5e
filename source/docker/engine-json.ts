// Plain JSON reads from an engine over kept-alive connections. The stats sampler
// reads every row on screen each round; through dockerode's modem each of those
// requests opens a new connection (the engine accepts and closes one too) and
// formats its options for a debug log even when that log is off. Here a read
// reuses an idle connection, and the transport is the one dockerodeOptions chose:
// the socket path, host and port with TLS material, or the ssh transport's agent.

import http from 'node:http';
import https from 'node:https';
import type {DockerodeOptions} from './client-options.js';
import {ERROR_ANSWER_BYTES, answerLimit, noAnswerError, overCapError} from './limits.js';

/** An engine's error answer, shaped as dockerode's (describeError reads `json.message`). */
export class EngineHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly json: {message?: string} | null,
  ) {
    super(`(HTTP code ${statusCode}) ${json?.message ?? 'unexpected'}`);
  }
}

// Idle connections kept per engine: the sampler reads at most a few containers of a node at once.
const IDLE_CONNECTIONS = 8;

type Query = Record<string, string | number | boolean>;

/** How requests reach an engine: the request function, where it goes, and the agent made for it (closed by its maker). */
export interface EngineTransport {
  request: typeof http.request;
  target: http.RequestOptions;
  ownAgent: http.Agent | undefined;
}

/**
 * The transport dockerodeOptions chose, for requests made without the modem (this client,
 * the read-only gate): the socket path, host and port with TLS material, or the ssh
 * transport's agent (shared, so it closes with the ssh transport, never here).
 */
export function engineTransport(options: DockerodeOptions, agentOptions: http.AgentOptions = {}): EngineTransport {
  if (options.socketPath) {
    const ownAgent = new http.Agent(agentOptions);
    return {request: http.request, target: {socketPath: String(options.socketPath), agent: ownAgent}, ownAgent};
  }
  if (options.protocol === 'https') {
    // dockerodeOptions passes an https agent only to turn certificate verification off.
    const material = {
      ...(options.ca ? {ca: options.ca as string} : {}),
      ...(options.cert ? {cert: options.cert as string} : {}),
      ...(options.key ? {key: options.key as string} : {}),
    };
    const ownAgent = new https.Agent({...agentOptions, ...material, ...(options.agent ? {rejectUnauthorized: false} : {})});
    return {request: https.request, target: {host: options.host, port: options.port, agent: ownAgent}, ownAgent};
  }
  if (options.agent) return {request: http.request, target: {host: options.host, agent: options.agent}, ownAgent: undefined};
  const ownAgent = new http.Agent(agentOptions);
  return {request: http.request, target: {host: options.host, port: options.port, agent: ownAgent}, ownAgent};
}

export class EngineJsonClient {
  private readonly request: typeof http.request;
  private readonly target: http.RequestOptions;
  // Made here, so closed here; an ssh transport's agent is shared and closes with the transport.
  private readonly ownAgent: http.Agent | undefined;
  private readonly prefix: string;

  /** `endpoint` names the engine in the errors of a request over its deadline or cap. */
  constructor(
    options: DockerodeOptions,
    private readonly endpoint: string = describeTarget(options),
    private readonly limits: typeof answerLimit = answerLimit,
  ) {
    this.prefix = options.version ? `/${options.version}` : '';
    ({request: this.request, target: this.target, ownAgent: this.ownAgent} = engineTransport(options, {keepAlive: true, maxFreeSockets: IDLE_CONNECTIONS}));
  }

  async get<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T> {
    return this.read(path, query, parseJson as (text: string) => T | undefined, signal);
  }

  /** A body of one JSON object per line, such as /events with `until` (which then ends). */
  async getLines<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T[]> {
    return this.read(path, query, parseJsonLines as (text: string) => T[] | undefined, signal);
  }

  private async read<T>(path: string, query: Query, parse: (text: string) => T | undefined, signal?: AbortSignal): Promise<T> {
    const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)])).toString();
    const fullPath = `${this.prefix}${path}${search ? `?${search}` : ''}`;
    try {
      return await this.once<T>(fullPath, parse, signal);
    } catch (error) {
      // An idle connection the engine closed just as it was reused: the request never reached it.
      if ((error as {reusedSocket?: boolean}).reusedSocket && !signal?.aborted) return this.once<T>(fullPath, parse, signal);
      throw error;
    }
  }

  private once<T>(path: string, parse: (text: string) => T | undefined, caller?: AbortSignal): Promise<T> {
    const {limit} = this.limits('GET', path);
    // Every read here is a whole answer (the table's `whole` rows); a stream row would be a mistake.
    const {bytes, deadlineMs} = limit.kind === 'whole' ? limit : {bytes: ERROR_ANSWER_BYTES, deadlineMs: limit.answerMs};
    const controller = new AbortController();
    const onCallerAbort = () => controller.abort(caller!.reason);
    if (caller?.aborted) controller.abort(caller.reason);
    else caller?.addEventListener('abort', onCallerAbort, {once: true});
    const late = noAnswerError(this.endpoint, path, deadlineMs);
    const timer = setTimeout(() => controller.abort(late), deadlineMs);
    const signal = controller.signal;
    return new Promise<T>((resolve, reject) => {
      let answered = false;
      const request = this.request({...this.target, path, method: 'GET', headers: {Accept: 'application/json'}, signal}, response => {
        answered = true;
        const status = response.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const cap = ok ? bytes : Math.min(bytes, ERROR_ANSWER_BYTES);
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= cap) return void chunks.push(chunk);
          // The connection goes with it: the rest of the body would come down it.
          request.destroy();
          reject(overCapError(this.endpoint, path, cap));
        });
        response.on('error', error => reject(signal.aborted ? signal.reason : error));
        response.on('end', () => {
          if (size > cap) return;
          const text = Buffer.concat(chunks).toString('utf8');
          if (ok) {
            const body = parse(text);
            if (body !== undefined) resolve(body);
            else reject(new Error(`the engine answered ${path} with something other than JSON`));
            return;
          }
          const body = parseJson(text);
          reject(new EngineHttpError(status, body && typeof body === 'object' ? (body as {message?: string}) : text ? {message: text.trim()} : null));
        });
      });
      request.on('error', (error: Error) => {
        if (signal.aborted) return reject(caller?.aborted ? error : signal.reason);
        reject(Object.assign(error, {reusedSocket: request.reusedSocket && !answered}));
      });
      request.end();
    }).finally(() => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    });
  }

  close(): void {
    this.ownAgent?.destroy();
  }
}

/** The body as JSON (null when empty), or undefined when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return undefined;
  }
}

function parseJsonLines(text: string): unknown[] | undefined {
  const lines = text.split('\n').filter(line => line.trim());
  const values = lines.map(parseJson);
  return values.includes(undefined) ? undefined : values;
}

/** The engine as its options say, for errors when the caller names none. */
export function describeTarget(options: DockerodeOptions): string {
  if (options.socketPath) return `unix://${String(options.socketPath)}`;
  return `${options.protocol === 'https' ? 'https' : 'tcp'}://${options.host ?? ''}${options.port ? `:${options.port}` : ''}`;
}
