// Several -c files as one, the way the CLI merges them. Within a service a later file's
// keys override the earlier ones and mappings merge key by key; environment and labels
// in list form merge as mappings; secrets and configs merge by source, volumes by target,
// ports by value; command and entrypoint are replaced; any other list is appended to.
// A top-level network, volume, secret or config is replaced whole. Each value keeps the
// file and line it came from. Pure.
import type {ComposeLocation} from './plan-types.js';
import type {LoadedFile, Value} from './load.js';

export interface MergedCompose {
  data: {[key: string]: Value};
  /** `services.web.image` → the file and line the value came from. */
  where: Map<string, ComposeLocation>;
}

type Map_ = {[key: string]: Value};

/** A `KEY=VALUE` (or bare `KEY`, a null value) list read as a mapping. */
export function listAsMap(value: Value): Map_ {
  if (!Array.isArray(value)) return (value ?? {}) as Map_;
  const out: Map_ = {};
  for (const item of value) {
    const text = String(item);
    const equals = text.indexOf('=');
    out[equals === -1 ? text : text.slice(0, equals)] = equals === -1 ? null : text.slice(equals + 1);
  }
  return out;
}

const isMap = (value: Value | undefined): value is Map_ => typeof value === 'object' && value !== null && !Array.isArray(value);

// How each list of a service is keyed when merged; a list not named here is appended to.
const KEYED: Record<string, (item: Value) => string> = {
  secrets: item => String(isMap(item) ? item.source : item),
  configs: item => String(isMap(item) ? item.source : item),
  volumes: item => (isMap(item) ? String(item.target) : (String(item).split(':')[String(item).split(':').length === 1 ? 0 : 1] ?? '')),
  ports: item => JSON.stringify(item),
};
const MAPPINGS = /^(environment|labels|deploy\.labels|sysctls|networks)$/;
const REPLACED = /^(command|entrypoint)$/;

function mergeService(base: Value | undefined, over: Value, path: string): Value {
  if (MAPPINGS.test(path)) {
    // A network listed by name is one with no settings.
    const asMap = (value: Value | undefined) =>
      path === 'networks' && Array.isArray(value) ? Object.fromEntries(value.map(name => [String(name), null])) : listAsMap(value ?? {});
    return {...asMap(base), ...asMap(over)};
  }
  if (REPLACED.test(path) || base === undefined || base === null || over === null) return over;
  if (Array.isArray(base) && Array.isArray(over)) {
    const key = KEYED[path];
    if (!key) return [...base, ...over];
    const merged = new Map<string, Value>();
    for (const item of [...base, ...over]) merged.set(key(item), item);
    return [...merged.values()];
  }
  if (isMap(base) && isMap(over)) {
    const out: Map_ = {...base};
    for (const [key, value] of Object.entries(over)) out[key] = mergeService(base[key], value, path ? `${path}.${key}` : key);
    return out;
  }
  return over;
}

function mergeFile(base: Map_, over: Map_): Map_ {
  const out: Map_ = {...base};
  for (const [section, value] of Object.entries(over)) {
    if (section === 'services' && isMap(value) && isMap(base.services)) {
      const services: Map_ = {...base.services};
      for (const [name, service] of Object.entries(value)) services[name] = name in services ? mergeService(services[name], service, '') : service;
      out.services = services;
    } else if (isMap(value) && isMap(base[section])) out[section] = {...base[section], ...value};
    else out[section] = value;
  }
  return out;
}

export function mergeCompose(files: readonly LoadedFile[]): MergedCompose {
  let data: Map_ = {};
  const where = new Map<string, ComposeLocation>();
  for (const loaded of files) {
    data = mergeFile(data, loaded.data);
    for (const [path, line] of loaded.lines) where.set(path, {file: loaded.file, line});
  }
  return {data, where};
}
