// Plain JSON reads from an engine over kept-alive connections. The stats sampler
// reads every row on screen each round; through dockerode's modem each of those
// requests opens a new connection (the engine accepts and closes one too) and
// formats its options for a debug log even when that log is off. Here a read
// reuses an idle connection, and the transport is the one dockerodeOptions chose:
// the socket path, host and port with TLS material, or the ssh transport's agent.

import http from 'node:http';
import https from 'node:https';
import type {DockerodeOptions} from './client-options.js';

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

export class EngineJsonClient {
  private readonly request: typeof http.request;
  private readonly target: http.RequestOptions;
  // Made here, so closed here; an ssh transport's agent is shared and closes with the transport.
  private readonly ownAgent: http.Agent | undefined;
  private readonly prefix: string;

  constructor(options: DockerodeOptions) {
    this.prefix = options.version ? `/${options.version}` : '';
    const keepAlive = {keepAlive: true, maxFreeSockets: IDLE_CONNECTIONS};
    if (options.socketPath) {
      this.ownAgent = new http.Agent(keepAlive);
      this.request = http.request;
      this.target = {socketPath: String(options.socketPath), agent: this.ownAgent};
    } else if (options.protocol === 'https') {
      // dockerodeOptions passes an https agent only to turn certificate verification off.
      const material = {
        ...(options.ca ? {ca: options.ca as string} : {}),
        ...(options.cert ? {cert: options.cert as string} : {}),
        ...(options.key ? {key: options.key as string} : {}),
      };
      this.ownAgent = new https.Agent({...keepAlive, ...material, ...(options.agent ? {rejectUnauthorized: false} : {})});
      this.request = https.request;
      this.target = {host: options.host, port: options.port, agent: this.ownAgent};
    } else if (options.agent) {
      this.ownAgent = undefined;
      this.request = http.request;
      this.target = {host: options.host, agent: options.agent};
    } else {
      this.ownAgent = new http.Agent(keepAlive);
      this.request = http.request;
      this.target = {host: options.host, port: options.port, agent: this.ownAgent};
    }
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

  private once<T>(path: string, parse: (text: string) => T | undefined, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let answered = false;
      const request = this.request({...this.target, path, method: 'GET', headers: {Accept: 'application/json'}, ...(signal ? {signal} : {})}, response => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            const body = parse(text);
            if (body !== undefined) resolve(body);
            else reject(new Error(`the engine answered ${path} with something other than JSON`));
            return;
          }
          const body = parseJson(text);
          reject(new EngineHttpError(status, body && typeof body === 'object' ? (body as {message?: string}) : text ? {message: text.trim()} : null));
        });
      });
      request.on('error', (error: Error) => reject(Object.assign(error, {reusedSocket: request.reusedSocket && !answered})));
      request.end();
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
