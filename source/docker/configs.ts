import type Dockerode from 'dockerode';
import type {Listable} from './capabilities.js';
import type {SwarmConfig} from './types.js';

export class ConfigResource implements Listable<SwarmConfig> {
  constructor(private readonly docker: Dockerode) {}

  async list(signal?: AbortSignal): Promise<SwarmConfig[]> {
    return (await this.docker.listConfigs({abortSignal: signal} as object)) as unknown as SwarmConfig[];
  }
}
