// What the console may do with the engine, decided once from --readonly. Kept apart from
// dispatch.ts so the entry (cli.tsx) can build it without loading the UI and React.
import type {ReadOnlySwarmClient, SwarmAccess, SwarmClient} from '../docker/client.js';
import type {NodeVolumeRemover} from './node-volumes.js';
import type {TaskShell} from './task-shell.js';

/**
 * The engine as keys may use it. Read-only holds the client without write methods and no
 * shell (exec), so an operation, typed against the writable client, cannot be handed it.
 */
export type ConsoleAccess =
  | {readOnly: true; client: ReadOnlySwarmClient; taskShell?: undefined; nodeVolumes?: undefined}
  | {
      readOnly: false;
      client: SwarmClient;
      /** Opens a shell in a task's container for `x`; absent where nodes can't be reached. */
      taskShell?: TaskShell;
      /** Removes a node's own volume through its engine (Ctrl-d on volumes); absent where nodes can't be reached. */
      nodeVolumes?: NodeVolumeRemover;
    };

/** The console's access for an engine's: a writable one gets the shell `x` opens, a read-only one never does. */
export function consoleAccess(access: SwarmAccess, taskShell: () => TaskShell, nodeVolumes?: () => NodeVolumeRemover): ConsoleAccess {
  return access.readOnly
    ? {readOnly: true, client: access.client}
    : {readOnly: false, client: access.client, taskShell: taskShell(), ...(nodeVolumes ? {nodeVolumes: nodeVolumes()} : {})};
}
