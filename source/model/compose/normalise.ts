// A service spec as the plan compares it. What the CLI sends and what the engine returns
// for the same deploy differ in ways that mean nothing: Go leaves zero values out, the
// engine fills in defaults the CLI never sent (isolation "default", endpoint mode "vip",
// update order "stop-first"…), names networks by ID where the CLI named them, and
// `--resolve-image` pins a digest. Both sides go through the same steps here, so what is
// left to differ is what a deploy would change. Pure.
import type {ServiceSpec} from '../../docker/types.js';

type Json = {[key: string]: unknown};

// Go's omitempty: a zero, an empty string or list or map, false, and null are not sent.
function pruned(value: unknown): unknown {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return undefined;
  if (Array.isArray(value)) {
    const items = value.map(pruned).filter(item => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === 'object') {
    // Keys in one order, so two objects that say the same compare as the same text.
    const out: Json = {};
    for (const [key, inner] of Object.entries(value as Json).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const kept = pruned(inner);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}

// A mode is a choice of key, and a replica count of 0 is a count: both kept through the pruning.
function modeOf(mode: ServiceSpec['Mode'] | undefined): ServiceSpec['Mode'] {
  if (mode?.Global) return {Global: {}};
  if (mode?.GlobalJob) return {GlobalJob: {}};
  if (mode?.ReplicatedJob) {
    const concurrent = mode.ReplicatedJob.MaxConcurrent ?? 1;
    return {ReplicatedJob: {MaxConcurrent: concurrent, TotalCompletions: mode.ReplicatedJob.TotalCompletions ?? concurrent}};
  }
  return {Replicated: {Replicas: mode?.Replicated?.Replicas ?? 1}};
}

export interface NormaliseContext {
  /** Network ID → name, to read a live spec's attachments as the names a file uses. */
  networkNames: ReadonlyMap<string, string>;
}

const ENGINE_DEFAULTS: Array<[path: string[], value: unknown]> = [
  [['TaskTemplate', 'ContainerSpec', 'Isolation'], 'default'],
  [['TaskTemplate', 'Runtime'], 'container'],
  [['EndpointSpec', 'Mode'], 'vip'],
  [['UpdateConfig', 'FailureAction'], 'pause'],
  [['UpdateConfig', 'Order'], 'stop-first'],
  [['RollbackConfig', 'FailureAction'], 'pause'],
  [['RollbackConfig', 'Order'], 'stop-first'],
];

function dropDefault(spec: Json, path: string[], value: unknown): void {
  let at: Json | undefined = spec;
  for (const key of path.slice(0, -1)) at = at?.[key] as Json | undefined;
  if (at && at[path.at(-1)!] === value) delete at[path.at(-1)!];
}

/** `spec` in the form both sides are compared in (a copy). */
export function comparable(spec: ServiceSpec, context: NormaliseContext): ServiceSpec {
  const copy = JSON.parse(JSON.stringify(spec)) as ServiceSpec & Json;
  const template = copy.TaskTemplate as ServiceSpec['TaskTemplate'] & Json;
  // Stack deploy carries the live ForceUpdate over: it never restarts a service by itself.
  delete template.ForceUpdate;
  // The engine fills in the platforms when it resolves the image; a file never names them.
  if (template.Placement) delete template.Placement.Platforms;
  template.Networks = template.Networks?.map(network => ({...network, Target: context.networkNames.get(network.Target) ?? network.Target}));
  // The order of attachments, aliases, secrets and configs is the CLI's sort, not a meaning.
  template.Networks?.sort((a, b) => (a.Target < b.Target ? -1 : a.Target > b.Target ? 1 : 0));
  for (const network of template.Networks ?? []) network.Aliases?.sort();
  const mode = modeOf(copy.Mode);
  const out = (pruned(copy) ?? {}) as Json;
  for (const [path, value] of ENGINE_DEFAULTS) dropDefault(out, path, value);
  // Dropping a default can leave an empty object behind: pruned again, then the mode put back.
  return {...((pruned(out) ?? {}) as Json), Mode: mode} as unknown as ServiceSpec;
}

/** `image:tag@sha256:…` → `image:tag`; undefined when the image carries no digest. */
export function withoutDigest(image: string | undefined): string | undefined {
  const match = /^(.+)@sha256:[0-9a-f]{64}$/.exec(image ?? '');
  return match ? match[1] : undefined;
}
