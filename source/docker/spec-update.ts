// Read-modify-write of swarm objects (services, nodes). The engine guards every
// update with the object's version index: an update carrying a stale index is
// refused with "update out of sequence". We then read the object again and
// retry once; a second refusal, and every other error, reaches the caller as
// the engine sent it, so the UI can show the engine's own words.

import type {ObjectVersion} from './types.js';

/** The words swarmkit uses when the version index sent is not the current one. */
export const OUT_OF_SEQUENCE = 'update out of sequence';

interface EngineErrorShape {
  message?: unknown;
  json?: {message?: unknown} | null;
}

/** Whether the engine refused an update because the object changed since it was read. */
export function isOutOfSequence(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const {message, json} = error as EngineErrorShape;
  return [json?.message, message].some(text => typeof text === 'string' && text.toLowerCase().includes(OUT_OF_SEQUENCE));
}

/**
 * Reads the object, lets `write` derive and send the new spec with the version
 * it read, and on an out-of-sequence refusal does both once more. `write` runs
 * its checks against the object it is given, so a retry re-checks fresh state.
 */
export async function updateWithRetry<T extends {Version: ObjectVersion}>(read: () => Promise<T>, write: (current: T) => Promise<void>): Promise<void> {
  try {
    await write(await read());
  } catch (error) {
    if (!isOutOfSequence(error)) throw error;
    await write(await read());
  }
}

/**
 * What dockerode's `update()` needs for POST /…/{id}/update?version=N[&…] with
 * `spec` as the JSON body. docker-modem puts a plain options object in both the
 * query string and the body; `_query` and `_body` keep each where it belongs
 * (otherwise the whole spec would also be JSON-encoded into the URL).
 */
export function updateRequest(
  version: ObjectVersion,
  spec: object,
  query: Record<string, string> = {},
): {_query: Record<string, string | number>; _body: object} {
  return {_query: {version: version.Index, ...query}, _body: spec};
}
