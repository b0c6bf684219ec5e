// What every conversion shares: the stack's names and labels, the context a service is
// converted in, and the error that names the key the CLI would refuse. Pure.
import type {Value} from './load.js';
import {listAsMap} from './merge.js';

export const NAMESPACE_LABEL = 'com.docker.stack.namespace';
export const IMAGE_LABEL = 'com.docker.stack.image';

/** A value the CLI would refuse, with the key it sits under (the caller finds its line). */
export class ComposeError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

type Map_ = {[key: string]: Value};

export interface ConvertContext {
  stack: string;
  /** The whole merged file: top-level networks, volumes, secrets and configs are looked up in it. */
  compose: Map_;
  /** Relative paths (env_file, binds, secret files) are relative to the first file's directory. */
  workingDir: string;
  lookup: (name: string) => string | undefined;
  readText: (file: string) => string;
}

export function scoped(stack: string, name: string): string {
  return `${stack}_${name}`;
}

export function withStackLabel(stack: string, labels: Value | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(listAsMap(labels ?? {}))) out[key] = value === null ? '' : String(value);
  out[NAMESPACE_LABEL] = stack;
  return out;
}

/** What a top-level network, secret or config is called on the engine: `name:`, an external's own name, or `<stack>_<key>`. */
export function objectName(stack: string, key: string, config: Value | undefined): string {
  const object = (config ?? {}) as Map_;
  if (typeof object.name === 'string') return object.name;
  const external = object.external;
  if (external && typeof external === 'object' && !Array.isArray(external) && typeof external.name === 'string') return external.name;
  if (isTrue(external)) return key;
  return scoped(stack, key);
}

export function isTrue(value: Value | undefined): boolean {
  return (
    value === true || (typeof value === 'string' && /^(true|yes|y|on)$/i.test(value)) || (typeof value === 'object' && value !== null && !Array.isArray(value))
  );
}
