// Several -c files as one, the way the CLI merges them: a later file's mapping keys
// override the earlier ones key by key; environment and labels in list form are read
// as mappings first so a later file overrides single variables; other lists are
// replaced whole. Each value keeps the file and line it came from. Pure.
import type {ComposeLocation} from './plan-types.js';
import type {LoadedFile, Value} from './load.js';

export interface MergedCompose {
  data: {[key: string]: Value};
  /** `services.web.image` → the file and line the value came from. */
  where: Map<string, ComposeLocation>;
}

// `KEY=VALUE` lists that are mappings in meaning.
const KEYED_LISTS = /^services\.[^.]+\.(environment|labels|deploy\.labels|sysctls)$/;

/** A `KEY=VALUE` (or bare `KEY`, a null value) list read as a mapping. */
export function listAsMap(value: Value): {[key: string]: Value} {
  if (!Array.isArray(value)) return (value ?? {}) as {[key: string]: Value};
  const out: {[key: string]: Value} = {};
  for (const item of value) {
    const text = String(item);
    const equals = text.indexOf('=');
    out[equals === -1 ? text : text.slice(0, equals)] = equals === -1 ? null : text.slice(equals + 1);
  }
  return out;
}

function mergeValue(base: Value | undefined, over: Value, path: string): Value {
  if (KEYED_LISTS.test(path)) return {...listAsMap(base ?? {}), ...listAsMap(over)};
  if (base && over && typeof base === 'object' && typeof over === 'object' && !Array.isArray(base) && !Array.isArray(over)) {
    const out: {[key: string]: Value} = {...base};
    for (const [key, value] of Object.entries(over)) out[key] = key in base ? mergeValue(base[key], value, path ? `${path}.${key}` : key) : value;
    return out;
  }
  return over;
}

export function mergeCompose(files: readonly LoadedFile[]): MergedCompose {
  let data: {[key: string]: Value} = {};
  const where = new Map<string, ComposeLocation>();
  for (const loaded of files) {
    data = mergeValue(data, loaded.data, '') as {[key: string]: Value};
    for (const [path, line] of loaded.lines) where.set(path, {file: loaded.file, line});
  }
  return {data, where};
}
