// The stack's networks, secrets and configs as `docker stack deploy` creates them: only
// the networks some service uses (the default one included), every declared secret and
// config with its file's content, names scoped to the stack unless `name:` or external
// says otherwise, each labelled with the namespace. And the named volumes some service
// mounts, as each node's engine creates them from the mount. Pure: files are read by the caller's function.
import path from 'node:path';
import type {ServiceSpec} from '../../docker/types.js';
import type {DesiredObject} from './plan-types.js';
import type {Value} from './load.js';
import {type ConvertContext, ComposeError, isTrue, objectName, withStackLabel} from './names.js';

type Map_ = {[key: string]: Value};

/** A network, secret or config the stack refers to: external ones must exist; the others carry what to create. */
export interface StackObject {
  /** The key in the file (`default`, `db_password`). */
  key: string;
  /** The engine's name. */
  name: string;
  external: boolean;
  desired?: DesiredObject;
}

const stringMap = (value: Value | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries((value ?? {}) as Map_).map(([key, inner]) => [key, inner === null ? '' : String(inner)]));

/** The networks the services use, as the CLI creates them (overlay unless a driver is named). */
export function stackNetworks(services: Map_, context: ConvertContext): StackObject[] {
  const declared = (context.compose.networks ?? {}) as Map_;
  const used = new Set<string>();
  for (const service of Object.values(services) as Map_[]) {
    const named = service?.networks;
    const keys = named === undefined || named === null ? [] : Array.isArray(named) ? named.map(String) : Object.keys(named);
    if (keys.length === 0) used.add('default');
    for (const key of keys) used.add(key);
  }
  return [...used].sort().map(key => {
    const config = (declared[key] ?? {}) as Map_;
    const name = objectName(context.stack, key, config);
    if (isTrue(config.external)) return {key, name, external: true};
    const ipam = config.ipam as Map_ | undefined;
    const desired: DesiredObject = {
      kind: 'network',
      name,
      driver: typeof config.driver === 'string' && config.driver !== '' ? config.driver : 'overlay',
      options: stringMap(config.driver_opts),
      labels: withStackLabel(context.stack, config.labels),
      attachable: config.attachable === true,
      internal: config.internal === true,
      ...(ipam && (ipam.driver || ipam.config)
        ? {ipam: {Driver: ipam.driver ?? undefined, Config: ((ipam.config ?? []) as Map_[]).map(pool => ({Subnet: pool.subnet ?? undefined}))}}
        : {}),
    };
    return {key, name, external: false, desired};
  });
}

/** Every declared secret or config; the content of each file-based one is read. */
export function stackStored(kind: 'secret' | 'config', context: ConvertContext, readBytes: (file: string) => Uint8Array): StackObject[] {
  const declared = (context.compose[`${kind}s`] ?? {}) as Map_;
  return Object.keys(declared)
    .sort()
    .map(key => {
      const config = (declared[key] ?? {}) as Map_;
      const name = objectName(context.stack, key, config);
      if (isTrue(config.external)) return {key, name, external: true};
      const at = `${kind}s.${key}`;
      if (typeof config.file !== 'string') throw new ComposeError(at, `${kind} ${key}: neither file nor external is given`);
      const file = path.resolve(context.workingDir, config.file);
      let data: Uint8Array;
      try {
        data = readBytes(file);
      } catch (error) {
        throw new ComposeError(`${at}.file`, `${kind} ${key}: cannot read ${file}: ${(error as Error).message}`);
      }
      const desired: DesiredObject = {
        kind,
        name,
        labels: withStackLabel(context.stack, config.labels),
        data,
        ...(typeof config.template_driver === 'string' ? {templateDriver: config.template_driver} : {}),
        ...(kind === 'secret' && typeof config.driver === 'string' ? {driver: config.driver} : {}),
      };
      return {key, name, external: false, desired};
    });
}

/**
 * The top-level volumes some service mounts (a declared one no service mounts is never made
 * anywhere, so it has no entry). The CLI sends none: a node's engine creates one, from the
 * mount's driver, options and labels, when a task there mounts it; an external one is not given them.
 */
export function stackVolumes(specs: readonly ServiceSpec[], context: ConvertContext): StackObject[] {
  const declared = (context.compose.volumes ?? {}) as Map_;
  const mounted = new Set<string>();
  for (const spec of specs)
    for (const mount of spec.TaskTemplate.ContainerSpec?.Mounts ?? []) if (mount.Type === 'volume' && mount.Source) mounted.add(mount.Source);
  return Object.keys(declared)
    .sort()
    .flatMap((key): StackObject[] => {
      const config = (declared[key] ?? {}) as Map_;
      const name = objectName(context.stack, key, config);
      if (!mounted.has(name)) return [];
      if (isTrue(config.external)) return [{key, name, external: true}];
      const desired: DesiredObject = {
        kind: 'volume',
        name,
        driver: typeof config.driver === 'string' && config.driver !== '' ? config.driver : 'local',
        options: stringMap(config.driver_opts),
        labels: withStackLabel(context.stack, config.labels),
      };
      return [{key, name, external: false, desired}];
    });
}
