// Engine lists read as a stream of elements (see json-array-stream.ts) rather than as
// one body parsed whole. On a swarm of 2,000 services the services list is about 3 MB
// of JSON, read every refresh, and nearly all of it is what the last read said:
// parsing it whole each time, and collecting the garbage, was the largest share of an
// idle console's CPU at that size. A list read with `ReusingList` hands back last
// read's object for every element whose text has not changed, so only the services
// or nodes that moved are parsed, and the rest keep their identity (rows memoised on
// them are not worked out again). Each element is decoded (source/docker/decode)
// when it is parsed, never again while its text stays the same.
import type {IncomingMessage} from 'node:http';
import {addAbortSignal} from 'node:stream';
import type Dockerode from 'dockerode';
import {type ElementDecoder, type ReadList, SetAsideCounter, Unreadable} from './decode/set-aside.js';
import {isSwarmId} from './ids.js';
import {type ElementBytesSink, type ElementSink, JsonArraySplitter} from './json-array-stream.js';

export interface ListRequest {
  /** `/tasks?` and the like: the modem appends the query. */
  path: string;
  options?: Record<string, unknown>;
  statusCodes: Record<number, true | string>;
  /** The answer is an object holding the list under this key (`{"Volumes": […]}`), read whole rather than streamed. */
  field?: string;
  /**
   * A top-level key of each element from which on the decoder reads nothing (a task's network
   * attachments and what follows them): each element is parsed up to it.
   */
  unreadFrom?: string;
}

/** Streams a JSON array from the engine, handing over each element's text (or bytes) as it completes. */
export async function streamJsonArray(
  docker: Dockerode,
  request: ListRequest,
  signal: AbortSignal | undefined,
  onElement: ElementSink | {bytes: ElementBytesSink},
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

// Engine objects nest a few levels (a mount's driver options are the deepest, about
// eight); anything far deeper is not an engine object, and would only cost the
// renderers that walk it (YAML) their stack.
const MAX_ELEMENT_DEPTH = 64;
const TOO_DEEP = new Unreadable('nested too deep');
const NOT_JSON = new Unreadable('not JSON');

/** One element's text parsed and decoded; what cannot be read is set aside, never thrown. */
export function decodeElement<T>(text: string, depth: number, decode: ElementDecoder<T>): T | Unreadable {
  if (depth > MAX_ELEMENT_DEPTH) return TOO_DEEP;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
  return decode(value);
}

/** A list the engine wraps in an object (`request.field`): read whole (such lists are small), each element decoded on its own. */
export async function readWrappedList<T>(
  docker: Dockerode,
  request: ListRequest & {field: string},
  decode: ElementDecoder<T>,
  signal?: AbortSignal,
): Promise<ReadList<T>> {
  const body = await new Promise<unknown>((resolve, reject) => {
    docker.modem.dial(
      {path: request.path, method: 'GET', options: request.options ?? {}, abortSignal: signal, statusCodes: request.statusCodes} as unknown as Parameters<
        Dockerode['modem']['dial']
      >[0],
      (error: unknown, data: unknown) => (error ? reject(error) : resolve(data)),
    );
  });
  return unwrapList(body, request.field, decode);
}

/** The list under `field` of an answer, each element decoded; an answer without one is refused whole, an element that cannot be read is set aside. */
export function unwrapList<T>(body: unknown, field: string, decode: ElementDecoder<T>): ReadList<T> {
  const value = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)[field] : undefined;
  // The engine sends null for an empty list.
  if (value === null) return [];
  if (!Array.isArray(value)) throw new Error(`the engine's answer holds no ${field} list`);
  const counter = new SetAsideCounter();
  const list: T[] = [];
  for (const element of value) {
    const read = decode(element);
    if (read instanceof Unreadable) counter.add(read);
    else list.push(read);
  }
  return counter.attach(list);
}

/** Objects decoded before, by ID (the task store's): one that an element names at the same version is that element. */
export type KnownById<T> = (id: string) => (T & {ID: string; Version: {Index: number}; UpdatedAt?: string}) | undefined;

