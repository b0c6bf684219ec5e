import type {PortConfig, SwarmNode, SwarmService, SwarmTask, TaskStateRead} from '../docker/types.js';
import {naturalCompare} from './natural-compare.js';
import {nodeAttribute, satisfiesConstraint} from './placement.js';

// Why a task is pending: every node put through the checks the swarm scheduler
// makes (its filters: node ready, availability, placement constraints, platform,
// reservations against what is left, host-mode ports, replicas per node), and
// the failures said in words. The engine's own message only counts the nodes
// ("scheduling constraints not satisfied on 3 nodes"); this says which check
// fails where. Pure: it reads the nodes, the service and the tasks it is given.

export type PlacementCheck = 'state' | 'availability' | 'constraint' | 'platform' | 'resources' | 'host-port' | 'max-replicas';

/** The order failures are reported in: what rules a node out most plainly first. */
export const placementChecks: readonly PlacementCheck[] = ['state', 'availability', 'constraint', 'platform', 'resources', 'host-port', 'max-replicas'];

export interface PlacementFailure {
  check: PlacementCheck;
  /** What this node lacks, in words: "is drained", "has zone=a", "has 23.4 GiB of memory free". */
  text: string;
  /** The constraint that failed (constraint checks). */
  constraint?: string;
  /** Free memory and CPU left on the node (resource checks). */
  free?: {memoryBytes: number; nanoCpus: number};
}

export interface NodeVerdict {
  node: SwarmNode;
  name: string;
  failures: PlacementFailure[];
}

export interface PlacementExplanation {
  verdicts: NodeVerdict[];
  /** Nodes that pass every check. */
  fitting: NodeVerdict[];
  /** One line: "no node fits: constraint node.labels.zone==eu; node1 has zone=a, node2 and node3 have no zone". */
  summary: string;
}

const terminal = new Set<TaskStateRead>(['complete', 'shutdown', 'failed', 'rejected', 'remove', 'orphaned']);

/** A task that holds its node's resources and ports: placed, meant to run, not ended. */
export function holdsNode(task: SwarmTask): boolean {
  return Boolean(task.NodeID) && (task.DesiredState === 'running' || task.DesiredState === 'ready') && !terminal.has(task.Status.State);
}

export function nodeLabel(node: SwarmNode): string {
  return node.Description?.Hostname ?? node.Spec.Name ?? node.ID.slice(0, 12);
}

