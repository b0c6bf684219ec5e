import type Dockerode from 'dockerode';
import type {Listable} from './capabilities.js';
import {type ReadList, decodeList} from './decode/set-aside.js';
import {decodeNetwork} from './decode/stored.js';
import type {SwarmNetwork} from './types.js';

export class NetworkResource implements Listable<SwarmNetwork> {
  constructor(private readonly docker: Dockerode) {}

  // On a manager this lists the swarm's networks and the manager's own local ones, as `docker network ls` does.
  async list(signal?: AbortSignal): Promise<ReadList<SwarmNetwork>> {
    return decodeList(await this.docker.listNetworks({abortSignal: signal} as object), decodeNetwork, '/networks');
  }
}
