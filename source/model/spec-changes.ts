import type {ServiceSpec} from '../docker/types.js';

// What an update changed, field by field, from a service's PreviousSpec to its
// Spec, in the words an operator uses ("image", "env MODE", "memory reserved")
// rather than the API's paths. Lists that are sets (constraints, env, mounts,
// ports) compare by member, so a reordering is not a change. Pure.

export interface SpecChange {
  field: string;
  /** Absent: the field (or list member) was added. */
  from?: string;
  /** Absent: it was removed. */
  to?: string;
}

type Flat = Map<string, string>;

// API paths an operator knows by another name; the rest are named from their path.
const names: Array<[RegExp, string]> = [
  [/^TaskTemplate\.ContainerSpec\.Image$/, 'image'],
  [/^Mode\.Replicated\.Replicas$/, 'replicas'],
  [/^TaskTemplate\.ContainerSpec\.Env\.(.+)$/, 'env $1'],
  [/^TaskTemplate\.ContainerSpec\.Args$/, 'args'],
  [/^TaskTemplate\.ContainerSpec\.Command$/, 'command'],
  [/^TaskTemplate\.ContainerSpec\.Labels\.(.+)$/, 'container label $1'],
  [/^TaskTemplate\.ContainerSpec\.Mounts$/, 'mount'],
  [/^TaskTemplate\.ContainerSpec\.Secrets$/, 'secret'],
  [/^TaskTemplate\.ContainerSpec\.Configs$/, 'config'],
  [/^TaskTemplate\.ContainerSpec\.(\w+)$/, '$1'],
  [/^TaskTemplate\.Resources\.Reservations\.MemoryBytes$/, 'memory reserved'],
  [/^TaskTemplate\.Resources\.Reservations\.NanoCPUs$/, 'CPUs reserved'],
  [/^TaskTemplate\.Resources\.Limits\.MemoryBytes$/, 'memory limit'],
  [/^TaskTemplate\.Resources\.Limits\.NanoCPUs$/, 'CPU limit'],
  [/^TaskTemplate\.Resources\.Limits\.Pids$/, 'pids limit'],
  [/^TaskTemplate\.Placement\.Constraints$/, 'constraint'],
  [/^TaskTemplate\.Placement\.Preferences$/, 'placement preference'],
  [/^TaskTemplate\.Placement\.MaxReplicas$/, 'max replicas per node'],
  [/^TaskTemplate\.Placement\.Platforms$/, 'platform'],
  [/^TaskTemplate\.RestartPolicy\.(\w+)$/, 'restart $1'],
  [/^TaskTemplate\.Networks$/, 'network'],
  [/^TaskTemplate\.ForceUpdate$/, 'forced restart'],
  [/^UpdateConfig\.(\w+)$/, 'update $1'],
  [/^RollbackConfig\.(\w+)$/, 'rollback $1'],
  [/^EndpointSpec\.Ports$/, 'port'],
  [/^EndpointSpec\.Mode$/, 'endpoint mode'],
  [/^Labels\.(.+)$/, 'label $1'],
];

function fieldName(path: string): string {
  for (const [pattern, name] of names) {
    if (pattern.test(path)) return path.replace(pattern, name);
  }
  return path;
}

