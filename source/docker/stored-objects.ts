// Writing secrets and configs: their names and content checked as swarmkit checks
// them (so a bad one is refused here, named, and never sent), creation, removal.
// A secret's content goes to the engine once, base64 in the request body, and the
// caller's buffer is zeroed as soon as the request is made: nothing keeps it.

import type Dockerode from 'dockerode';
import {pathSegment, swarmId} from './ids.js';

export type StoredKind = 'secret' | 'config';

/** swarmkit's rule for secret and config names (validateConfigOrSecretAnnotations). */
const NAME = /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/;
export const MAX_STORED_NAME = 64;

/** The engine's size limits: a secret's data must be under 500 KiB, a config's under 1000 KiB. */
export const MAX_STORED_BYTES: Record<StoredKind, number> = {secret: 500 * 1024, config: 1000 * 1024};

/** Why `name` would be refused as a secret's or config's name, or undefined when the engine accepts it. */
export function storedNameProblem(name: string, kind: StoredKind): string | undefined {
  if (!name) return `enter a ${kind} name`;
  if (name.length > MAX_STORED_NAME) return `a ${kind} name is at most ${MAX_STORED_NAME} characters (this one has ${name.length})`;
  if (!NAME.test(name)) return `a ${kind} name uses only letters, digits, '-', '_' and '.', and starts and ends with a letter or digit`;
  return undefined;
}

/** Why `content` would be refused, or undefined. */
export function storedContentProblem(content: Uint8Array, kind: StoredKind): string | undefined {
  if (content.length === 0) return `the ${kind} is empty: the engine keeps no empty ${kind}s`;
  if (content.length >= MAX_STORED_BYTES[kind])
    return `the ${kind} is ${content.length} bytes: the engine takes less than ${MAX_STORED_BYTES[kind] / 1024} KiB`;
  return undefined;
}

export interface StoredObjectSpec {
  Name: string;
  Labels?: Record<string, string>;
}

/** Creates a secret or config holding `content` (zeroed once sent, whatever the answer); returns its ID. */
export async function createStored(docker: Dockerode, kind: StoredKind, spec: StoredObjectSpec, content: Uint8Array): Promise<string> {
  try {
    const problem = storedNameProblem(spec.Name, kind) ?? storedContentProblem(content, kind);
    if (problem) throw new Error(`${problem}; nothing was sent`);
    const body = {Name: spec.Name, Labels: spec.Labels ?? {}, Data: Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('base64')};
    const created = kind === 'secret' ? await docker.createSecret(body) : await docker.createConfig(body);
    // The new object's ID will go into URLs (its removal): checked like every other.
    return swarmId((created as {id?: unknown}).id, kind);
  } finally {
    content.fill(0);
  }
}

export async function removeStored(docker: Dockerode, kind: StoredKind, id: string): Promise<void> {
  const segment = pathSegment(swarmId(id, kind));
  await (kind === 'secret' ? docker.getSecret(segment).remove() : docker.getConfig(segment).remove());
}
