// The docker CLI's contexts, listed for `:ctx`: each with the engine it points
// at. The built-in "default" is always there, as in `docker context ls`.

import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {resolveEndpoint} from './endpoint.js';

export interface DockerContextEntry {
  name: string;
  /** The engine URL, or why it cannot be used. */
  endpoint: string;
  usable: boolean;
  description: string;
}

function contextMetas(configDir: string): Array<{name: string; description: string}> {
  const metaDir = path.join(configDir, 'contexts', 'meta');
  let ids: string[];
  try {
    ids = readdirSync(metaDir);
  } catch {
    return [];
  }
  const found: Array<{name: string; description: string}> = [];
  for (const id of ids) {
    try {
      const meta = JSON.parse(readFileSync(path.join(metaDir, id, 'meta.json'), 'utf8')) as {Name?: unknown; Metadata?: {Description?: unknown}};
      if (typeof meta?.Name === 'string') found.push({name: meta.Name, description: typeof meta.Metadata?.Description === 'string' ? meta.Metadata.Description : ''});
    } catch {
      // Listed anyway by name below only if readable; a broken one cannot be switched to.
    }
  }
  return found;
}

/** Every context in $DOCKER_CONFIG (or ~/.docker), "default" first, the rest by name. */
export function listDockerContexts(env: NodeJS.ProcessEnv, homeDir: string): DockerContextEntry[] {
  const configDir = env['DOCKER_CONFIG']?.trim() || path.join(homeDir, '.docker');
  const metas = contextMetas(configDir).sort((a, b) => a.name.localeCompare(b.name));
  const entries = [{name: 'default', description: 'DOCKER_HOST or the default socket'}, ...metas.filter(meta => meta.name !== 'default')];
  return entries.map(({name, description}) => {
    try {
      return {name, endpoint: resolveEndpoint({context: name, env, homeDir}).url, usable: true, description};
    } catch (error) {
      return {name, endpoint: error instanceof Error ? error.message : String(error), usable: false, description};
    }
  });
}