function sizeOf(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

function durationOf(ns: number): string {
  if (ns === 0) return '0s';
  if (ns % 60e9 === 0) return `${ns / 60e9}m`;
  if (ns % 1e9 === 0) return `${ns / 1e9}s`;
  if (ns % 1e6 === 0) return `${ns / 1e6}ms`;
  return `${ns}ns`;
}

function valueText(path: string, value: unknown): string {
  if (typeof value === 'number') {
    if (/Bytes$/.test(path)) return sizeOf(value);
    if (/NanoCPUs$/.test(path)) return String(value / 1e9);
    if (/(Delay|Monitor|Window)$/.test(path)) return durationOf(value);
    return String(value);
  }
  // A digest pins what the tag meant at the time; the tag is what was asked for.
  if (typeof value === 'string') return path.endsWith('ContainerSpec.Image') ? value.replace(/@sha256:[0-9a-f]+$/, '') : value;
  if (Array.isArray(value)) return value.map(item => (typeof item === 'string' ? item : JSON.stringify(item))).join(' ');
  return JSON.stringify(value);
}

type Fields = Record<string, unknown>;

/** What is left of `item` once `used` keys are said in words, as JSON; '' when nothing is. */
function rest(item: Fields, used: readonly string[]): string {
  const left = Object.fromEntries(Object.entries(item).filter(([key]) => !used.includes(key)));
  return Object.keys(left).length === 0 ? '' : ` ${JSON.stringify(left)}`;
}

const modeText = (mode: unknown): string => (typeof mode === 'number' ? `0${mode.toString(8)}` : String(mode));

// A member of a set in the words of the CLI's flags, each field said, so two members that
// differ never read the same: `8080:80/tcp`, `db_password → /run/secrets/db (uid 0, gid 0,
// mode 0444)`. Fields not named here follow as JSON.
const memberWords: [RegExp, (item: Fields) => string][] = [
  [
    /EndpointSpec\.Ports$/,
    item => {
      const published = item['PublishedPort'] === undefined ? '' : `${String(item['PublishedPort'])}:`;
      const mode = item['PublishMode'] === undefined || item['PublishMode'] === 'ingress' ? '' : ` (${String(item['PublishMode'])})`;
      return `${published}${String(item['TargetPort'])}/${String(item['Protocol'] ?? 'tcp')}${mode}${rest(item, ['PublishedPort', 'TargetPort', 'Protocol', 'PublishMode'])}`;
    },
  ],
  [
    /ContainerSpec\.(Secrets|Configs)$/,
    item => {
      const name = String(item['SecretName'] ?? item['ConfigName']);
      const id = item['SecretID'] ?? item['ConfigID'];
      const file = item['File'] as Fields | undefined;
      const where =
        file === undefined
          ? ''
          : ` → ${String(file['Name'])} (uid ${String(file['UID'])}, gid ${String(file['GID'])}, mode ${modeText(file['Mode'])})${rest(file, ['Name', 'UID', 'GID', 'Mode'])}`;
      const runtime = item['Runtime'] === undefined ? '' : ' (runtime)';
      return `${name}${id === undefined ? '' : ` id ${String(id)}`}${where}${runtime}${rest(item, ['SecretName', 'ConfigName', 'SecretID', 'ConfigID', 'File', 'Runtime'])}`;
    },
  ],
  [
    /ContainerSpec\.Mounts$/,
    item =>
      `${String(item['Type'] ?? 'volume')} ${String(item['Source'] ?? '')}→${String(item['Target'])}${item['ReadOnly'] === true ? ' (ro)' : ''}${rest(item, ['Type', 'Source', 'Target', 'ReadOnly'])}`,
  ],
];

function memberText(path: string, item: unknown): string {
  if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
    const words = memberWords.find(([pattern]) => pattern.test(path));
    if (words) return words[1](item as Fields);
  }
  return valueText(path, item);
}

// Lists whose order means something: the command line.
const orderedLists = /(ContainerSpec\.(Args|Command))$/;

function flatten(value: unknown, path: string, out: Flat, sets: Map<string, Set<string>>): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    if (path.endsWith('ContainerSpec.Env')) {
      for (const entry of value as string[]) {
        const equals = entry.indexOf('=');
        out.set(`${path}.${equals === -1 ? entry : entry.slice(0, equals)}`, equals === -1 ? '' : entry.slice(equals + 1));
      }
      return;
    }
    if (orderedLists.test(path)) {
      out.set(path, valueText(path, value));
      return;
    }
    sets.set(path, new Set(value.map(item => memberText(path, item))));
    return;
  }
  if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      flatten(inner, path ? `${path}.${key}` : key, out, sets);
    }
    return;
  }
  out.set(path, valueText(path, value));
}

function flat(spec: ServiceSpec | undefined): {values: Flat; sets: Map<string, Set<string>>} {
  const values: Flat = new Map();
  const sets = new Map<string, Set<string>>();
  flatten(spec ? JSON.parse(JSON.stringify(spec)) : undefined, '', values, sets);
  return {values, sets};
}

/** The fields that differ from `before` to `after`, in a stable order. */
export function specChanges(before: ServiceSpec | undefined, after: ServiceSpec): SpecChange[] {
  const a = flat(before);
  const b = flat(after);
  const changes: SpecChange[] = [];
  for (const path of new Set([...a.values.keys(), ...b.values.keys()])) {
    const from = a.values.get(path);
    const to = b.values.get(path);
    if (from === to) continue;
    const change: SpecChange = {field: fieldName(path)};
    if (from !== undefined) change.from = from;
    if (to !== undefined) change.to = to;
    changes.push(change);
  }
  for (const path of new Set([...a.sets.keys(), ...b.sets.keys()])) {
    const from = a.sets.get(path) ?? new Set<string>();
    const to = b.sets.get(path) ?? new Set<string>();
    for (const item of from) if (!to.has(item)) changes.push({field: fieldName(path), from: item});
    for (const item of to) if (!from.has(item)) changes.push({field: fieldName(path), to: item});
  }
  return changes;
}

/** "image lab/busybox:1 → lab/busybox:2", "+ constraint node.role==worker", "- env DEBUG (1)". */
export function changeText(change: SpecChange): string {
  if (change.from === undefined) return `+ ${change.field} ${change.to}`;
  if (change.to === undefined) return `- ${change.field} (was ${change.from || '""'})`;
  return `${change.field} ${change.from || '""'} → ${change.to || '""'}`;
}
