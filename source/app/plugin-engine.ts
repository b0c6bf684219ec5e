// The engine a plugin reaches as $DOCKER_HOST. Without --readonly it is the console's own
// engine URL. In --readonly a plugin's command (often the docker CLI) could write through
// that URL what the console itself refuses, so it gets the read-only gate instead: started
// on the first plugin run (a console without plugins pays nothing), forwarding to whichever
// manager the console uses now (after `:ctx` or a manager switch), closed with the console.

import {type DockerodeOptions, dockerodeOptions} from '../docker/client-options.js';
import type {Endpoint} from '../docker/endpoint.js';
import {type ReadOnlyGate, startReadOnlyGate} from '../docker/read-only-gate.js';

export interface PluginEngine {
  /** $DOCKER_HOST for a plugin run now: the engine URL, or (read-only) the gate's once it listens. */
  dockerHost(): string | Promise<string>;
  close(): Promise<void>;
}

/** `current` is the endpoint the console reads now; `sshArgs` reach it as the console does. */
export function pluginEngine(readOnly: boolean, current: () => Endpoint, sshArgs: readonly string[]): PluginEngine {
  let gate: Promise<ReadOnlyGate> | undefined;
  let forwardedTo: Endpoint | undefined;
  // The console's own choice of transport for this endpoint (socket, TLS material, its ssh master).
  const optionsFor = (endpoint: Endpoint): DockerodeOptions => dockerodeOptions(endpoint, undefined, process.env, {sshArgs});
  const follow = (opened: ReadOnlyGate): ReadOnlyGate => {
    const endpoint = current();
    if (endpoint !== forwardedTo) {
      if (forwardedTo) opened.forwardTo(optionsFor(endpoint));
      forwardedTo = endpoint;
    }
    return opened;
  };
  return {
    dockerHost() {
      if (!readOnly) return current().url;
      if (!gate) {
        forwardedTo = current();
        gate = startReadOnlyGate(optionsFor(forwardedTo));
        // A gate that failed to start is tried again on the next run.
        gate.catch(() => (gate = undefined));
      }
      return gate.then(opened => follow(opened).url);
    },
    async close() {
      const opened = await gate?.catch(() => undefined);
      gate = undefined;
      await opened?.close();
    },
  };
}
