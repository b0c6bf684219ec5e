import type Dockerode from 'dockerode';
import type {Listable, StoredObjectWritable} from './capabilities.js';
import {type ReadList, decodeList} from './decode/set-aside.js';
import {decodeConfig} from './decode/stored.js';
import {createStored, removeStored} from './stored-objects.js';
import type {SwarmConfig} from './types.js';

export class ConfigResource implements Listable<SwarmConfig>, StoredObjectWritable {
  constructor(private readonly docker: Dockerode) {}

  async list(signal?: AbortSignal): Promise<ReadList<SwarmConfig>> {
    return decodeList(await this.docker.listConfigs({abortSignal: signal} as object), decodeConfig, '/configs');
  }

  async create(spec: {Name: string; Labels?: Record<string, string>}, content: Uint8Array): Promise<string> {
    return createStored(this.docker, 'config', spec, content);
  }

  async remove(id: string): Promise<void> {
    await removeStored(this.docker, 'config', id);
  }
}
