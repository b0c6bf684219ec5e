// What to build: the nodes, networks and services of each demo size. The
// small swarm is written by hand; large and numeric sizes are generated from
// component kinds so a benchmark can ask for any number of nodes, services
// and tasks and still get a swarm that reads like a real one.

import {BIG_SERVICES, COMPONENT_KINDS, SMALL_NETWORKS, SMALL_NODES, SMALL_SERVICES, STACK_WORDS, behaviour, type ServiceBlueprint} from './catalog.js';
import type {NodeRole} from './engine-types.js';
import type {Random} from './random.js';

export interface NodePlan {
  hostname: string;
  role: NodeRole;
  labels: Record<string, string>;
  cpus: number;
  memoryGiB: number;
}

export interface SwarmPlan {
  nodes: NodePlan[];
  /** Overlay networks besides ingress, with their subnets. */
  networks: Array<{name: string; subnet: string}>;
  ingressSubnet: string;
  services: ServiceBlueprint[];
}

export interface SizeNumbers {
  nodes: number;
  services: number;
  /** Desired running tasks across all services; history comes on top. */
  tasks: number;
}

export const LARGE: SizeNumbers = {nodes: 500, services: 2000, tasks: 20000};

export function smallPlan(): SwarmPlan {
  return {
    nodes: SMALL_NODES.map((node, i) => ({hostname: node.hostname, role: node.role, labels: {...node.labels}, cpus: i < 3 ? 2 : 4, memoryGiB: i < 3 ? 4 : 16})),
    networks: SMALL_NETWORKS.map((name, i) => ({name, subnet: `10.0.${i + 1}.0/24`})),
    ingressSubnet: '10.0.0.0/24',
    services: SMALL_SERVICES.map(service => ({...service})),
  };
}

export function generatedPlan(size: SizeNumbers, random: Random): SwarmPlan {
  const nodes = generateNodes(Math.max(1, Math.floor(size.nodes)));
  const workers = nodes.filter(node => node.role === 'worker').length || nodes.length;
  const serviceCount = Math.max(0, Math.floor(size.services));

  // The demo's story services first, scaled with the swarm.
  const special: ServiceBlueprint[] = [];
  const globals = serviceCount >= 20 ? 2 : serviceCount >= 6 ? 1 : 0;
  if (globals >= 1)
    special.push({
      name: 'node-exporter',
      stack: 'monitoring',
      image: 'prom/node-exporter:v1.8.2',
      global: true,
      networks: ['monitoring_default'],
      behaviour: behaviour('exporter'),
    });
  if (globals >= 2)
    special.push({
      name: 'fluent-bit',
      stack: 'logging',
      image: 'fluent/fluent-bit:3.2.4',
      global: true,
      constraints: ['node.role==worker'],
      networks: ['logging_default'],
      behaviour: behaviour('shipper'),
    });
  const failing = SMALL_SERVICES.find(service => service.role === 'failing-update')!;
  if (serviceCount >= 4) special.push({...failing, replicas: 6});
  const crashLoops = serviceCount >= 4 ? Math.max(1, Math.round(serviceCount / 200)) : 0;
  const crashing = SMALL_SERVICES.find(service => service.name === 'billing-worker')!;
  for (let i = 0; i < crashLoops; i++) special.push({...crashing, name: i === 0 ? crashing.name : `${crashing.name}-${i + 1}`, replicas: 1 + (i % 3)});
  const stuck = serviceCount >= 5 ? Math.max(1, Math.round(serviceCount / 500)) : 0;
  const trainer = SMALL_SERVICES.find(service => service.name === 'trainer')!;
  for (let i = 0; i < stuck; i++) special.push({...trainer, name: i === 0 ? trainer.name : `${trainer.name}-${i + 1}`});
  if (serviceCount >= 1000) special.push(...BIG_SERVICES.map(service => ({...service})));
  special.splice(serviceCount);

  const regularCount = serviceCount - special.length;
  const globalTasks = globals >= 1 ? nodes.length : 0;
  const workerGlobalTasks = globals >= 2 ? workers : 0;
  const specialReplicas = special.reduce((sum, service) => sum + (service.replicas ?? 0), 0);
  const budget = Math.max(0, Math.floor(size.tasks) - globalTasks - workerGlobalTasks - specialReplicas);
  const replicas = spreadReplicas(regularCount, budget, random);

  const stacks = new Map<string, number>();
  const regular: ServiceBlueprint[] = [];
  for (let i = 0; i < regularCount; i++) {
    const stackIndex = Math.floor(i / COMPONENT_KINDS.length);
    const round = Math.floor(stackIndex / STACK_WORDS.length);
    const stack = STACK_WORDS[stackIndex % STACK_WORDS.length]! + (round ? `${round + 1}` : '');
    const kind = COMPONENT_KINDS[i % COMPONENT_KINDS.length]!;
    stacks.set(stack, (stacks.get(stack) ?? 0) + 1);
    const image = kind.image(i).replace('{stack}', stack);
    const updated = random.chance(0.3);
    regular.push({
      name: kind.component,
      stack,
      image,
      replicas: replicas[i]!,
      env: kind.env,
      ports: kind.ports ? [{target: 80, published: 30000 + (i % 30000)}] : undefined,
      networks: [`${stack}_default`],
      constraints: kind.component === 'db' ? ['node.labels.db==true'] : random.chance(0.5) ? ['node.role==worker'] : undefined,
      update: {
        Parallelism: random.pick([1, 1, 2, 5]),
        Delay: random.pick([0, 5e9, 10e9]),
        FailureAction: random.pick(['pause', 'rollback'] as const),
        Monitor: 5e9,
        MaxFailureRatio: 0,
        Order: random.pick(['stop-first', 'start-first'] as const),
      },
      behaviour: kind.behaviour,
      previousImage: updated ? previousOf(image) : undefined,
      role: i % 97 === 0 ? 'rolling-update' : i % 89 === 0 ? 'scaling' : undefined,
    });
  }

  const networkNames = new Set<string>();
  for (const service of [...special, ...regular]) for (const network of service.networks ?? []) networkNames.add(network);
  const networks = [...networkNames].map((name, i) => ({name, subnet: `10.${1 + Math.floor(i / 16)}.${(i % 16) * 16}.0/20`}));
  return {nodes, networks, ingressSubnet: '10.0.0.0/16', services: [...special, ...regular]};
}

