// Builds a swarm that has been running for a while: nodes that joined weeks
// ago, services deployed as stacks, tasks already running (and, where a
// service was updated before, the shut-down tasks of its previous release).
// Steady-state tasks are written directly in their final state, which is what
// makes 20,000 of them cheap; anything still in motion (crash loops,
// unschedulable tasks) is left to the live simulation.

import type {ServiceBlueprint} from './catalog.js';
import type {SimContext} from './context.js';
import {NODE_PLUGINS, ENGINE_VERSION, clusterTls} from './engine-info.js';
import type {EngineContainerSpec, EngineNode, EngineService, EngineServiceSpec, EngineTask, EngineTaskSpec, EngineTlsInfo} from './engine-types.js';
import type {NodePlan, SwarmPlan} from './plan.js';
import type {NodeRecord, ServiceRecord, TaskRecord} from './records.js';
import {eligibleFor} from './scheduler.js';
import {applySpec, taskSpecOf, templateKeyOf} from './service-spec.js';
import {rfc3339Nano} from './time.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const GIB = 1024 ** 3;

export interface ClusterIdentity {
  id: string;
  engineId: string;
  createdAt: string;
  updatedAt: string;
  versionIndex: number;
  tls: EngineTlsInfo;
}

export function buildSwarm(ctx: SimContext, plan: SwarmPlan): ClusterIdentity {
  const {random, agenda, store, networks} = ctx;
  const now = agenda.now;
  const born = now - 41 * DAY;
  const tls = clusterTls(random);
  const cluster: ClusterIdentity = {
    id: random.swarmId(),
    engineId: [8, 4, 4, 4, 12].map(n => random.hex(n)).join('-'),
    createdAt: stampAt(ctx, born),
    updatedAt: stampAt(ctx, born + 700),
    versionIndex: store.nextIndex(),
    tls,
  };

  networks.create('ingress', {subnet: plan.ingressSubnet, ingress: true, createdAtMs: born, index: store.nextIndex()});
  for (const network of plan.networks) networks.create(network.name, {subnet: network.subnet, createdAtMs: born + 3 * DAY, index: store.nextIndex()});

  plan.nodes.forEach((node, i) => store.addNode(makeNode(ctx, node, i, born + i * 37_000, tls)));
  const placer = new BulkPlacer([...store.nodes.values()], ctx);
  const digests = new Map<string, string>();
  // Stack deploys pin images by digest; the same image always gets the same one.
  const pin = (image: string): string => {
    if (!digests.has(image)) digests.set(image, random.hex(64));
    return `${image}@sha256:${digests.get(image)}`;
  };

  for (const blueprint of plan.services) {
    const service = makeService(ctx, blueprint, pin, now - random.int(2 * DAY, 30 * DAY));
    store.addService(service, {silent: true});
    populate(ctx, service, blueprint, placer);
  }
  // Whatever could not be placed up front (no eligible node) goes through the scheduler for real.
  for (const service of store.services.values()) ctx.orchestrator.reconcile(service);
  return cluster;
}

function stampAt(ctx: SimContext, ms: number): string {
  return rfc3339Nano(ms, ctx.random.int(0, 999_999));
}

function makeNode(ctx: SimContext, plan: NodePlan, i: number, createdMs: number, tls: EngineTlsInfo): NodeRecord {
  const {random, store} = ctx;
  const addr = `10.10.${Math.floor(i / 250)}.${10 + (i % 250)}`;
  const api: EngineNode = {
    ID: random.swarmId(),
    Version: {Index: store.nextIndex()},
    CreatedAt: stampAt(ctx, createdMs),
    UpdatedAt: stampAt(ctx, ctx.agenda.now - random.int(HOUR, 5 * DAY)),
    Spec: {Labels: plan.labels, Role: plan.role, Availability: 'active'},
    Description: {
      Hostname: plan.hostname,
      Platform: {Architecture: 'x86_64', OS: 'linux'},
      Resources: {NanoCPUs: plan.cpus * 1e9, MemoryBytes: Math.round(plan.memoryGiB * GIB * 0.97)},
      Engine: {EngineVersion: ENGINE_VERSION, Plugins: NODE_PLUGINS},
      TLSInfo: tls,
    },
    Status: {State: 'ready', Addr: addr},
    ...(plan.role === 'manager' ? {ManagerStatus: {...(i === 0 ? {Leader: true} : {}), Reachability: 'reachable' as const, Addr: `${addr}:2377`}} : {}),
  };
  return {api, json: undefined, load: 0};
}

