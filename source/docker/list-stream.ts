// Engine lists read as a stream of elements (see json-array-stream.ts) rather than as
// one body parsed whole. On a swarm of 2,000 services the services list is about 3 MB
// of JSON, read every refresh, and nearly all of it is what the last read said:
// parsing it whole each time, and collecting the garbage, was the largest share of an
// idle console's CPU at that size. A list read with `ReusingList` hands back last
// read's object for every element whose text has not changed, so only the services
// or nodes that moved are parsed, and the rest keep their identity (rows memoised on
// them are not worked out again).
import type {IncomingMessage} from 'node:http';
import {addAbortSignal} from 'node:stream';
import type Dockerode from 'dockerode';
import {isSwarmId} from './ids.js';
import {JsonArraySplitter} from './json-array-stream.js';

export interface ListRequest {
  /** `/tasks?` and the like: the modem appends the query. */
  path: string;
  options?: Record<string, unknown>;
  statusCodes: Record<number, true | string>;
}

/** Streams a JSON array from the engine, handing over each element's text as it completes. */
export async function streamJsonArray(
  docker: Dockerode,
  request: ListRequest,
  signal: AbortSignal | undefined,
  onElement: (text: string) => void,
): Promise<void> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    docker.modem.dial(
      {
        path: request.path,
        method: 'GET',
        options: request.options ?? {},
        abortSignal: signal,
        isStream: true,
        statusCodes: request.statusCodes,
      } as unknown as Parameters<Dockerode['modem']['dial']>[0],
      (error: unknown, stream: unknown) => (error ? reject(error) : resolve(stream as IncomingMessage)),
    );
  });
  if (signal) addAbortSignal(signal, response);
  const splitter = new JsonArraySplitter(onElement);
  for await (const chunk of response) splitter.push(chunk as Buffer);
  splitter.end();
}

/** A list whose unchanged elements come back as last read's objects (treat them as immutable). */
export class ReusingList<T> {
  private byText = new Map<string, T>();

  async read(docker: Dockerode, request: ListRequest, signal?: AbortSignal): Promise<T[]> {
    const next = new Map<string, T>();
    const list: T[] = [];
    await streamJsonArray(docker, request, signal, text => {
      const element = this.byText.get(text) ?? (JSON.parse(text) as T);
      next.set(text, element);
      list.push(element);
    });
    this.byText = next;
    return list;
  }
}

/**
 * The elements of a list whose ID is one of `ids`. The engine's `id` filter matches by
 * prefix, so anything else it sends is dropped. Read apart from `ReusingList`, whose
 * memory of the whole list must not shrink to these few.
 */
export async function readNamedList<T extends {ID: string}>(
  docker: Dockerode,
  request: ListRequest,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<T[]> {
  // The IDs came from events; one of another shape matches nothing the engine lists, so it is not asked for.
  const wanted = new Set<string>(ids.filter(isSwarmId));
  if (wanted.size === 0) return [];
  const list: T[] = [];
  const options = {...request.options, filters: {id: [...wanted]}};
  await streamJsonArray(docker, {...request, options}, signal, text => {
    const element = JSON.parse(text) as T;
    if (wanted.has(element.ID)) list.push(element);
  });
  return list;
}

export const LIST_STATUS_CODES = {200: true, 500: 'server error', 503: 'node is not part of a swarm'} as const;