/** "node1", "node1 and node2", "node1, node2 and node3", "node1, node2, node3 and 4 more". */
export function nameList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length > 4) return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** "500 GiB", "23.4 GiB", "16 MiB": sizes as the summaries print them. */
export function sizeText(count: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Math.max(0, count);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = Number.isInteger(value) || value >= 100 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${digits} ${units[unit]}`;
}

export function cpuText(nanoCpus: number): string {
  const count = nanoCpus / 1e9;
  const digits = Number.isInteger(count) ? String(count) : count.toFixed(2).replace(/0$/, '');
  return `${digits} CPU${count === 1 ? '' : 's'}`;
}

function hostPorts(ports: readonly PortConfig[] | undefined): PortConfig[] {
  return (ports ?? []).filter(port => port.PublishMode === 'host' && port.PublishedPort);
}

function portKey(port: PortConfig): string {
  return `${port.PublishedPort}/${port.Protocol ?? 'tcp'}`;
}

const archAliases: Record<string, string> = {x86_64: 'amd64', aarch64: 'arm64', armhf: 'arm', armv7l: 'arm'};
const normalArch = (arch: string | undefined) => {
  const lower = (arch ?? '').toLowerCase();
  return archAliases[lower] ?? lower;
};

function constraintFailure(node: SwarmNode, constraint: string): PlacementFailure {
  const key = /^\s*([^=!\s]+)/.exec(constraint)?.[1] ?? constraint;
  const short = key.replace(/^(node\.labels|engine\.labels|node\.platform|node)\./i, '');
  const actual = nodeAttribute(node, key);
  const text = actual === undefined ? `no ${short}` : `${short}=${actual}`;
  return {check: 'constraint', text, constraint: constraint.trim()};
}

export interface PlacementInput {
  nodes: readonly SwarmNode[];
  /** The tasks known: those on the nodes count against resources, ports and replicas per node. */
  tasks: readonly SwarmTask[];
  /** Other services, for the host ports their tasks hold. */
  services: readonly SwarmService[];
}

/** What each node lacks for one more task of `service` (a global task: only its own node). */
export function placementVerdicts(service: SwarmService, input: PlacementInput, onlyNode?: string): NodeVerdict[] {
  const template = service.Spec.TaskTemplate;
  const constraints = template.Placement?.Constraints ?? [];
  const platforms = template.Placement?.Platforms ?? [];
  const maxReplicas = template.Placement?.MaxReplicas ?? 0;
  const wanted = template.Resources?.Reservations ?? {};
  const ports = hostPorts(service.Spec.EndpointSpec?.Ports);
  const servicesById = new Map(input.services.map(other => [other.ID, other]));

  const holding = tasksHoldingNodes(input.tasks);

  const nodes = (onlyNode ? input.nodes.filter(node => node.ID === onlyNode) : [...input.nodes]).sort((a, b) => naturalCompare(nodeLabel(a), nodeLabel(b)));
  return nodes.map(node => {
    const failures: PlacementFailure[] = [];
    const onNode = holding.get(node.ID) ?? [];
    if (node.Status.State !== 'ready') failures.push({check: 'state', text: `is ${node.Status.State}`});
    if (node.Spec.Availability !== 'active') {
      failures.push({check: 'availability', text: node.Spec.Availability === 'drain' ? 'is drained' : 'is paused'});
    }
    for (const constraint of constraints) {
      if (!satisfiesConstraint(node, constraint)) failures.push(constraintFailure(node, constraint));
    }
    if (platforms.length > 0) {
      const os = (node.Description?.Platform?.OS ?? '').toLowerCase();
      const arch = normalArch(node.Description?.Platform?.Architecture);
      const matches = platforms.some(
        platform => (!platform.OS || platform.OS.toLowerCase() === os) && (!platform.Architecture || normalArch(platform.Architecture) === arch),
      );
      if (!matches) failures.push({check: 'platform', text: `is ${os || '?'}/${node.Description?.Platform?.Architecture ?? '?'}`});
    }
    const capacity = node.Description?.Resources ?? {};
    let usedMemory = 0;
    let usedCpus = 0;
    for (const task of onNode) {
      usedMemory += task.Spec?.Resources?.Reservations?.MemoryBytes ?? 0;
      usedCpus += task.Spec?.Resources?.Reservations?.NanoCPUs ?? 0;
    }
    const free = {memoryBytes: (capacity.MemoryBytes ?? 0) - usedMemory, nanoCpus: (capacity.NanoCPUs ?? 0) - usedCpus};
    const short: string[] = [];
    if (wanted.MemoryBytes && wanted.MemoryBytes > free.memoryBytes) short.push(`${sizeText(free.memoryBytes)} of memory free`);
    if (wanted.NanoCPUs && wanted.NanoCPUs > free.nanoCpus) short.push(`${cpuText(free.nanoCpus)} free`);
    if (short.length > 0) failures.push({check: 'resources', text: `has ${short.join(' and ')}`, free});
    if (ports.length > 0) {
      const taken = new Set<string>();
      for (const task of onNode) {
        const other = servicesById.get(task.ServiceID);
        for (const port of hostPorts(other?.Spec.EndpointSpec?.Ports)) taken.add(portKey(port));
      }
      const clash = ports.filter(port => taken.has(portKey(port)));
      if (clash.length > 0) failures.push({check: 'host-port', text: `has port ${clash.map(portKey).join(', ')} taken`});
    }
    if (maxReplicas > 0) {
      const own = onNode.filter(task => task.ServiceID === service.ID).length;
      if (own >= maxReplicas) failures.push({check: 'max-replicas', text: `runs ${own} already`});
    }
    return {node, name: nodeLabel(node), failures};
  });
}

const holdingCache = new WeakMap<readonly SwarmTask[], Map<string, SwarmTask[]>>();

/** The tasks holding each node, computed once per task list (every pending task of a read shares it). */
function tasksHoldingNodes(tasks: readonly SwarmTask[]): Map<string, SwarmTask[]> {
  let holding = holdingCache.get(tasks);
  if (!holding) {
    holding = new Map();
    for (const task of tasks) {
      if (!holdsNode(task)) continue;
      const list = holding.get(task.NodeID!) ?? [];
      list.push(task);
      holding.set(task.NodeID!, list);
    }
    holdingCache.set(tasks, holding);
  }
  return holding;
}

function firstFailure(verdict: NodeVerdict): PlacementFailure {
  return [...verdict.failures].sort((a, b) => placementChecks.indexOf(a.check) - placementChecks.indexOf(b.check))[0]!;
}

/** "node1 has zone=a, node2 and node3 have no zone": nodes grouped by what they share. */
function byText(entries: ReadonlyArray<{name: string; text: string}>, plural: (text: string) => string): string {
  const groups = new Map<string, string[]>();
  for (const entry of entries) groups.set(entry.text, [...(groups.get(entry.text) ?? []), entry.name]);
  return [...groups].map(([text, names]) => `${nameList(names)} ${names.length > 1 ? plural(text) : text}`).join(', ');
}

const pluralVerb = (text: string) =>
  text
    .replace(/^has /, 'have ')
    .replace(/^is /, 'are ')
    .replace(/^runs /, 'run ');

function clause(
  check: PlacementCheck,
  failed: ReadonlyArray<{verdict: NodeVerdict; failure: PlacementFailure}>,
  service: SwarmService,
  all: readonly NodeVerdict[],
): string[] {
  const entries = failed.map(({verdict, failure}) => ({name: verdict.name, text: failure.text}));
  const placement = service.Spec.TaskTemplate.Placement;
  switch (check) {
    case 'constraint': {
      const byConstraint = new Map<string, Array<{name: string; text: string}>>();
      for (const {verdict, failure} of failed) {
        const list = byConstraint.get(failure.constraint!) ?? [];
        list.push({name: verdict.name, text: `has ${failure.text}`});
        byConstraint.set(failure.constraint!, list);
      }
      return [...byConstraint].map(([constraint, nodes]) => `constraint ${constraint}; ${byText(nodes, pluralVerb)}`);
    }
    case 'resources': {
      const wanted = service.Spec.TaskTemplate.Resources?.Reservations ?? {};
      // The most any node that is up and active has left, so the gap is plain.
      const candidates = all.filter(verdict => !verdict.failures.some(f => f.check === 'state' || f.check === 'availability'));
      const freeOf = (verdict: NodeVerdict) => verdict.failures.find(f => f.check === 'resources')?.free;
      const parts: string[] = [];
      for (const [kind, amount, pick, say] of [
        ['memory', wanted.MemoryBytes, (free: {memoryBytes: number}) => free.memoryBytes, sizeText],
        ['CPU', wanted.NanoCPUs, (free: {nanoCpus: number}) => free.nanoCpus, cpuText],
      ] as const) {
        if (!amount) continue;
        const short = failed.filter(({failure}) => (kind === 'memory' ? failure.free!.memoryBytes : failure.free!.nanoCpus) < amount);
        if (short.length === 0) continue;
        let best: {name: string; value: number} | undefined;
        for (const verdict of candidates) {
          const free = freeOf(verdict);
          if (!free) continue;
          const value = pick(free as {memoryBytes: number; nanoCpus: number});
          if (!best || value > best.value) best = {name: verdict.name, value};
        }
        const what = kind === 'memory' ? `${sizeText(amount)} of memory reserved` : `${cpuText(amount)} reserved`;
        parts.push(best ? `needs ${what}; the most free is ${say(best.value)} on ${best.name}` : `needs ${what}`);
      }
      return parts.length > 0 ? parts : [byText(entries, pluralVerb)];
    }
    case 'max-replicas':
      return [`at most ${placement?.MaxReplicas} per node; ${byText(entries, pluralVerb)}`];
    case 'platform': {
      const wanted = (placement?.Platforms ?? []).map(platform => `${platform.OS ?? '*'}/${platform.Architecture ?? '*'}`);
      return [`the image runs on ${wanted.join(' or ')}; ${byText(entries, pluralVerb)}`];
    }
    default:
      return [byText(entries, pluralVerb)];
  }
}

/** Why one more task of `service` has no node (for a global task, `onlyNode` is its node). */
export function explainPlacement(service: SwarmService, input: PlacementInput, onlyNode?: string): PlacementExplanation {
  const verdicts = placementVerdicts(service, input, onlyNode);
  const fitting = verdicts.filter(verdict => verdict.failures.length === 0);
  if (verdicts.length === 0) return {verdicts, fitting, summary: onlyNode ? 'its node has left the swarm' : 'the swarm has no nodes'};
  if (fitting.length > 0) {
    const names = nameList(fitting.map(verdict => verdict.name));
    return {verdicts, fitting, summary: `${names} ${fitting.length > 1 ? 'fit' : 'fits'}; the scheduler has not placed it yet`};
  }
  const clauses: string[] = [];
  for (const check of placementChecks) {
    const failed = verdicts.map(verdict => ({verdict, failure: firstFailure(verdict)})).filter(entry => entry.failure.check === check);
    if (failed.length > 0) clauses.push(...clause(check, failed, service, verdicts));
  }
  const lead = onlyNode ? `${verdicts[0]!.name} does not fit` : 'no node fits';
  return {verdicts, fitting, summary: `${lead}: ${clauses.join('; ')}`};
}

/** A task the scheduler has not placed yet. */
export function isPending(task: SwarmTask): boolean {
  return task.DesiredState === 'running' && (task.Status.State === 'pending' || task.Status.State === 'new' || task.Status.State === 'allocated');
}

/** Why `task` is pending, or undefined when it is not. */
export function explainPendingTask(task: SwarmTask, service: SwarmService | undefined, input: PlacementInput): PlacementExplanation | undefined {
  if (!service || !isPending(task)) return undefined;
  return explainPlacement(service, input, task.NodeID || undefined);
}

/** Why a service has pending tasks: the first pending task's explanation. */
export function explainPendingService(service: SwarmService, input: PlacementInput): PlacementExplanation | undefined {
  const pending = input.tasks.find(task => task.ServiceID === service.ID && isPending(task));
  return pending ? explainPendingTask(pending, service, input) : undefined;
}

export interface Reserved {
  memoryBytes: number;
  nanoCpus: number;
}

/** What the tasks on each node reserve between them: what the scheduler counts against its capacity. */
export function reservedByNode(tasks: readonly SwarmTask[]): Map<string, Reserved> {
  const reserved = new Map<string, Reserved>();
  for (const task of tasks) {
    if (!holdsNode(task)) continue;
    const entry = reserved.get(task.NodeID!) ?? {memoryBytes: 0, nanoCpus: 0};
    entry.memoryBytes += task.Spec?.Resources?.Reservations?.MemoryBytes ?? 0;
    entry.nanoCpus += task.Spec?.Resources?.Reservations?.NanoCPUs ?? 0;
    reserved.set(task.NodeID!, entry);
  }
  return reserved;
}
