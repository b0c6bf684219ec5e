// The docker CLI's contexts, listed for `:ctx`: each with the engine it points
// at. The built-in "default" is always there, as in `docker context ls`.

import path from 'node:path';
import {readContextSummaries, resolveEndpoint} from './endpoint.js';

export interface DockerContextEntry {
  name: string;
  /** The engine URL, or why it cannot be used. */
  endpoint: string;
  usable: boolean;
  description: string;
}

/** Every context in $DOCKER_CONFIG (or ~/.docker), "default" first, the rest by name. */
export function listDockerContexts(env: NodeJS.ProcessEnv, homeDir: string): DockerContextEntry[] {
  const configDir = env['DOCKER_CONFIG']?.trim() || path.join(homeDir, '.docker');
  const metas = readContextSummaries(configDir);
  const entries = [{name: 'default', description: 'DOCKER_HOST or the default socket'}, ...metas.filter(meta => meta.name !== 'default')];
  return entries.map(({name, description}) => {
    try {
      return {name, endpoint: resolveEndpoint({context: name, env, homeDir}).url, usable: true, description};
    } catch (error) {
      return {name, endpoint: error instanceof Error ? error.message : String(error), usable: false, description};
    }
  });
}
