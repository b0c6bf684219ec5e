// A stack's files read whole, as `docker stack deploy -c a.yml -c b.yml NAME` reads them:
// each file loaded and checked (with `.env` beside the first one under the environment on request),
// the files merged, then every service, network, secret, config and mounted volume converted. Every
// refusal names its file and line. Pure: the caller supplies the file reads.
import path from 'node:path';
import type {ServiceSpec} from '../../docker/types.js';
import type {ComposeLocation, ComposeProblem, IgnoredKey} from './plan-types.js';
import {parseEnvFile} from './interpolate.js';
import {type LoadedFile, type Value, loadCompose} from './load.js';
import {mergeCompose} from './merge.js';
import {checkCompose} from './schema.js';
import {convertService} from './convert-service.js';
import {type ConvertContext, ComposeError} from './names.js';
import {type StackObject, stackNetworks, stackStored, stackVolumes} from './convert-objects.js';

export interface ComposeFiles {
  /** Reads a file whole; throws (ENOENT and the like) when it cannot. */
  readBytes(file: string): Uint8Array;
}

export interface DesiredStack {
  stack: string;
  /** By the service's key in the file, in name order. */
  services: Array<{key: string; spec: ServiceSpec}>;
  networks: StackObject[];
  secrets: StackObject[];
  configs: StackObject[];
  /** The named volumes some service mounts. */
  volumes: StackObject[];
  ignored: IgnoredKey[];
}

export interface ReadOptions {
  /**
   * Read `.env` beside the first file for interpolation (the environment still wins).
   * `docker stack deploy` does not (docker compose does): off, the plan agrees with the CLI.
   */
  dotEnv?: boolean;
}

export type ReadStack = {ok: true; stack: DesiredStack} | {ok: false; problems: ComposeProblem[]};

const decoder = new TextDecoder();

/** The schema version docker CLI 28 assumes for a file that names none. */
const LATEST_VERSION = '3.13';

/** The stack the files describe, or every reason the CLI would refuse them. */
export function readStack(
  stack: string,
  files: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: ComposeFiles,
  options: ReadOptions = {},
): ReadStack {
  if (files.length === 0) return {ok: false, problems: [{file: '', line: 0, message: 'no compose file given (-c FILE)'}]};
  const workingDir = path.dirname(path.resolve(files[0]!));
  // The environment wins over `.env`, as the CLI reads them.
  const dotEnv = new Map<string, string>();
  if (options.dotEnv) {
    try {
      for (const [key, value] of parseEnvFile(decoder.decode(io.readBytes(path.join(workingDir, '.env'))))) dotEnv.set(key, value);
    } catch {
      // No .env beside the first file: the environment alone.
    }
  }
  const lookup = (name: string): string | undefined => env[name] ?? dotEnv.get(name);
  const problems: ComposeProblem[] = [];
  const ignored: IgnoredKey[] = [];
  const loaded: LoadedFile[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = decoder.decode(io.readBytes(file));
    } catch (error) {
      problems.push({file, line: 0, message: `cannot read the file: ${(error as Error).message}`});
      continue;
    }
    const result = loadCompose(file, text, lookup);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const checked = checkCompose(file, result.loaded.data, result.loaded.lines);
    problems.push(...checked.problems);
    ignored.push(...checked.ignored);
    loaded.push(result.loaded);
  }
  if (problems.length > 0) return {ok: false, problems};
  // The CLI merges only files of one schema version; a file without one is read as the latest.
  const versions = loaded.map(file => String(file.data.version ?? LATEST_VERSION));
  const other = versions.findIndex(version => version !== versions[0]);
  if (other !== -1) {
    const file = loaded[other]!;
    return {
      ok: false,
      problems: [
        {file: file.file, line: file.lines.get('version') ?? 0, message: `version mismatched between two composefiles : ${versions[0]} and ${versions[other]}`},
      ],
    };
  }
  const merged = mergeCompose(loaded);
  const context: ConvertContext = {stack, compose: merged.data, workingDir, lookup, readText: file => decoder.decode(io.readBytes(file))};
  const locate = (key: string): ComposeLocation => {
    // The deepest part of the key the files hold a line for.
    for (let parts = key.split('.'); parts.length > 0; parts = parts.slice(0, -1)) {
      const found = merged.where.get(parts.join('.'));
      if (found) return found;
    }
    return {file: files[0]!, line: 0};
  };
  const refused = (error: unknown): ComposeProblem => {
    if (error instanceof ComposeError) return {...locate(error.key), message: error.message};
    throw error;
  };
  const services: DesiredStack['services'] = [];
  const declared = (merged.data.services ?? {}) as {[key: string]: Value};
  for (const key of Object.keys(declared).sort()) {
    try {
      services.push({key, spec: convertService(key, (declared[key] ?? {}) as {[key: string]: Value}, context)});
    } catch (error) {
      problems.push(refused(error));
    }
  }
  const objects = (read: () => StackObject[]): StackObject[] => {
    try {
      return read();
    } catch (error) {
      problems.push(refused(error));
      return [];
    }
  };
  const networks = objects(() => stackNetworks(declared, context));
  const secrets = objects(() => stackStored('secret', context, io.readBytes));
  const configs = objects(() => stackStored('config', context, io.readBytes));
  const volumes = objects(() =>
    stackVolumes(
      services.map(service => service.spec),
      context,
    ),
  );
  if (problems.length > 0) return {ok: false, problems};
  return {ok: true, stack: {stack, services, networks, secrets, configs, volumes, ignored}};
}
