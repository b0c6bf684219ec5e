import type Dockerode from 'dockerode';
import type {Listable} from './capabilities.js';
import type {SwarmNetwork} from './types.js';

export class NetworkResource implements Listable<SwarmNetwork> {
  constructor(private readonly docker: Dockerode) {}

  // On a manager this lists the swarm's networks and the manager's own local ones, as `docker network ls` does.
  async list(signal?: AbortSignal): Promise<SwarmNetwork[]> {
    return (await this.docker.listNetworks({abortSignal: signal} as object)) as unknown as SwarmNetwork[];
  }
}
