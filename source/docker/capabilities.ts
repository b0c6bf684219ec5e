// Small capability interfaces: the model and the views depend on what a resource
// can do, not on dockerode, so tests and the demo engine can stand in for it.

import type {ReadList} from './decode/set-aside.js';

/** A list as decoded: what could not be read rides along as `setAside` (plain arrays fit: nothing set aside). */
export interface Listable<T> {
  list(signal?: AbortSignal): Promise<ReadList<T>>;
}

/** Lists just the objects with these IDs (the engine's `id` filter): what events named, on a big swarm. */
export interface NamedListable<T> {
  listNamed(ids: readonly string[], signal?: AbortSignal): Promise<ReadList<T>>;
}

export interface RolloutOptions {
  /** Tasks updated at once (`--update-parallelism`). */
  parallelism?: number;
  /** Pause between batches, in nanoseconds as the API takes it (`--update-delay`). */
  delayNs?: number;
}

/** Service mutations. Each reads the current spec and sends it back with its version index. */
export interface Scalable {
  scale(serviceId: string, replicas: number): Promise<void>;
}

export interface ImageSettable {
  setImage(serviceId: string, image: string, options?: RolloutOptions): Promise<void>;
}

export interface Restartable {
  /** Replaces every task, as `docker service update --force` does. */
  restart(serviceId: string): Promise<void>;
}

export interface RollbackCapable {
  /** Returns to the previous spec, as `docker service rollback` does. */
  rollback(serviceId: string): Promise<void>;
}

/** Sends a whole new spec (an edit of a service or a node), guarded by the version it was read at: no retry, a changed object is refused. */
export interface SpecReplaceable {
  replaceSpec(id: string, version: {Index: number}, spec: object): Promise<void>;
}

export interface Removable {
  remove(id: string): Promise<void>;
}

export type NodeAvailability = 'active' | 'pause' | 'drain';
export type NodeRole = 'manager' | 'worker';

export interface AvailabilitySettable {
  setAvailability(nodeId: string, availability: NodeAvailability): Promise<void>;
}

export interface RoleSettable {
  setRole(nodeId: string, role: NodeRole): Promise<void>;
}

/** Creating and removing secrets or configs. `create` zeroes `content` once it is sent and returns the new ID. */
export interface StoredObjectWritable {
  create(spec: {Name: string; Labels?: Record<string, string>}, content: Uint8Array): Promise<string>;
  remove(id: string): Promise<void>;
}

/** Which of a service's references a rotation moves, and where to. */
export interface ReferenceSwap {
  kind: 'secret' | 'config';
  fromId: string;
  to: {id: string; name: string};
}

export interface ReferenceSwappable {
  /**
   * Points every reference of the service to `fromId` at `to` instead, keeping each one's
   * target, UID, GID and mode; read-modify-write with the version index, retried once when
   * out of sequence. A service that no longer uses `fromId` is refused, not changed.
   */
  swapReference(serviceId: string, swap: ReferenceSwap): Promise<void>;
}
