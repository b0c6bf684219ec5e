import type Dockerode from 'dockerode';
import type {Listable} from './capabilities.js';
import type {SwarmNode} from './types.js';

export class NodeResource implements Listable<SwarmNode> {
  constructor(private readonly docker: Dockerode) {}

  async list(signal?: AbortSignal): Promise<SwarmNode[]> {
    return (await this.docker.listNodes({abortSignal: signal} as object)) as unknown as SwarmNode[];
  }
}
