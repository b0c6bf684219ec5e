// What a stack is on the engine now, for a plan to compare a compose file against: the
// stack's services (by the namespace label `docker stack deploy` puts on them), and the
// networks, secrets and configs a file may refer to, its own or external, and the manager's volumes. Read through
// the client's decoded lists; every ID a deploy would send back is checked here, so a
// plan built from a malformed one is refused before anything is sent.
import type {ReadOnlySwarmClient} from './client.js';
import {describeError} from './errors.js';
import {isSwarmId, networkId, UnsafeIdError} from './ids.js';
import type {SwarmConfig, SwarmNetwork, SwarmSecret, SwarmService} from './types.js';
import type {SwarmVolume} from './types.js';

/** The label `docker stack deploy` marks a stack's objects with. */
export const STACK_NAMESPACE_LABEL = 'com.docker.stack.namespace';

export interface LiveStack {
  stack: string;
  /** The stack's services: the label says whose they are. */
  services: SwarmService[];
  /** Every network the engine lists: a stack may attach to external ones, and live specs name networks by ID. */
  networks: SwarmNetwork[];
  /** Every secret (names and labels: the engine never returns data); a service may use an external one. */
  secrets: SwarmSecret[];
  /** Every config, with its data (the engine returns it, base64). */
  configs: SwarmConfig[];
  /**
   * The manager's own volumes (a stack's volumes live on the nodes whose tasks mount them,
   * so this is the manager's view only); absent when they could not be read, and `volumesUnread` says why.
   */
  volumes?: SwarmVolume[];
  volumesUnread?: string;
}

export type LiveStackRead = {ok: true; live: LiveStack} | {ok: false; error: string};

function checkIds<T>(objects: readonly T[], id: (object: T) => string, kind: 'service' | 'secret' | 'config'): void {
  for (const object of objects) if (!isSwarmId(id(object))) throw new UnsafeIdError(kind, id(object), '25 lowercase letters and digits');
}

/** The stack's live objects, or the engine's refusal in full. A client without the secrets or configs read cannot plan them, and says so. */
export async function readLiveStack(client: ReadOnlySwarmClient, stack: string, signal?: AbortSignal): Promise<LiveStackRead> {
  try {
    const missing = (['networks', 'secrets', 'configs'] as const).filter(name => client[name] === undefined);
    if (missing.length > 0) return {ok: false, error: `this connection cannot read ${missing.join(', ')}, which a stack plan compares`};
    // A refused volume read (a socket proxy that forbids /volumes) costs only what the plan says of volumes.
    const volumes = client.volumes
      ? client.volumes.list(signal).then(
          listed => ({listed}),
          (error: unknown) => ({unread: describeError(error)}),
        )
      : Promise.resolve({unread: 'this connection cannot read volumes'});
    const [services, networks, secrets, configs, volumeRead] = await Promise.all([
      client.services.list(signal),
      client.networks!.list(signal),
      client.secrets!.list(signal),
      client.configs!.list(signal),
      volumes,
    ]);
    const own = services.filter(service => service.Spec.Labels?.[STACK_NAMESPACE_LABEL] === stack);
    checkIds(own, service => service.ID, 'service');
    checkIds(secrets, secret => secret.ID, 'secret');
    checkIds(configs, config => config.ID, 'config');
    for (const network of networks) networkId(network.Id);
    const volumeFields = 'listed' in volumeRead ? {volumes: volumeRead.listed} : {volumesUnread: volumeRead.unread};
    return {ok: true, live: {stack, services: own, networks: [...networks], secrets: [...secrets], configs: [...configs], ...volumeFields}};
  } catch (error) {
    return {ok: false, error: describeError(error)};
  }
}
