import type Dockerode from 'dockerode';
import type {AvailabilitySettable, Listable, NamedListable, NodeAvailability, NodeRole, RoleSettable, SpecReplaceable} from './capabilities.js';
import {decodeNode} from './decode/node.js';
import {type ReadList, decodeOne} from './decode/set-aside.js';
import {pathSegment, swarmId} from './ids.js';
import {type AllListReaders, readsOf} from './list-readers.js';
import {updateRequest, updateWithRetry} from './spec-update.js';
import type {SwarmNode} from './types.js';

export class NodeResource implements Listable<SwarmNode>, NamedListable<SwarmNode>, AvailabilitySettable, RoleSettable, SpecReplaceable {
  // The reads are the record's (docker/lists.ts); this class adds the writes.
  private readonly reads: AllListReaders['nodes'];

  constructor(private readonly docker: Dockerode) {
    this.reads = readsOf(docker, 'nodes');
  }

  /** Every node; a node whose JSON has not changed since the last read is the same object. */
  async list(signal?: AbortSignal): Promise<ReadList<SwarmNode>> {
    return this.reads.list(signal);
  }

  /** The nodes with these IDs. */
  async listNamed(ids: readonly string[], signal?: AbortSignal): Promise<ReadList<SwarmNode>> {
    return this.reads.listNamed!(ids, signal);
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

  /**
   * `e` on a node: its whole spec (labels, availability, role, name) as edited, with the
   * version the edit began from; a node changed meanwhile is refused, never overwritten.
   */
  async replaceSpec(nodeId: string, version: {Index: number}, spec: object): Promise<void> {
    await this.node(nodeId).update(updateRequest(version, spec));
  }

  // dockerode puts the ID into the path as it is: only a checked one goes there.
  private node(nodeId: string): Dockerode.Node {
    return this.docker.getNode(pathSegment(swarmId(nodeId, 'node')));
  }

  private async modify(nodeId: string, change: Partial<SwarmNode['Spec']>): Promise<void> {
    await updateWithRetry(
      async () => decodeOne(await this.node(nodeId).inspect(), decodeNode, `node ${nodeId}`),
      async node => {
        await this.node(nodeId).update(updateRequest(node.Version, {...node.Spec, ...change}));
      },
    );
  }
}
