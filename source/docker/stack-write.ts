// The writes a stack deploy sends (`docker stack deploy`'s own): create a network, create
// or update a service, and with --prune remove a service, network, secret or config.
// Only the writable client holds them (a read-only console has no StackWritable at all);
// every ID that reaches a URL is checked first (ids.ts), and every new object's ID the
// engine answers with is checked before anything uses it.

import type Dockerode from 'dockerode';
import {decodeOne} from './decode/set-aside.js';
import {decodeService} from './decode/service.js';
import {networkId, pathSegment, swarmId} from './ids.js';
import {removeStored} from './stored-objects.js';
import {updateRequest, updateWithRetry} from './spec-update.js';
import type {ServiceSpec, SwarmService} from './types.js';

/** What POST /networks/create takes for a stack's network. */
export interface StackNetworkSpec {
  Name: string;
  Driver: string;
  Options: Record<string, string>;
  Labels: Record<string, string>;
  Attachable: boolean;
  Internal: boolean;
  IPAM?: object;
}

export interface StackWritable {
  /** Creates a network; returns its (checked) ID. */
  createNetwork(spec: StackNetworkSpec): Promise<string>;
  /** Creates a service; returns its (checked) ID. */
  createService(spec: ServiceSpec): Promise<string>;
  /**
   * Sends `spec` as the service's new spec with the version index read just before (retried
   * once when out of sequence). The live ForceUpdate counter is kept, as the CLI keeps it,
   * so a deploy does not replace tasks whose spec did not change.
   */
  updateService(serviceId: string, spec: ServiceSpec): Promise<void>;
  removeService(serviceId: string): Promise<void>;
  removeNetwork(id: string): Promise<void>;
  removeSecret(id: string): Promise<void>;
  removeConfig(id: string): Promise<void>;
}

export class StackWriter implements StackWritable {
  constructor(private readonly docker: Dockerode) {}

  async createNetwork(spec: StackNetworkSpec): Promise<string> {
    const created = await this.docker.createNetwork({...spec, CheckDuplicate: true} as Dockerode.NetworkCreateOptions);
    return networkId((created as {id?: unknown}).id);
  }

  async createService(spec: ServiceSpec): Promise<string> {
    const created = await this.docker.createService(spec as unknown as Dockerode.CreateServiceOptions);
    return swarmId((created as {id?: unknown}).id, 'service');
  }

  async updateService(serviceId: string, spec: ServiceSpec): Promise<void> {
    const service = this.service(serviceId);
    await updateWithRetry(
      async () => decodeOne(await service.inspect(), decodeService, `service ${serviceId}`) as SwarmService,
      async current => {
        const sent = structuredClone(spec);
        sent.TaskTemplate = {...sent.TaskTemplate};
        const force = current.Spec.TaskTemplate?.ForceUpdate;
        if (force !== undefined) sent.TaskTemplate.ForceUpdate = force;
        await service.update(updateRequest(current.Version, sent));
      },
    );
  }

  async removeService(serviceId: string): Promise<void> {
    await this.service(serviceId).remove();
  }

  async removeNetwork(id: string): Promise<void> {
    await this.docker.getNetwork(pathSegment(networkId(id))).remove();
  }

  async removeSecret(id: string): Promise<void> {
    await removeStored(this.docker, 'secret', id);
  }

  async removeConfig(id: string): Promise<void> {
    await removeStored(this.docker, 'config', id);
  }

  // dockerode puts the ID into the path as it is: only a checked one goes there.
  private service(serviceId: string): Dockerode.Service {
    return this.docker.getService(pathSegment(swarmId(serviceId, 'service')));
  }
}
