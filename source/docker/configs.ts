import type Dockerode from 'dockerode';
import type {Listable} from './capabilities.js';
import {type ReadList, decodeList} from './decode/set-aside.js';
import {decodeConfig} from './decode/stored.js';
import type {SwarmConfig} from './types.js';

export class ConfigResource implements Listable<SwarmConfig> {
  constructor(private readonly docker: Dockerode) {}

  async list(signal?: AbortSignal): Promise<ReadList<SwarmConfig>> {
    return decodeList(await this.docker.listConfigs({abortSignal: signal} as object), decodeConfig, '/configs');
  }
}
