// A service's volumes as mounts: a named volume scoped to the stack (`<stack>_data`,
// labelled with the namespace unless external), a bind with its source made absolute
// against the first file's directory, a tmpfs with its size. Short and long forms. Pure.
import path from 'node:path';
import type {Value} from './load.js';
import {type ConvertContext, ComposeError, isTrue, objectName, withStackLabel} from './names.js';
import {sizeBytes} from './units.js';

type Map_ = {[key: string]: Value};

function isPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
}

function short(text: string): Map_ {
  const parts = text.split(':');
  if (parts.length === 1) return {type: 'volume', target: parts[0]!};
  const [source, target, options = ''] = parts;
  const flags = options.split(',');
  return {
    type: isPath(source!) ? 'bind' : 'volume',
    source: source!,
    target: target!,
    read_only: flags.includes('ro'),
    ...(flags.includes('nocopy') ? {volume: {nocopy: true}} : {}),
  };
}

export function mountsOf(value: Value | undefined, service: string, context: ConvertContext): object[] | undefined {
  if (value === undefined || value === null) return undefined;
  const declared = (context.compose.volumes ?? {}) as Map_;
  return (value as Value[]).map((entry, index) => {
    const key = `services.${service}.volumes.${index}`;
    const volume = typeof entry === 'string' ? short(entry) : (entry as Map_);
    const type = String(volume.type ?? 'volume');
    const target = String(volume.target ?? '');
    const readOnly = volume.read_only === true || volume.read_only === 'true' ? true : undefined;
    if (type === 'bind') {
      const source = String(volume.source ?? '');
      const home = context.lookup('HOME') ?? '';
      const absolute = source.startsWith('~') ? path.join(home, source.slice(1)) : path.resolve(context.workingDir, source);
      const propagation = (volume.bind as Map_ | undefined)?.propagation;
      return {Type: 'bind', Source: absolute, Target: target, ReadOnly: readOnly, BindOptions: propagation ? {Propagation: propagation} : undefined};
    }
    if (type === 'tmpfs') {
      const size = (volume.tmpfs as Map_ | undefined)?.size;
      const bytes = size === undefined || size === null ? undefined : sizeBytes(size as string);
      if (size !== undefined && size !== null && bytes === undefined) throw new ComposeError(key, `${key}: invalid tmpfs size "${String(size)}"`);
      return {Type: 'tmpfs', Target: target, ReadOnly: readOnly, TmpfsOptions: bytes === undefined ? undefined : {SizeBytes: bytes}};
    }
    if (type !== 'volume') throw new ComposeError(key, `${key}: volume type "${type}" is not supported by stack deploy`);
    const source = volume.source === undefined || volume.source === null ? '' : String(volume.source);
    const noCopy = (volume.volume as Map_ | undefined)?.nocopy === true ? true : undefined;
    // An anonymous volume belongs to its task alone: nothing to scope or label.
    if (source === '') return {Type: 'volume', Target: target, ReadOnly: readOnly, VolumeOptions: noCopy ? {NoCopy: true} : undefined};
    if (!(source in declared)) throw new ComposeError(key, `service ${service}: undefined volume "${source}"`);
    const config = (declared[source] ?? {}) as Map_;
    const name = objectName(context.stack, source, config);
    if (isTrue(config.external)) return {Type: 'volume', Source: name, Target: target, ReadOnly: readOnly, VolumeOptions: noCopy ? {NoCopy: true} : undefined};
    const driver = config.driver;
    return {
      Type: 'volume',
      Source: name,
      Target: target,
      ReadOnly: readOnly,
      VolumeOptions: {
        NoCopy: noCopy,
        Labels: withStackLabel(context.stack, config.labels),
        DriverConfig: driver || config.driver_opts ? {Name: driver ?? undefined, Options: config.driver_opts ?? undefined} : undefined,
      },
    };
  });
}
