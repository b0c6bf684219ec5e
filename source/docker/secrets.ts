import type Dockerode from 'dockerode';
import type {Listable, StoredObjectWritable} from './capabilities.js';
import type {ReadList} from './decode/set-aside.js';
import {type AllListReaders, readsOf} from './list-readers.js';
import {createStored, removeStored} from './stored-objects.js';
import type {SwarmSecret} from './types.js';

export class SecretResource implements Listable<SwarmSecret>, StoredObjectWritable {
  // The read is the record's (docker/lists.ts); this class adds the writes.
  private readonly reads: AllListReaders['secrets'];

  constructor(private readonly docker: Dockerode) {
    this.reads = readsOf(docker, 'secrets');
  }

  // Names, labels and dates only: the engine never returns a secret's value, and nothing here asks for it.
  async list(signal?: AbortSignal): Promise<ReadList<SwarmSecret>> {
    return this.reads.list(signal);
  }

  /** The content is sent once and zeroed; it is never logged or kept. */
  async create(spec: {Name: string; Labels?: Record<string, string>}, content: Uint8Array): Promise<string> {
    return createStored(this.docker, 'secret', spec, content);
  }

  async remove(id: string): Promise<void> {
    await removeStored(this.docker, 'secret', id);
  }
}
