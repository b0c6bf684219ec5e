// The writes the API accepts, with the control API's rules: the caller's
// version must match the object's (optimistic concurrency), a service can't
// be renamed or change mode, the last manager can't be demoted. What follows
// a write (reconciling, rolling out, moving tasks) is set in motion here.

import type {SimContext} from './context.js';
import {EngineError} from './engine-error.js';
import type {EngineNodeSpec, EngineService, EngineServiceSpec, EngineUpdateConfig, NodeAvailability, NodeRole} from './engine-types.js';
import type {NodeRecord, ServiceRecord} from './records.js';
import {applySpec} from './service-spec.js';

const ROLE_CHANGE_MS: readonly [number, number] = [1200, 3000];

function checkVersion(kind: 'service' | 'node', current: number, given: number | undefined): void {
  if (given === undefined || !Number.isInteger(given)) throw new EngineError(400, `invalid ${kind} version`);
  if (given !== current) throw EngineError.outOfSequence();
}

/** Keeps the service's fields in the order the engine writes them, whatever was added last. */
function canonicalOrder(api: EngineService): void {
  const {ID, Version, CreatedAt, UpdatedAt, Spec, PreviousSpec, Endpoint, UpdateStatus, JobStatus} = api;
  for (const key of Object.keys(api)) delete (api as unknown as Record<string, unknown>)[key];
  Object.assign(
    api,
    {ID, Version, CreatedAt, UpdatedAt, Spec},
    PreviousSpec ? {PreviousSpec} : {},
    {Endpoint},
    UpdateStatus ? {UpdateStatus} : {},
    JobStatus ? {JobStatus} : {},
  );
}

export function updateService(ctx: SimContext, service: ServiceRecord, version: number | undefined, body: unknown, rollback: string | undefined): void {
  checkVersion('service', service.api.Version.Index, version);
  const {store, orchestrator, rollouts, networks} = ctx;

  if (rollback === 'previous') {
    const previous = service.api.PreviousSpec;
    if (!previous) throw EngineError.rpc('FailedPrecondition', `service ${service.api.ID} does not have a previous spec`);
    store.writeService(service, stamp => {
      service.api.PreviousSpec = service.api.Spec;
      applySpec(service, previous, networks);
      service.api.UpdateStatus = {State: 'rollback_started', StartedAt: stamp.text, Message: 'manually requested rollback'};
      canonicalOrder(service.api);
    });
    orchestrator.reconcile(service);
    rollouts.begin(service, 'rollback');
    return;
  }

  const spec = normalizeServiceSpec(body, service.api.Spec);
  if (service.api.JobStatus) {
    // A job has no rolling update: a new spec (a forced update too) is its next run.
    store.writeService(service, stamp => {
      service.api.PreviousSpec = service.api.Spec;
      applySpec(service, spec, networks);
      service.api.JobStatus = {JobIteration: {Index: service.api.JobStatus!.JobIteration.Index + 1}, LastExecution: stamp.text};
      canonicalOrder(service.api);
    });
    // The last run's unfinished tasks stop; what completed stays as its record.
    for (const task of [...service.tasks])
      if (task.templateKey !== service.templateKey && task.api.DesiredState === 'running') ctx.lifecycle.stop(task, 'shutdown');
    orchestrator.reconcile(service);
    return;
  }
  store.writeService(service, () => {
    service.api.PreviousSpec = service.api.Spec;
    applySpec(service, spec, networks);
    // A new spec starts a new update: the old status no longer applies.
    delete service.api.UpdateStatus;
    canonicalOrder(service.api);
  });
  orchestrator.reconcile(service);
  rollouts.begin(service, 'update');
}

export function removeService(ctx: SimContext, service: ServiceRecord): void {
  ctx.orchestrator.removeService(service);
}

export function updateNode(ctx: SimContext, node: NodeRecord, version: number | undefined, body: unknown): void {
  checkVersion('node', node.api.Version.Index, version);
  const spec = normalizeNodeSpec(body);
  const {store, agenda, random, orchestrator} = ctx;
  const wasManager = node.api.Spec.Role === 'manager';
  if (wasManager && spec.Role === 'worker') {
    const managers = [...store.nodes.values()].filter(other => other.api.Spec.Role === 'manager');
    if (managers.length <= 1) throw EngineError.rpc('FailedPrecondition', 'attempting to demote the last manager of the swarm');
  }
  store.writeNode(node, () => {
    node.api.Spec = spec;
  });
  if (wasManager !== (spec.Role === 'manager')) agenda.after(random.between(ROLE_CHANGE_MS), () => settleRole(ctx, node));
  orchestrator.nodeChanged(node);
}

