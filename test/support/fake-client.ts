import type {SwarmClient} from '../../source/docker/client.js';
import type {SwarmSnapshot} from '../../source/docker/types.js';

export interface RecordedCall {
  method: string;
  args: unknown[];
}

/**
 * A client for UI tests: lists come from a snapshot (recorded from the lab),
 * every mutation is recorded, and `failWith` makes mutations fail as the engine would.
 */
export function recordingClient(snapshot: SwarmSnapshot, options: {failWith?: Error} = {}) {
  const calls: RecordedCall[] = [];
  const mutation =
    (method: string) =>
    async (...args: unknown[]) => {
      calls.push({method, args});
      if (options.failWith) throw options.failWith;
    };
  const client: SwarmClient = {
    nodes: {
      list: async () => snapshot.nodes,
      setAvailability: mutation('nodes.setAvailability'),
      setRole: mutation('nodes.setRole'),
      replaceSpec: mutation('nodes.replaceSpec'),
    },
    services: {
      list: async () => snapshot.services,
      scale: mutation('services.scale'),
      setImage: mutation('services.setImage'),
      restart: mutation('services.restart'),
      rollback: mutation('services.rollback'),
      remove: mutation('services.remove'),
      replaceSpec: mutation('services.replaceSpec'),
      swapReference: mutation('services.swapReference'),
    },
    tasks: {list: async () => snapshot.tasks},
    stacks: {removeStack: mutation('stacks.removeStack')},
  };
  return {client, calls};
}

/** An engine error as dockerode reports it: the engine's words are in `json.message`. */
export function engineError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message}`), {statusCode, json: {message}});
}