function generateNodes(count: number): NodePlan[] {
  const managers = count >= 100 ? 5 : count >= 3 ? 3 : 1;
  const zones = ['a', 'b', 'c'];
  const nodes: NodePlan[] = [];
  for (let i = 0; i < count; i++) {
    const manager = i < managers;
    const n = manager ? i + 1 : i - managers + 1;
    const labels: Record<string, string> = {zone: zones[i % zones.length]!};
    if (!manager && n % 25 === 1) labels['db'] = 'true';
    nodes.push({
      hostname: manager ? `mgr-${String(n).padStart(2, '0')}` : `node-${String(n).padStart(3, '0')}`,
      role: manager ? 'manager' : 'worker',
      labels,
      cpus: manager ? 4 : [8, 16, 16, 32][n % 4]!,
      memoryGiB: manager ? 16 : [32, 64, 64, 128][n % 4]!,
    });
  }
  return nodes;
}

/** Splits `budget` replicas over `count` services, heavy-tailed like real swarms (many small, a few big), summing exactly. */
function spreadReplicas(count: number, budget: number, random: Random): number[] {
  if (count === 0) return [];
  const weights = Array.from({length: count}, () => {
    const base = 1 - Math.log(1 - random.next()) * 2;
    return random.chance(0.02) ? base * 12 : base;
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const exact = weights.map(weight => (weight / total) * budget);
  const replicas = exact.map(Math.floor);
  let left = budget - replicas.reduce((sum, n) => sum + n, 0);
  const byFraction = exact.map((value, i) => [value - Math.floor(value), i] as const).sort((a, b) => b[0] - a[0]);
  for (let j = 0; left > 0; j = (j + 1) % count, left--) replicas[byFraction[j]![1]]!++;
  return replicas;
}

/** The release before this one: the last non-zero number of the tag, one lower. */
function previousOf(image: string): string | undefined {
  const colon = image.lastIndexOf(':');
  const tag = image.slice(colon + 1);
  const numbers = [...tag.matchAll(/\d+/g)].filter(match => Number(match[0]) > 0);
  const last = numbers[numbers.length - 1];
  if (!last || last.index === undefined) return undefined;
  const lowered = tag.slice(0, last.index) + String(Number(last[0]) - 1) + tag.slice(last.index + last[0].length);
  return image.slice(0, colon + 1) + lowered;
}
