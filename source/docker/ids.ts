// Identifiers that go into a request's URL. They come from engine answers (a
// worker reports its own task's container ID), so a hostile or broken node
// could hand us `../../swarm/leave?force=true#` as one. Every ID reaches a URL
// only as one of the branded types below, which only the parsers here make: a
// value of the wrong shape is refused, named, and never sent.

declare const brand: unique symbol;
type Branded<T extends string> = string & {readonly [brand]: T};

/** A container's full ID: 64 lowercase hex characters. */
export type ContainerId = Branded<'container'>;
/** An exec instance's ID, as the engine answers POST /containers/{id}/exec: 64 lowercase hex characters. */
export type ExecId = Branded<'exec'>;
/** A swarm object's ID as swarmkit makes them (identity.NewID): 25 lowercase base-36 characters. */
export type SwarmId = Branded<'swarm'>;
/** A network's ID: a swarm network's 25-character ID, or a local network's 64 hex characters. */
export type NetworkId = Branded<'network'>;

export type SwarmObjectKind = 'node' | 'service' | 'task' | 'secret' | 'config';

const CONTAINER_ID = /^[0-9a-f]{64}$/;
const SWARM_ID = /^[0-9a-z]{25}$/;

/** An ID refused before any request was made with it. */
export class UnsafeIdError extends Error {
  constructor(
    readonly kind: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`refused ${kind} ID ${shown(value)}: not ${expected}, so it was not sent to the engine`);
  }
}

/** The value as a message may show it: printable ASCII in quotes, anything else escaped, long values cut. */
export function shown(value: unknown): string {
  if (typeof value !== 'string') return value === undefined ? 'undefined' : typeof value;
  const cut = value.length > 80 ? value.slice(0, 80) : value;
  const escaped = cut.replace(/[^\x20-\x7e]|["\\]/gu, char => {
    if (char === '"' || char === '\\') return `\\${char}`;
    const code = char.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
  return `"${escaped}"${cut === value ? '' : '…'}`;
}

export function containerId(value: unknown): ContainerId {
  if (typeof value === 'string' && CONTAINER_ID.test(value)) return value as ContainerId;
  throw new UnsafeIdError('container', value, '64 lowercase hex characters');
}

export function execId(value: unknown): ExecId {
  if (typeof value === 'string' && CONTAINER_ID.test(value)) return value as ExecId;
  throw new UnsafeIdError('exec', value, '64 lowercase hex characters');
}

export function swarmId(value: unknown, kind: SwarmObjectKind): SwarmId {
  if (typeof value === 'string' && SWARM_ID.test(value)) return value as SwarmId;
  throw new UnsafeIdError(kind, value, '25 lowercase letters and digits');
}

export function networkId(value: unknown): NetworkId {
  if (typeof value === 'string' && (SWARM_ID.test(value) || CONTAINER_ID.test(value))) return value as NetworkId;
  throw new UnsafeIdError('network', value, '25 lowercase letters and digits or 64 hex characters');
}

/** Whether `value` is a container ID this module would accept. */
export function isContainerId(value: unknown): value is ContainerId {
  return typeof value === 'string' && CONTAINER_ID.test(value);
}

/** Whether `value` is a swarm object ID this module would accept. */
export function isSwarmId(value: unknown): value is SwarmId {
  return typeof value === 'string' && SWARM_ID.test(value);
}

/** A checked ID as one URL path segment. The check already leaves nothing to escape; encoding keeps that true if it ever widens. */
export function pathSegment(id: ContainerId | SwarmId | NetworkId): string {
  return encodeURIComponent(id);
}