/** The blueprint's secrets and configs as the spec refers to them: by ID, name and file. */
function storedReferences(blueprint: ServiceBlueprint, ctx: SimContext): Pick<EngineContainerSpec, 'Secrets' | 'Configs'> {
  const file = (target: string) => ({Name: target, UID: '0', GID: '0', Mode: 0o444});
  const secrets = (blueprint.secrets ?? []).flatMap(({name, target}) => {
    const record = ctx.stored.byName('secret', name);
    return record ? [{File: file(target), SecretID: record.ID, SecretName: name}] : [];
  });
  const configs = (blueprint.configs ?? []).flatMap(({name, target}) => {
    const record = ctx.stored.byName('config', name);
    return record ? [{File: file(target), ConfigID: record.ID, ConfigName: name}] : [];
  });
  return {...(secrets.length ? {Secrets: secrets} : {}), ...(configs.length ? {Configs: configs} : {})};
}

function modeOf(blueprint: ServiceBlueprint): EngineServiceSpec['Mode'] {
  const job = blueprint.job;
  if (job?.kind === 'replicated') return {ReplicatedJob: {MaxConcurrent: job.maxConcurrent, TotalCompletions: job.completions}};
  if (job?.kind === 'global') return {GlobalJob: {}};
  return blueprint.global ? {Global: {}} : {Replicated: {Replicas: blueprint.replicas ?? 1}};
}

export function blueprintSpec(blueprint: ServiceBlueprint, image: string, ctx: SimContext): EngineServiceSpec {
  const stackLabels: Record<string, string> = blueprint.stack
    ? {'com.docker.stack.image': image.replace(/@.*$/, ''), 'com.docker.stack.namespace': blueprint.stack}
    : {};
  const networks = (blueprint.networks ?? []).map(name => ctx.networks.byName(name)).filter(network => network !== undefined);
  const ports = (blueprint.ports ?? []).map(port => ({
    Protocol: 'tcp' as const,
    TargetPort: port.target,
    PublishedPort: port.published,
    PublishMode: port.mode ?? ('ingress' as const),
  }));
  return {
    Name: blueprint.stack ? `${blueprint.stack}_${blueprint.name}` : blueprint.name,
    Labels: {...stackLabels, ...blueprint.labels},
    TaskTemplate: {
      ContainerSpec: {
        Image: image,
        ...(blueprint.stack ? {Labels: {'com.docker.stack.namespace': blueprint.stack}} : {}),
        ...(blueprint.command ? {Command: blueprint.command} : {}),
        ...(blueprint.args ? {Args: blueprint.args} : {}),
        ...(blueprint.env ? {Env: blueprint.env} : {}),
        Init: false,
        ...(blueprint.tty ? {TTY: true} : {}),
        ...(blueprint.stack ? {StopGracePeriod: 10e9} : {}),
        DNSConfig: {},
        Isolation: 'default',
        ...storedReferences(blueprint, ctx),
        ...(blueprint.volumes ? {Mounts: blueprint.volumes.map(volume => ({Type: 'volume' as const, Source: volume.source, Target: volume.target}))} : {}),
      },
      Resources: {Limits: {...blueprint.limits}, Reservations: {...blueprint.reservations}},
      // A job's tasks are restarted only when they fail, as the docker CLI sets it for jobs.
      ...(blueprint.restart ? {RestartPolicy: blueprint.restart} : blueprint.job ? {RestartPolicy: {Condition: 'on-failure' as const, MaxAttempts: 0}} : {}),
      Placement: {
        ...(blueprint.constraints ? {Constraints: blueprint.constraints} : {}),
        Platforms: [{Architecture: 'amd64', OS: 'linux'}],
      },
      ...(networks.length ? {Networks: networks.map(network => ({Target: network.ID, Aliases: [blueprint.name]}))} : {}),
      ForceUpdate: 0,
      Runtime: 'container',
    },
    Mode: modeOf(blueprint),
    ...(blueprint.update ? {UpdateConfig: blueprint.update} : {}),
    ...(blueprint.rollback ? {RollbackConfig: blueprint.rollback} : {}),
    EndpointSpec: {Mode: 'vip', ...(ports.length ? {Ports: ports} : {})},
  };
}

