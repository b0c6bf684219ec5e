// What `docker stack deploy` accepts in a file (the compose 3.x schema, the keys it
// honours) and what it reads but ignores. A key outside the schema is refused as the
// CLI refuses it ("Additional property … is not allowed"); a wrong type likewise. Pure.
import type {ComposeProblem, IgnoredKey} from './plan-types.js';
import {type Lines, type Value, pathKey} from './load.js';

type Type =
  'string' | 'number' | 'boolean' | 'list' | 'map' | 'any' | 'string|number' | 'list|map' | 'string|list' | 'string|map' | 'string|list|map' | 'number|map';
type Schema = {[key: string]: Type | Schema | {each: Schema}};

const resourceSet: Schema = {cpus: 'string|number', memory: 'string|number', pids: 'number', generic_resources: 'list'};
const updateConfig: Schema = {
  parallelism: 'number',
  delay: 'string',
  failure_action: 'string',
  monitor: 'string',
  max_failure_ratio: 'number',
  order: 'string',
};

const deploy: Schema = {
  mode: 'string',
  replicas: 'number',
  labels: 'list|map',
  endpoint_mode: 'string',
  update_config: updateConfig,
  rollback_config: updateConfig,
  resources: {limits: resourceSet, reservations: resourceSet},
  restart_policy: {condition: 'string', delay: 'string', max_attempts: 'number', window: 'string'},
  placement: {constraints: 'list', preferences: 'list', max_replicas_per_node: 'number'},
};

/** Keys a service may hold that stack deploy honours, with their types. */
const service: Schema = {
  image: 'string',
  command: 'string|list',
  entrypoint: 'string|list',
  environment: 'list|map',
  env_file: 'string|list',
  labels: 'list|map',
  deploy,
  ports: 'list',
  networks: 'list|map',
  secrets: 'list',
  configs: 'list',
  volumes: 'list',
  healthcheck: {
    test: 'string|list',
    interval: 'string',
    timeout: 'string',
    retries: 'number',
    start_period: 'string',
    start_interval: 'string',
    disable: 'boolean',
  },
  user: 'string',
  working_dir: 'string',
  hostname: 'string',
  extra_hosts: 'list|map',
  dns: 'string|list',
  dns_search: 'string|list',
  stop_grace_period: 'string',
  stop_signal: 'string',
  init: 'boolean',
  cap_add: 'list',
  cap_drop: 'list',
  sysctls: 'list|map',
  ulimits: 'map',
  logging: {driver: 'string', options: 'map'},
  isolation: 'string',
  read_only: 'boolean',
  tty: 'boolean',
  stdin_open: 'boolean',
  restart: 'string',
  credential_spec: 'map',
  oom_score_adj: 'number',
};

/**
 * Keys the CLI parses but does not carry into a service: it prints them as unsupported or
 * deprecated (or, for depends_on and the like, drops them without a word). Listed, never sent.
 */
export const IGNORED_SERVICE_KEYS = [
  'build',
  'cgroup_parent',
  'cgroupns_mode',
  'container_name',
  'depends_on',
  'devices',
  'domainname',
  'expose',
  'external_links',
  'ipc',
  'links',
  'mac_address',
  'network_mode',
  'pid',
  'privileged',
  'security_opt',
  'shm_size',
  'userns_mode',
  'volumes_from',
  'profiles',
  'platform',
  'pull_policy',
  // Parsed, but the conversion never reads it (a tmpfs is a `volumes:` entry of type tmpfs in a stack).
  'tmpfs',
] as const;

const objectFile: Schema = {
  file: 'string',
  external: 'any',
  name: 'string',
  labels: 'list|map',
  driver: 'string',
  driver_opts: 'map',
  template_driver: 'string',
};
const top: Schema = {
  version: 'string|number',
  services: 'map',
  networks: 'map',
  volumes: 'map',
  secrets: 'map',
  configs: 'map',
};
const network: Schema = {
  driver: 'string',
  driver_opts: 'map',
  ipam: 'map',
  external: 'any',
  internal: 'boolean',
  attachable: 'boolean',
  labels: 'list|map',
  name: 'string',
};
const volume: Schema = {driver: 'string', driver_opts: 'map', external: 'any', labels: 'list|map', name: 'string'};

function typeOf(value: Value): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'map';
  return typeof value;
}

// An interpolated number arrives as a string ("${REPLICAS}"): the CLI casts it where its schema wants a number or a boolean.
function fits(type: Type, value: Value): boolean {
  if (type === 'any' || value === null) return true;
  const actual = typeOf(value);
  const allowed = type.split('|');
  if (allowed.includes(actual)) return true;
  if (actual === 'string' && allowed.includes('number')) return /^-?\d+(\.\d+)?$/.test(value as string);
  if (actual === 'string' && allowed.includes('boolean')) return /^(true|false|yes|no|y|n|on|off)$/i.test(value as string);
  return false;
}

export interface Checked {
  problems: ComposeProblem[];
  ignored: IgnoredKey[];
}

/** Every unknown key and wrong type in one file, and every ignored key, with their lines. */
export function checkCompose(file: string, data: {[key: string]: Value}, lines: Lines): Checked {
  const problems: ComposeProblem[] = [];
  const ignored: IgnoredKey[] = [];
  const at = (path: (string | number)[]) => lines.get(pathKey(path)) ?? 0;
  const check = (value: Value, schema: Schema, path: (string | number)[]): void => {
    if (value === null) return;
    if (typeOf(value) !== 'map') {
      problems.push({file, line: at(path), message: `${pathKey(path)} must be a mapping`});
      return;
    }
    for (const [key, inner] of Object.entries(value as {[key: string]: Value})) {
      const child = [...path, key];
      const rule = schema[key];
      if (rule === undefined) {
        if (schema === service && (IGNORED_SERVICE_KEYS as readonly string[]).includes(key)) {
          ignored.push({file, line: at(child), key: pathKey(child)});
          continue;
        }
        // Extension fields are the file's own: the CLI allows x-* keys anywhere it allows keys.
        if (key.startsWith('x-')) continue;
        problems.push({file, line: at(child), message: `${pathKey(path) || 'top level'}: Additional property ${key} is not allowed`});
        continue;
      }
      if (typeof rule === 'string') {
        if (!fits(rule, inner))
          problems.push({file, line: at(child), message: `${pathKey(child)} must be a ${rule.replaceAll('|', ' or ')}, not a ${typeOf(inner)}`});
      } else if ('each' in rule) {
        checkEach(inner, rule.each as Schema, child);
      } else check(inner, rule as Schema, child);
    }
  };
  const checkEach = (value: Value, schema: Schema, path: (string | number)[]) => {
    if (value === null) return;
    if (typeOf(value) !== 'map') {
      problems.push({file, line: at(path), message: `${pathKey(path)} must be a mapping`});
      return;
    }
    for (const [key, inner] of Object.entries(value as {[key: string]: Value})) check(inner ?? {}, schema, [...path, key]);
  };
  check(data, top, []);
  const sections: Array<[string, Schema]> = [
    ['services', service],
    ['networks', network],
    ['volumes', volume],
    ['secrets', objectFile],
    ['configs', objectFile],
  ];
  for (const [name, schema] of sections) {
    const section = data[name];
    if (section && typeOf(section) === 'map') checkEach(section, schema, [name]);
  }
  return {problems, ignored};
}
