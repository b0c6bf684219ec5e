import type Dockerode from 'dockerode';
import type {Listable} from './capabilities.js';
import type {SwarmService} from './types.js';

export class ServiceResource implements Listable<SwarmService> {
  constructor(private readonly docker: Dockerode) {}

  async list(signal?: AbortSignal): Promise<SwarmService[]> {
    return (await this.docker.listServices({abortSignal: signal} as object)) as unknown as SwarmService[];
  }
}
