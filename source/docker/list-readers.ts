// The client's read of each record of docker/lists.ts, made from the record alone:
// a whole list streamed and reusing unchanged objects, a scoped list with the engine's
// filters, a read by ID where the record allows it, and a single object read whole.
import type Dockerode from 'dockerode';
import type {Listable, NamedListable} from './capabilities.js';
import type {ReadList} from './decode/set-aside.js';
import {type KnownById, type ListRequest, ReusingList, readList, readNamedList, readWrappedList} from './list-stream.js';
import {
  type EngineLists,
  type EngineReadName,
  type ListRecord,
  type ObjectRecord,
  type OptionalName,
  READ_NAMES,
  type RequiredName,
  recordOf,
  scopeFilters,
} from './lists.js';
import type {TaskScope} from './types.js';

/** A list read for a scope (tasks): every object when none is given. */
export interface ScopedListable<T> {
  /** `known`: objects decoded before, reused for elements that name them at the same version (list-stream.ts). */
  list(signal?: AbortSignal, scope?: TaskScope, known?: KnownById<T>): Promise<ReadList<T>>;
}

/** A single object read whole (GET /swarm). */
export interface Inspectable<T> {
  inspect(signal?: AbortSignal): Promise<T>;
}

/** What the client offers for one record: reading by ID is optional (fakes and older callers read whole lists). */
export type ReaderOf<R> =
  R extends ObjectRecord<infer T>
    ? Inspectable<T>
    : R extends ListRecord<infer T, boolean, infer ByName, infer Scoped>
      ? (Scoped extends true ? ScopedListable<T> : Listable<T>) & (ByName extends true ? Partial<NamedListable<T>> : unknown)
      : never;

/** The client's readers, one per record: a required read is always there, an optional one may be absent. */
export type ListReaders = {[K in RequiredName]: ReaderOf<EngineLists[K]>} & {[K in OptionalName]?: ReaderOf<EngineLists[K]>};

/** Every reader, as `listReaders` builds them from the records. */
export type AllListReaders = {[K in EngineReadName]: ReaderOf<EngineLists[K]>};

async function readOne<T>(docker: Dockerode, request: ListRequest, decode: (value: unknown) => T, signal?: AbortSignal): Promise<T> {
  const value = await new Promise<unknown>((resolve, reject) => {
    docker.modem.dial(
      {path: request.path, method: 'GET', options: request.options ?? {}, abortSignal: signal, statusCodes: request.statusCodes} as unknown as Parameters<
        Dockerode['modem']['dial']
      >[0],
      (error: unknown, data: unknown) => (error ? reject(error) : resolve(data)),
    );
  });
  return decode(value);
}

/** The read methods for one record; plain closures, so nothing but the reads is reachable through them, not even by a cast. */
export function readerOf<T>(docker: Dockerode, record: ListRecord<T> | ObjectRecord<T>): Partial<ScopedListable<T> & NamedListable<T> & Inspectable<T>> {
  if (record.kind === 'object') return {inspect: signal => readOne(docker, record.request, record.decode, signal)};
  const {request, decode} = record;
  const reader: Partial<ScopedListable<T> & NamedListable<T>> = {};
  const {field} = request;
  if (field !== undefined) {
    reader.list = signal => readWrappedList(docker, {...request, field}, decode, signal);
  } else if (record.scoped) {
    // Streamed and decoded object by object rather than as one body: only the slim object kept from each survives.
    reader.list = async (signal, scope = {kind: 'all'}, known) => {
      const filters = scopeFilters(scope);
      if (filters === 'none') return [];
      return readList(docker, {...request, options: {...request.options, ...(filters && {filters})}}, decode, signal, known);
    };
  } else {
    // An object whose JSON has not changed since the last read is the same object.
    const listed = new ReusingList<T>(decode);
    reader.list = signal => listed.read(docker, request, signal);
  }
  if (record.byName) {
    reader.listNamed = (ids, signal) => readNamedList(docker, request, decode as never, ids, signal) as Promise<ReadList<T>>;
  }
  return reader;
}

/** A reader for every record. */
export function listReaders(docker: Dockerode): AllListReaders {
  return Object.fromEntries(READ_NAMES.map(name => [name, readerOf(docker, recordOf(name))])) as AllListReaders;
}

/** The reader of one record by name, typed as the client holds it: what a resource with writes delegates its reads to. */
export function readsOf<K extends EngineReadName>(docker: Dockerode, name: K): AllListReaders[K] {
  return readerOf(docker, recordOf(name)) as AllListReaders[K];
}
