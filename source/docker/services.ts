import type Dockerode from 'dockerode';
import type {
  ImageSettable,
  Listable,
  NamedListable,
  ReferenceSwap,
  ReferenceSwappable,
  Removable,
  Restartable,
  RollbackCapable,
  RolloutOptions,
  Scalable,
  SpecReplaceable,
} from './capabilities.js';
import {type ReadList, decodeOne} from './decode/set-aside.js';
import {decodeService} from './decode/service.js';
import {pathSegment, swarmId} from './ids.js';
import {type AllListReaders, readsOf} from './list-readers.js';
import {updateRequest, updateWithRetry} from './spec-update.js';
import type {ConfigReference, SecretReference, ServiceSpec, SwarmService} from './types.js';

export class ServiceResource
  implements
    Listable<SwarmService>,
    NamedListable<SwarmService>,
    Scalable,
    ImageSettable,
    Restartable,
    RollbackCapable,
    Removable,
    SpecReplaceable,
    ReferenceSwappable
{
  // The reads are the record's (docker/lists.ts); this class adds the writes.
  private readonly reads: AllListReaders['services'];

  constructor(private readonly docker: Dockerode) {
    this.reads = readsOf(docker, 'services');
  }

  /** Every service, with the engine's running/desired task counts (`ServiceStatus`, API 1.41+; older engines ignore the flag). */
  async list(signal?: AbortSignal): Promise<ReadList<SwarmService>> {
    return this.reads.list(signal);
  }

  /** The services with these IDs, with their task counts. */
  async listNamed(ids: readonly string[], signal?: AbortSignal): Promise<ReadList<SwarmService>> {
    return this.reads.listNamed!(ids, signal);
  }

  /** Sets the replica count of a replicated service (`docker service scale`). */
  async scale(serviceId: string, replicas: number): Promise<void> {
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw new Error(`cannot scale to ${replicas}: the replica count must be a whole number, 0 or more`);
    }
    await this.modify(serviceId, spec => {
      if (!spec.Mode?.Replicated) {
        throw new Error(
          spec.Mode?.Global
            ? `${spec.Name} is a global service: it runs one task per eligible node and cannot be scaled`
            : `${spec.Name} is a ${modeName(spec)} service: only replicated services can be scaled`,
        );
      }
      spec.Mode.Replicated.Replicas = replicas;
    });
  }

  /**
   * Rolls the service to another image (`docker service update --image
   * --no-resolve-image`): the image is sent as given, never pinned to a digest.
   */
  async setImage(serviceId: string, image: string, options: RolloutOptions = {}): Promise<void> {
    await this.modify(serviceId, spec => {
      spec.TaskTemplate.ContainerSpec = {...spec.TaskTemplate.ContainerSpec, Image: image};
      if (options.parallelism !== undefined || options.delayNs !== undefined) {
        spec.UpdateConfig = {...spec.UpdateConfig};
        if (options.parallelism !== undefined) spec.UpdateConfig.Parallelism = options.parallelism;
        if (options.delayNs !== undefined) spec.UpdateConfig.Delay = options.delayNs;
      }
    });
  }

  /** Replaces every task with the spec unchanged (`docker service update --force`). */
  async restart(serviceId: string): Promise<void> {
    await this.modify(serviceId, spec => {
      spec.TaskTemplate.ForceUpdate = (spec.TaskTemplate.ForceUpdate ?? 0) + 1;
    });
  }

  /**
   * `docker service rollback`: the current spec goes back with `rollback=previous`
   * in the query, and the engine swaps in PreviousSpec (the body is ignored).
   */
  async rollback(serviceId: string): Promise<void> {
    await updateWithRetry(
      () => this.inspect(serviceId),
      async service => {
        if (!service.PreviousSpec) throw new Error(`${service.Spec.Name} has no previous spec to roll back to`);
        await this.service(serviceId).update(updateRequest(service.Version, service.Spec, {rollback: 'previous'}));
      },
    );
  }

  /** A rotation's step: the service's references to one secret or config point at its new version, at the same targets. */
  async swapReference(serviceId: string, swap: ReferenceSwap): Promise<void> {
    swarmId(swap.to.id, swap.kind);
    await this.modify(serviceId, spec => {
      const container = spec.TaskTemplate.ContainerSpec;
      const moved = swap.kind === 'secret' ? swapSecrets(container?.Secrets, swap) : swapConfigs(container?.Configs, swap);
      if (moved === 0) throw new Error(`${spec.Name} no longer uses that ${swap.kind}: nothing was changed`);
    });
  }

  async replaceSpec(serviceId: string, version: {Index: number}, spec: object): Promise<void> {
    await this.service(serviceId).update(updateRequest(version, spec));
  }

  async remove(serviceId: string): Promise<void> {
    await this.service(serviceId).remove();
  }

  // dockerode puts the ID into the path as it is: only a checked one goes there.
  private service(serviceId: string): Dockerode.Service {
    return this.docker.getService(pathSegment(swarmId(serviceId, 'service')));
  }

  private async inspect(serviceId: string): Promise<SwarmService> {
    return decodeOne(await this.service(serviceId).inspect(), decodeService, `service ${serviceId}`);
  }

  // Reads the service, lets `change` edit a copy of its spec, sends it back with
  // the version read; retried once if the service changed in between.
  private async modify(serviceId: string, change: (spec: ServiceSpec) => void): Promise<void> {
    await updateWithRetry(
      () => this.inspect(serviceId),
      async service => {
        const spec = structuredClone(service.Spec);
        spec.TaskTemplate ??= {};
        change(spec);
        await this.service(serviceId).update(updateRequest(service.Version, spec));
      },
    );
  }
}

function modeName(spec: ServiceSpec): string {
  const mode = spec.Mode ?? {};
  if (mode.ReplicatedJob) return 'replicated-job';
  if (mode.GlobalJob) return 'global-job';
  if (mode.Global) return 'global';
  return Object.keys(mode)[0]?.toLowerCase() ?? 'unknown-mode';
}

// Each swap changes the reference's ID and name in place: File (target, UID, GID, mode) and Runtime stay as they were.
function swapSecrets(references: SecretReference[] | undefined, swap: ReferenceSwap): number {
  let moved = 0;
  for (const reference of references ?? []) {
    if (reference.SecretID !== swap.fromId) continue;
    reference.SecretID = swap.to.id;
    reference.SecretName = swap.to.name;
    moved++;
  }
  return moved;
}

function swapConfigs(references: ConfigReference[] | undefined, swap: ReferenceSwap): number {
  let moved = 0;
  for (const reference of references ?? []) {
    if (reference.ConfigID !== swap.fromId) continue;
    reference.ConfigID = swap.to.id;
    reference.ConfigName = swap.to.name;
    moved++;
  }
  return moved;
}
