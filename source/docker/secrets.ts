import type Dockerode from 'dockerode';
import type {Listable, StoredObjectWritable} from './capabilities.js';
import {type ReadList, decodeList} from './decode/set-aside.js';
import {decodeSecret} from './decode/stored.js';
import {createStored, removeStored} from './stored-objects.js';
import type {SwarmSecret} from './types.js';

export class SecretResource implements Listable<SwarmSecret>, StoredObjectWritable {
  constructor(private readonly docker: Dockerode) {}

  // Names, labels and dates only: the engine never returns a secret's value, and nothing here asks for it.
  async list(signal?: AbortSignal): Promise<ReadList<SwarmSecret>> {
    return decodeList(await this.docker.listSecrets({abortSignal: signal} as object), decodeSecret, '/secrets');
  }

  /** The content is sent once and zeroed; it is never logged or kept. */
  async create(spec: {Name: string; Labels?: Record<string, string>}, content: Uint8Array): Promise<string> {
    return createStored(this.docker, 'secret', spec, content);
  }

  async remove(id: string): Promise<void> {
    await removeStored(this.docker, 'secret', id);
  }
}
