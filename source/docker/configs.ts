import type Dockerode from 'dockerode';
import type {Listable, StoredObjectWritable} from './capabilities.js';
import type {ReadList} from './decode/set-aside.js';
import {type AllListReaders, readsOf} from './list-readers.js';
import {createStored, removeStored} from './stored-objects.js';
import type {SwarmConfig} from './types.js';

export class ConfigResource implements Listable<SwarmConfig>, StoredObjectWritable {
  // The read is the record's (docker/lists.ts); this class adds the writes.
  private readonly reads: AllListReaders['configs'];

  constructor(private readonly docker: Dockerode) {
    this.reads = readsOf(docker, 'configs');
  }

  async list(signal?: AbortSignal): Promise<ReadList<SwarmConfig>> {
    return this.reads.list(signal);
  }

  async create(spec: {Name: string; Labels?: Record<string, string>}, content: Uint8Array): Promise<string> {
    return createStored(this.docker, 'config', spec, content);
  }

  async remove(id: string): Promise<void> {
    await removeStored(this.docker, 'config', id);
  }
}
