import type Dockerode from 'dockerode';
import type {Listable} from './capabilities.js';
import {type ReadList, decodeList} from './decode/set-aside.js';
import {decodeSecret} from './decode/stored.js';
import type {SwarmSecret} from './types.js';

export class SecretResource implements Listable<SwarmSecret> {
  constructor(private readonly docker: Dockerode) {}

  // Names, labels and dates only: the engine never returns a secret's value, and nothing here asks for it.
  async list(signal?: AbortSignal): Promise<ReadList<SwarmSecret>> {
    return decodeList(await this.docker.listSecrets({abortSignal: signal} as object), decodeSecret, '/secrets');
  }
}