function makeService(ctx: SimContext, blueprint: ServiceBlueprint, pin: (image: string) => string, createdMs: number): ServiceRecord {
  const {random, store} = ctx;
  const spec = blueprintSpec(blueprint, pin(blueprint.image), ctx);
  // Deployed, then (for some) updated once; that update completed a while ago.
  const before = {...blueprint, env: blueprint.previousEnv ?? blueprint.env, replicas: blueprint.previousReplicas ?? blueprint.replicas};
  const previous = blueprint.previousImage ? blueprintSpec(before, pin(blueprint.previousImage), ctx) : undefined;
  const updateStarted = ctx.agenda.now - random.int(2 * HOUR, 3 * DAY);
  const updateCompleted = stampAt(ctx, updateStarted + random.int(MINUTE, 10 * MINUTE));
  const api: EngineService = {
    ID: random.swarmId(),
    Version: {Index: store.nextIndex()},
    CreatedAt: stampAt(ctx, createdMs),
    UpdatedAt: previous ? updateCompleted : stampAt(ctx, createdMs),
    Spec: spec,
    ...(previous ? {PreviousSpec: previous} : {}),
    Endpoint: {Spec: {}},
    ...(previous
      ? {UpdateStatus: {State: 'completed' as const, StartedAt: stampAt(ctx, updateStarted), CompletedAt: updateCompleted, Message: 'update completed'}}
      : {}),
    ...(blueprint.job ? {JobStatus: {JobIteration: {Index: 0}, LastExecution: stampAt(ctx, createdMs)}} : {}),
  };
  const service: ServiceRecord = {
    api,
    json: undefined,
    tasks: new Set(),
    taskSpec: taskSpecOf(spec),
    templateKey: templateKeyOf(spec),
    networks: [],
    behaviour: blueprint.behaviour,
    role: blueprint.role,
    removed: false,
  };
  applySpec(service, spec, ctx.networks);
  return service;
}

/** Running tasks for every slot (or eligible node) that can be placed now, plus the previous release's history. */
function populate(ctx: SimContext, service: ServiceRecord, blueprint: ServiceBlueprint, placer: BulkPlacer): void {
  const {random, agenda} = ctx;
  const now = agenda.now;
  const constraints = service.taskSpec.Placement.Constraints;
  const crashing = Boolean(blueprint.behaviour.crash);
  const updatedAt = service.api.UpdateStatus?.StartedAt ? Date.parse(service.api.UpdateStatus.StartedAt) : undefined;
  const previous = service.api.PreviousSpec;
  if (blueprint.job) return populateJob(ctx, service, blueprint, placer);

  const slots: Array<{slot: number; node: NodeRecord | undefined}> = blueprint.global
    ? [...ctx.store.nodes.values()].filter(node => eligibleFor(node.api, constraints)).map(node => ({slot: 0, node}))
    : Array.from({length: blueprint.replicas ?? 1}, (_, i) => ({slot: i + 1, node: fitting(placer.next(constraints), blueprint)}));

  for (const [i, {slot, node}] of slots.entries()) {
    if (!node) continue;
    let since = crashing ? now - random.int(0, 4000) : now - random.int(3 * HOUR, 9 * DAY);
    if (previous && updatedAt !== undefined) {
      // The old release ran here until the update replaced it, slot by slot.
      const replacedAt = updatedAt + i * random.int(4000, 15000);
      materializeTask(ctx, service, {
        slot,
        node,
        spec: taskSpecOf(previous),
        templateKey: templateKeyOf(previous),
        runningSince: replacedAt - random.int(DAY, 20 * DAY),
        stoppedAt: replacedAt,
      });
      since = replacedAt + random.int(1500, 4000);
    }
    const task = materializeTask(ctx, service, {slot, node, spec: service.taskSpec, templateKey: service.templateKey, runningSince: since});
    task.fate = ctx.orchestrator.fateOf(service);
    ctx.lifecycle.adoptRunning(task);
  }
}

