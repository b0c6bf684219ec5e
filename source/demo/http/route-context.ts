import type {IncomingMessage, ServerResponse} from 'node:http';
import {EngineError} from '../engine-error.js';
import type {DemoSwarm} from '../swarm.js';

/** What a route handler gets: the request, its parsed URL and path captures, and the swarm. */
export interface RouteContext {
  swarm: DemoSwarm;
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  params: string[];
  /** The API version the client asked for (the path prefix), or the engine's own when unversioned. */
  apiVersion: string;
  /** Streams still open (events, followed logs) register here so the engine can end them on close. */
  track(stop: () => void): void;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new EngineError(400, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new EngineError(400, 'got EOF while reading request body');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EngineError(400, `invalid JSON: ${(error as Error).message}`);
  }
}

export function versionParam(url: URL): number | undefined {
  const text = url.searchParams.get('version');
  if (text === null || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}
