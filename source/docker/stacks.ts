import type Dockerode from 'dockerode';
import {networkId, pathSegment, swarmId} from './ids.js';

/** What removing a stack removes, by ID: the objects the user was shown and confirmed. */
export interface StackContents {
  services: string[];
  networks: string[];
  secrets: string[];
  configs: string[];
}

export interface StackRemovable {
  /** As `docker stack rm`: services first, then secrets and configs, then networks. Throws the first failure after trying all. */
  removeStack(contents: StackContents): Promise<void>;
}

const NETWORK_RETRY_MS = 500;
const NETWORK_ATTEMPTS = 20;

function isNotFound(error: unknown): boolean {
  return (error as {statusCode?: number} | null)?.statusCode === 404;
}

export class StackResource implements StackRemovable {
  constructor(
    private readonly docker: Dockerode,
    private readonly sleep: (ms: number) => Promise<void> = ms => new Promise(resolve => setTimeout(resolve, ms)),
  ) {}

  async removeStack(contents: StackContents): Promise<void> {
    // Every ID is checked before the first removal: a stack holding a malformed one is not half removed.
    const services = contents.services.map(id => pathSegment(swarmId(id, 'service')));
    const secrets = contents.secrets.map(id => pathSegment(swarmId(id, 'secret')));
    const configs = contents.configs.map(id => pathSegment(swarmId(id, 'config')));
    const networks = contents.networks.map(id => pathSegment(networkId(id)));
    const failures: unknown[] = [];
    // Something already gone is what was wanted.
    const attempt = async (remove: () => Promise<unknown>) => {
      try {
        await remove();
      } catch (error) {
        if (!isNotFound(error)) failures.push(error);
      }
    };
    for (const id of services) await attempt(() => this.docker.getService(id).remove());
    for (const id of secrets) await attempt(() => this.docker.getSecret(id).remove());
    for (const id of configs) await attempt(() => this.docker.getConfig(id).remove());
    for (const id of networks) await attempt(() => this.removeNetwork(id));
    if (failures.length > 0) throw failures[0];
  }

  // A network is refused while the removed services' tasks still hold endpoints on it: they go within seconds.
  private async removeNetwork(id: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.docker.getNetwork(id).remove();
        return;
      } catch (error) {
        const inUse = /active endpoints|in use/i.test(String((error as {json?: {message?: string}})?.json?.message ?? (error as Error)?.message));
        if (!inUse || attempt >= NETWORK_ATTEMPTS) throw error;
        await this.sleep(NETWORK_RETRY_MS);
      }
    }
  }
}