/** A job that ran when the service was made and completed: one finished task per completion (or per node). */
function populateJob(ctx: SimContext, service: ServiceRecord, blueprint: ServiceBlueprint, placer: BulkPlacer): void {
  const {random} = ctx;
  const constraints = service.taskSpec.Placement.Constraints;
  const job = blueprint.job!;
  const slots: Array<{slot: number; node: NodeRecord | undefined}> =
    job.kind === 'global'
      ? [...ctx.store.nodes.values()].filter(node => eligibleFor(node.api, constraints)).map(node => ({slot: 0, node}))
      : Array.from({length: job.completions}, (_, i) => ({slot: i + 1, node: placer.next(constraints)}));
  const started = Date.parse(service.api.JobStatus!.LastExecution);
  let at = started + random.int(1500, 4000);
  for (const {slot, node} of slots) {
    if (!node) continue;
    const ran = random.between(blueprint.behaviour.runsMs ?? [2000, 5000]);
    materializeTask(ctx, service, {
      slot,
      node,
      spec: service.taskSpec,
      templateKey: service.templateKey,
      runningSince: at,
      stoppedAt: at + ran,
      completed: true,
    });
    // One at a time when the job allows one: the next starts as the last completes.
    if (job.kind === 'replicated' && job.maxConcurrent <= 1) at += ran + random.int(1000, 3000);
  }
}

/** The node, if it could hold the blueprint's reservations at all: a slot that fits nowhere is left to the scheduler, pending. */
function fitting(node: NodeRecord | undefined, blueprint: ServiceBlueprint): NodeRecord | undefined {
  const capacity = node?.api.Description.Resources;
  const wanted = blueprint.reservations ?? {};
  if (!capacity) return node;
  return (wanted.MemoryBytes ?? 0) <= capacity.MemoryBytes && (wanted.NanoCPUs ?? 0) <= capacity.NanoCPUs ? node : undefined;
}

interface MaterializeOptions {
  slot: number;
  node: NodeRecord;
  spec: EngineTaskSpec;
  templateKey: string;
  runningSince: number;
  stoppedAt?: number;
  /** A job's task that ran to completion (exit 0), rather than one stopped by an update. */
  completed?: boolean;
}

function materializeTask(ctx: SimContext, service: ServiceRecord, options: MaterializeOptions): TaskRecord {
  const {random, store, networks} = ctx;
  const created = options.runningSince - random.int(1500, 6000);
  const stopped = options.stoppedAt !== undefined;
  const containerId = random.containerId();
  const statusAt = stopped ? options.stoppedAt! : options.runningSince;
  const api: EngineTask = {
    ID: random.swarmId(),
    Version: {Index: store.nextIndex()},
    CreatedAt: stampAt(ctx, created),
    UpdatedAt: stampAt(ctx, statusAt + random.int(5, 120)),
    Labels: {},
    Spec: options.spec,
    ServiceID: service.api.ID,
    ...(options.slot > 0 ? {Slot: options.slot} : {}),
    NodeID: options.node.api.ID,
    Status: {
      Timestamp: stampAt(ctx, statusAt),
      State: options.completed ? 'complete' : stopped ? 'shutdown' : 'running',
      Message: options.completed ? 'finished' : stopped ? 'shutdown' : 'started',
      ContainerStatus: {
        ContainerID: containerId,
        PID: stopped ? 0 : random.int(1200, 4_000_000),
        ExitCode: stopped && !options.completed ? service.behaviour.stopExitCode : 0,
      },
      PortStatus: {},
    },
    DesiredState: options.completed ? 'complete' : stopped ? 'shutdown' : 'running',
    ...(service.networks.length ? {NetworksAttachments: service.networks.map(network => ({Network: network, Addresses: [networks.allocate(network)]}))} : {}),
  };
  const task: TaskRecord = {
    api,
    json: undefined,
    service,
    slot: options.slot,
    createdMs: created,
    templateKey: options.templateKey,
    timer: undefined,
    containerId,
    runningSince: options.runningSince,
    stoppedAt: options.stoppedAt,
    fate: undefined,
    logSeed: random.int(1, 2 ** 30),
    deleted: false,
    watchers: [],
  };
  store.addTask(task);
  return task;
}

/** Round-robin over the nodes each constraint set allows: spreads a service's slots, and all services' load. */
class BulkPlacer {
  private lists = new Map<string, {nodes: NodeRecord[]; cursor: number}>();

  constructor(
    private readonly nodes: NodeRecord[],
    private readonly ctx: SimContext,
  ) {}

  next(constraints: readonly string[] | undefined): NodeRecord | undefined {
    const key = (constraints ?? []).join('\n');
    let list = this.lists.get(key);
    if (!list) {
      const nodes = this.nodes.filter(node => eligibleFor(node.api, constraints));
      list = {nodes, cursor: this.ctx.random.int(0, Math.max(0, nodes.length - 1))};
      this.lists.set(key, list);
    }
    if (list.nodes.length === 0) return undefined;
    const node = list.nodes[list.cursor % list.nodes.length]!;
    list.cursor++;
    return node;
  }
}
