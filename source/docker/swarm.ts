import type Dockerode from 'dockerode';
import {decodeSwarm} from './decode/swarm.js';
import type {SwarmInfo} from './types.js';

export interface SwarmInspectable {
  inspect(signal?: AbortSignal): Promise<SwarmInfo>;
}

export class SwarmResource implements SwarmInspectable {
  constructor(private readonly docker: Dockerode) {}

  /** GET /swarm: settings, CA and the join tokens (a manager answers; a worker is refused). */
  async inspect(signal?: AbortSignal): Promise<SwarmInfo> {
    const inspect = this.docker.swarmInspect.bind(this.docker) as unknown as (options: object) => Promise<unknown>;
    return decodeSwarm(await inspect({abortSignal: signal}));
  }
}