/** The node takes on its new role once its certificate is renewed: ManagerStatus appears or goes. */
function settleRole(ctx: SimContext, node: NodeRecord): void {
  const {store} = ctx;
  const manager = node.api.Spec.Role === 'manager';
  if (manager === Boolean(node.api.ManagerStatus)) return;
  const wasLeader = Boolean(node.api.ManagerStatus?.Leader);
  store.writeNode(node, () => {
    if (manager) node.api.ManagerStatus = {Reachability: 'reachable', Addr: `${node.api.Status.Addr}:2377`};
    else delete node.api.ManagerStatus;
  });
  if (wasLeader) {
    const successor = [...store.nodes.values()].find(other => other.api.ManagerStatus && other !== node);
    if (successor) {
      store.writeNode(successor, () => {
        successor.api.ManagerStatus = {Leader: true, ...successor.api.ManagerStatus!};
      });
    }
  }
  ctx.orchestrator.nodeChanged(node);
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fills in what the engine would default, so a client may send a partial spec; rejects what the control API rejects. */
export function normalizeServiceSpec(body: unknown, current: EngineServiceSpec): EngineServiceSpec {
  if (!isObject(body)) throw new EngineError(400, 'invalid JSON: the body must be a service spec');
  const name = typeof body['Name'] === 'string' && body['Name'] ? body['Name'] : current.Name;
  if (name !== current.Name) throw EngineError.rpc('Unimplemented', 'renaming services is not supported');
  const template = isObject(body['TaskTemplate']) ? body['TaskTemplate'] : {};
  // The daemon's own check, before anything reaches the control API.
  if (!isObject(template['ContainerSpec'])) throw new EngineError(400, 'mismatched Runtime and *Spec fields');
  const container = template['ContainerSpec'];
  if (typeof container['Image'] !== 'string' || !container['Image'])
    throw EngineError.rpc('InvalidArgument', 'ContainerSpec: image reference must be provided');

  const mode = isObject(body['Mode']) ? body['Mode'] : {Replicated: {}};
  const replicated = isObject(mode['Replicated']) ? mode['Replicated'] : undefined;
  const modeName = (of: Json) => ['Replicated', 'Global', 'ReplicatedJob', 'GlobalJob'].find(name => isObject(of[name])) ?? 'Replicated';
  if (modeName(mode) !== modeName(current.Mode as unknown as Json)) throw EngineError.rpc('Unimplemented', 'service mode change is not allowed');
  const replicas = replicated ? (replicated['Replicas'] ?? 1) : undefined;
  if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)) {
    throw EngineError.rpc('InvalidArgument', 'Number of replicas must be non-negative');
  }

  const {Init, DNSConfig, Isolation} = container;
  const endpoint = isObject(body['EndpointSpec']) ? body['EndpointSpec'] : {};
  // Only the spec's own fields: like the engine's JSON decoding, anything else a client sends is ignored.
  return {
    Name: name,
    Labels: isObject(body['Labels']) ? (body['Labels'] as Record<string, string>) : {},
    TaskTemplate: {
      ...(template as unknown as EngineServiceSpec['TaskTemplate']),
      ContainerSpec: {
        ...(container as unknown as EngineServiceSpec['TaskTemplate']['ContainerSpec']),
        Init: typeof Init === 'boolean' ? Init : false,
        DNSConfig: isObject(DNSConfig) ? DNSConfig : {},
        Isolation: typeof Isolation === 'string' ? Isolation : 'default',
      },
      Resources: isObject(template['Resources']) ? (template['Resources'] as EngineServiceSpec['TaskTemplate']['Resources']) : {Limits: {}, Reservations: {}},
      Placement: isObject(template['Placement']) ? (template['Placement'] as EngineServiceSpec['TaskTemplate']['Placement']) : {},
      ForceUpdate: typeof template['ForceUpdate'] === 'number' ? template['ForceUpdate'] : 0,
      Runtime: typeof template['Runtime'] === 'string' ? template['Runtime'] : 'container',
    },
    Mode: replicas !== undefined ? {Replicated: {Replicas: replicas as number}} : jobMode(mode, current.Mode),
    ...(isObject(body['UpdateConfig']) ? {UpdateConfig: body['UpdateConfig'] as unknown as EngineUpdateConfig} : {}),
    ...(isObject(body['RollbackConfig']) ? {RollbackConfig: body['RollbackConfig'] as unknown as EngineUpdateConfig} : {}),
    EndpointSpec: {...(endpoint as EngineServiceSpec['EndpointSpec']), Mode: endpoint['Mode'] === 'dnsrr' ? 'dnsrr' : 'vip'},
  };
}

/** A job's mode as sent, with the engine's defaults; a service that is no job stays global. */
function jobMode(mode: Json, current: EngineServiceSpec['Mode']): EngineServiceSpec['Mode'] {
  if (isObject(mode['GlobalJob'])) return {GlobalJob: {}};
  if (!isObject(mode['ReplicatedJob'])) return {Global: {}};
  const job = mode['ReplicatedJob'];
  const was = 'ReplicatedJob' in current ? current.ReplicatedJob : {MaxConcurrent: 1, TotalCompletions: 1};
  const count = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback);
  const maxConcurrent = count(job['MaxConcurrent'], was.MaxConcurrent);
  return {ReplicatedJob: {MaxConcurrent: maxConcurrent, TotalCompletions: count(job['TotalCompletions'], maxConcurrent)}};
}

const ROLES: readonly NodeRole[] = ['manager', 'worker'];
const AVAILABILITIES: readonly NodeAvailability[] = ['active', 'pause', 'drain'];

export function normalizeNodeSpec(body: unknown): EngineNodeSpec {
  if (!isObject(body)) throw new EngineError(400, 'invalid JSON: the body must be a node spec');
  const role = body['Role'];
  const availability = body['Availability'];
  if (!ROLES.includes(role as NodeRole)) throw new EngineError(400, `invalid Role: ${JSON.stringify(role ?? '')}`);
  if (!AVAILABILITIES.includes(availability as NodeAvailability)) throw new EngineError(400, `invalid Availability: ${JSON.stringify(availability ?? '')}`);
  // The engine's JSON decoding refuses a label value that is not a string.
  const labels = isObject(body['Labels']) ? body['Labels'] : {};
  const notText = Object.entries(labels).find(([, value]) => typeof value !== 'string');
  if (notText) throw new EngineError(400, `json: cannot unmarshal ${typeof notText[1]} into Go struct field NodeSpec.Labels of type string`);
  return {
    ...(typeof body['Name'] === 'string' && body['Name'] ? {Name: body['Name']} : {}),
    Labels: labels as Record<string, string>,
    Role: role as NodeRole,
    Availability: availability as NodeAvailability,
  };
}
