import type Dockerode from 'dockerode';
import type {AvailabilitySettable, Listable, NodeAvailability, NodeRole, RoleSettable} from './capabilities.js';
import {updateRequest, updateWithRetry} from './spec-update.js';
import type {SwarmNode} from './types.js';

export class NodeResource implements Listable<SwarmNode>, AvailabilitySettable, RoleSettable {
  constructor(private readonly docker: Dockerode) {}

  async list(signal?: AbortSignal): Promise<SwarmNode[]> {
    return (await this.docker.listNodes({abortSignal: signal} as object)) as unknown as SwarmNode[];
  }

  /** `docker node update --availability`: drain moves the node's tasks elsewhere. */
  async setAvailability(nodeId: string, availability: NodeAvailability): Promise<void> {
    await this.modify(nodeId, {Availability: availability});
  }

  /**
   * `docker node promote` / `demote`. The engine refuses what would break the
   * swarm (demoting the last manager) in its own words, which reach the caller.
   */
  async setRole(nodeId: string, role: NodeRole): Promise<void> {
    await this.modify(nodeId, {Role: role});
  }

  private async modify(nodeId: string, change: Partial<SwarmNode['Spec']>): Promise<void> {
    await updateWithRetry(
      async () => (await this.docker.getNode(nodeId).inspect()) as SwarmNode,
      async node => {
        await this.docker.getNode(nodeId).update(updateRequest(node.Version, {...node.Spec, ...change}));
      },
    );
  }
}