// The engine (Go's encoding/json) writes a swarm object's fields in its type's order: its ID,
// version and times come first. Only an element that begins exactly so is looked up.
const VERSIONED_HEAD = /^\{"ID":"([0-9a-z]{1,64})","Version":\{"Index":(\d{1,15})\},"CreatedAt":"[^"\\]{0,64}","UpdatedAt":"([^"\\]{0,64})"/;
const HEAD_BYTES = 240;

/**
 * The object `known` holds for an element with the same ID, version and update time (what the
 * task store takes as the same task), found from the element's first bytes without parsing it.
 * Elements read as latin1 match only where they are ASCII, as the stored values are.
 */
export function knownElement<T>(bytes: Buffer, known: KnownById<T>): T | undefined {
  // The ID alone first: most elements of a first read are not known, and are turned away for a 25-character string.
  if (bytes.length < ID_OPEN.length + 2 || bytes.compare(ID_OPEN, 0, ID_OPEN.length, 0, ID_OPEN.length) !== 0) return undefined;
  const idEnd = bytes.indexOf(QUOTE, ID_OPEN.length);
  if (idEnd < 0 || idEnd - ID_OPEN.length > 64) return undefined;
  const kept = known(bytes.toString('latin1', ID_OPEN.length, idEnd));
  if (!kept) return undefined;
  const head = VERSIONED_HEAD.exec(bytes.toString('latin1', 0, Math.min(bytes.length, HEAD_BYTES)));
  return head && head[1] === kept.ID && kept.Version.Index === Number(head[2]) && kept.UpdatedAt === head[3] ? kept : undefined;
}

const ID_OPEN = Buffer.from('{"ID":"');
const QUOTE = 0x22;

/**
 * An element decoded from its bytes, parsed only up to `unreadFrom` (`,"Key":`) when it has
 * it. In valid JSON those bytes are always a key (a quote after a comma cannot be inside a
 * string), and only a top-level one leaves a prefix that parses once closed: otherwise the
 * element is parsed whole, as it is without the key.
 */
function decodeBytes<T>(bytes: Buffer, depth: number, decode: ElementDecoder<T>, unreadFrom: Buffer | undefined): T | Unreadable {
  const cut = unreadFrom ? bytes.indexOf(unreadFrom) : -1;
  if (cut > 0) {
    const head = decodeElement(`${bytes.toString('utf8', 0, cut)}}`, depth, decode);
    if (head !== NOT_JSON) return head;
  }
  return decodeElement(bytes.toString('utf8'), depth, decode);
}

/**
 * A streamed list, each element decoded as it completes. With `known`, an element naming an
 * object already decoded at the same version is that object: a task list read again (a
 * service's tasks every refresh of a rollout, every task every few minutes) parses only the
 * tasks that moved.
 */
export async function readList<T>(
  docker: Dockerode,
  request: ListRequest,
  decode: ElementDecoder<T>,
  signal?: AbortSignal,
  known?: KnownById<T>,
): Promise<ReadList<T>> {
  const counter = new SetAsideCounter();
  const list: T[] = [];
  const unreadFrom = request.unreadFrom === undefined ? undefined : Buffer.from(`,${JSON.stringify(request.unreadFrom)}:`);
  await streamJsonArray(docker, request, signal, {
    bytes: (bytes, depth) => {
      const element = (known && knownElement(bytes, known)) ?? decodeBytes(bytes, depth, decode, unreadFrom);
      if (element instanceof Unreadable) counter.add(element);
      else list.push(element);
    },
  });
  return counter.attach(list);
}

/** FNV-1a over an element's bytes: where to look for it among the last read's. */
function bytesHash(bytes: Buffer): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

interface Remembered<T> {
  bytes: Buffer;
  element: T | Unreadable;
}

/**
 * A list whose unchanged elements come back as last read's objects (treat them as
 * immutable). Elements are compared with the last read's as bytes, so only those that
 * changed are turned into text, parsed and decoded: the rest never become strings (a
 * whole read of 2,000 services made 3 MB of them, kept until the next read). One set
 * aside is remembered as such, and counted again each read it is still sent.
 */
export class ReusingList<T> {
  private byHash = new Map<number, Remembered<T>[]>();

  constructor(private readonly decode: ElementDecoder<T>) {}

  async read(docker: Dockerode, request: ListRequest, signal?: AbortSignal): Promise<ReadList<T>> {
    const next = new Map<number, Remembered<T>[]>();
    const counter = new SetAsideCounter();
    const list: T[] = [];
    await streamJsonArray(docker, request, signal, {
      bytes: (bytes, depth) => {
        const hash = bytesHash(bytes);
        const element =
          this.byHash.get(hash)?.find(remembered => remembered.bytes.equals(bytes))?.element ?? decodeElement(bytes.toString('utf8'), depth, this.decode);
        const same = next.get(hash);
        if (same) same.push({bytes, element});
        else next.set(hash, [{bytes, element}]);
        if (element instanceof Unreadable) counter.add(element);
        else list.push(element);
      },
    });
    this.byHash = next;
    return counter.attach(list);
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
  decode: ElementDecoder<T>,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<ReadList<T>> {
  // The IDs came from events; one of another shape matches nothing the engine lists, so it is not asked for.
  const wanted = new Set<string>(ids.filter(isSwarmId));
  if (wanted.size === 0) return [];
  const options = {...request.options, filters: {id: [...wanted]}};
  const read = await readList(docker, {...request, options}, decode, signal);
  const list: ReadList<T> = read.filter(element => wanted.has(element.ID));
  if (read.setAside) list.setAside = read.setAside;
  return list;
}

export const LIST_STATUS_CODES = {200: true, 500: 'server error', 503: 'node is not part of a swarm'} as const;
