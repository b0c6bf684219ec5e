// The services the demo swarm runs: the hand-written small swarm, and the
// kinds of component the large and numeric sizes are generated from. Each
// blueprint says what the engine sees (the spec) and how its containers
// behave (logs, crashes, stop times), which the engine can't see.

import type {EngineResources, EngineTaskSpec, EngineUpdateConfig, Labels} from './engine-types.js';
import type {ServiceBehaviour} from './records.js';

export interface ServiceBlueprint {
  name: string;
  stack?: string;
  image: string;
  replicas?: number;
  global?: boolean;
  command?: string[];
  args?: string[];
  env?: string[];
  labels?: Labels;
  ports?: Array<{target: number; published: number; mode?: 'ingress' | 'host'}>;
  networks?: string[];
  constraints?: string[];
  update?: EngineUpdateConfig;
  rollback?: EngineUpdateConfig;
  restart?: EngineTaskSpec['RestartPolicy'];
  tty?: boolean;
  limits?: EngineResources;
  reservations?: EngineResources;
  behaviour: ServiceBehaviour;
  /** The image it ran before its last update, which completed: gives it PreviousSpec and shutdown history. */
  previousImage?: string;
  /** What else that update changed: the environment and replica count it had before. */
  previousEnv?: string[];
  previousReplicas?: number;
  /** Secrets and configs by name, each mounted at `target` (read-only to root). */
  secrets?: Array<{name: string; target: string}>;
  configs?: Array<{name: string; target: string}>;
  /** Named volumes, each mounted at `target`: on the node a task runs on, a local volume of that name. */
  volumes?: Array<{source: string; target: string}>;
  /** A job: it runs to completion instead of until stopped (replicated: so many completions, so many at a time). */
  job?: {kind: 'replicated'; maxConcurrent: number; completions: number} | {kind: 'global'};
  /** A role in the demo's story, so the autopilot knows whom to act on. */
  role?: 'failing-update' | 'rolling-update' | 'scaling';
}

const SECOND = 1e9;
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

const QUICK_STOP = {stopMs: [150, 900] as const, stopExitCode: 0, prepareMs: [400, 1800] as const};

export function behaviour(logProfile: ServiceBehaviour['logProfile'], extra: Partial<ServiceBehaviour> = {}): ServiceBehaviour {
  return {logProfile, ...QUICK_STOP, ...extra};
}

/** Images whose new release can't start: the failing update the demo plays out. */
export const BROKEN_RELEASE = 'registry.example.com/shop/checkout:3.3.0';

/** A tag ending in -broken makes any image crash at start, so a user can fail an update on purpose. */
export function isBrokenImage(image: string, known: ReadonlySet<string>): boolean {
  const reference = image.replace(/@.*$/, '');
  return known.has(reference) || /:[^/]*broken[^/]*$/.test(reference);
}

export const SMALL_NODES = [
  {hostname: 'manager1', role: 'manager', labels: {zone: 'a'}},
  {hostname: 'manager2', role: 'manager', labels: {zone: 'b'}},
  {hostname: 'manager3', role: 'manager', labels: {zone: 'c'}},
  {hostname: 'worker1', role: 'worker', labels: {zone: 'a', db: 'true'}},
  {hostname: 'worker2', role: 'worker', labels: {zone: 'b'}},
] as const;

export const SMALL_NETWORKS = ['shop_frontend', 'shop_backend', 'monitoring_default', 'ml_default', 'ops_default'];

export const SMALL_SERVICES: ServiceBlueprint[] = [
  {
    name: 'web',
    stack: 'shop',
    image: 'nginx:1.27.3-alpine',
    replicas: 3,
    ports: [{target: 80, published: 8080}],
    networks: ['shop_frontend'],
    configs: [{name: 'shop_nginx_conf', target: '/etc/nginx/conf.d/default.conf'}],
    update: {Parallelism: 1, Delay: 10 * SECOND, FailureAction: 'pause', Monitor: 5 * SECOND, MaxFailureRatio: 0, Order: 'start-first'},
    limits: {MemoryBytes: 256 * MIB},
    behaviour: behaviour('nginx'),
    role: 'scaling',
  },
  {
    name: 'api',
    stack: 'shop',
    image: 'registry.example.com/shop/api:2.14.0',
    replicas: 4,
    args: ['node', 'dist/server.js', '--port=8080'],
    env: ['NODE_ENV=production', 'DATABASE_URL=postgres://shop@postgres:5432/shop', 'REDIS_URL=redis://redis:6379'],
    secrets: [{name: 'shop_pg_password', target: 'db_password'}],
    networks: ['shop_frontend', 'shop_backend'],
    update: {Parallelism: 2, Delay: 5 * SECOND, FailureAction: 'rollback', Monitor: 10 * SECOND, MaxFailureRatio: 0, Order: 'stop-first'},
    rollback: {Parallelism: 2, Delay: 0, FailureAction: 'pause', Monitor: 5 * SECOND, MaxFailureRatio: 0, Order: 'stop-first'},
    limits: {NanoCPUs: 1e9, MemoryBytes: 512 * MIB},
    reservations: {NanoCPUs: 0.25e9, MemoryBytes: 128 * MIB},
    behaviour: behaviour('api', {stopExitCode: 143}),
    previousImage: 'registry.example.com/shop/api:2.13.2',
    previousEnv: ['NODE_ENV=production', 'DATABASE_URL=postgres://shop@postgres:5432/shop'],
    previousReplicas: 3,
    role: 'rolling-update',
  },
  {
    name: 'checkout',
    stack: 'shop',
    image: 'registry.example.com/shop/checkout:3.2.1',
    replicas: 3,
    env: ['NODE_ENV=production', 'PAYMENTS_URL=https://payments.example.com'],
    networks: ['shop_backend'],
    update: {Parallelism: 1, Delay: 3 * SECOND, FailureAction: 'rollback', Monitor: 15 * SECOND, MaxFailureRatio: 0, Order: 'stop-first'},
    rollback: {Parallelism: 1, Delay: 0, FailureAction: 'pause', Monitor: 5 * SECOND, MaxFailureRatio: 0, Order: 'stop-first'},
    behaviour: behaviour('checkout', {stopExitCode: 143}),
    role: 'failing-update',
  },
  {
    name: 'billing-worker',
    stack: 'shop',
    image: 'registry.example.com/shop/billing-worker:1.8.0',
    replicas: 2,
    networks: ['shop_backend'],
    restart: {Condition: 'any', Delay: 5 * SECOND, MaxAttempts: 0},
    limits: {MemoryBytes: 1 * GIB},
    behaviour: behaviour('billing', {crash: {exitCode: 137, afterMs: [4000, 9000]}}),
  },
  {
    name: 'trainer',
    stack: 'ml',
    image: 'registry.example.com/ml/trainer:0.9.1',
    replicas: 1,
    networks: ['ml_default'],
    constraints: ['node.labels.gpu==true'],
    // Small enough for any node: its only obstacle is the constraint.
    reservations: {NanoCPUs: 1e9, MemoryBytes: 2 * GIB},
    behaviour: behaviour('worker'),
  },
  {
    name: 'node-exporter',
    stack: 'monitoring',
    image: 'prom/node-exporter:v1.8.2',
    global: true,
    args: ['--path.rootfs=/host'],
    ports: [{target: 9100, published: 9100, mode: 'host'}],
    networks: ['monitoring_default'],
    behaviour: behaviour('exporter'),
  },
  {
    name: 'redis',
    stack: 'shop',
    image: 'redis:7.4.1-alpine',
    replicas: 1,
    networks: ['shop_backend'],
    behaviour: behaviour('redis'),
  },
  {
    name: 'postgres',
    stack: 'shop',
    image: 'postgres:16.6',
    replicas: 1,
    env: ['POSTGRES_DB=shop', 'POSTGRES_USER=shop', 'POSTGRES_PASSWORD_FILE=/run/secrets/pg_password'],
    secrets: [{name: 'shop_pg_password', target: 'pg_password'}],
    networks: ['shop_backend'],
    volumes: [{source: 'shop_pgdata', target: '/var/lib/postgresql/data'}],
    constraints: ['node.labels.db==true'],
    behaviour: behaviour('postgres', {stopMs: [1500, 4000]}),
  },
  {
    // A replicated job: the schema migration ran its three steps, one at a time, and completed.
    name: 'db-migrate',
    stack: 'shop',
    image: 'registry.example.com/shop/migrate:2.4.0',
    job: {kind: 'replicated', maxConcurrent: 1, completions: 3},
    networks: ['shop_backend'],
    behaviour: behaviour('worker', {runsMs: [2500, 6000]}),
  },
  {
    // A global job: one cleanup per node, each finished.
    name: 'log-rotate',
    stack: 'ops',
    image: 'busybox:1.37',
    job: {kind: 'global'},
    command: ['sh', '-c', 'find /var/log/app -name "*.gz" -mtime +7 -delete'],
    behaviour: behaviour('worker', {runsMs: [1500, 4000]}),
  },
  {
    name: 'debug-console',
    stack: 'ops',
    image: 'busybox:1.37',
    replicas: 1,
    command: ['sh', '-c', 'watch -n 10 uptime'],
    tty: true,
    networks: ['ops_default'],
    behaviour: behaviour('console', {stopMs: [9800, 10000], stopExitCode: 137}),
  },
];

/** Component kinds the generated sizes draw their services from. */
export interface ComponentKind {
  component: string;
  image: (n: number) => string;
  behaviour: ServiceBehaviour;
  ports?: boolean;
  env?: string[];
}

export const COMPONENT_KINDS: ComponentKind[] = [
  {component: 'web', image: n => `nginx:1.27.${n % 4}-alpine`, behaviour: behaviour('nginx'), ports: true},
  {
    component: 'api',
    image: n => `registry.example.com/{stack}/api:${1 + (n % 5)}.${n % 17}.${n % 7}`,
    behaviour: behaviour('api', {stopExitCode: 143}),
    env: ['NODE_ENV=production'],
  },
  {component: 'worker', image: n => `registry.example.com/{stack}/worker:${1 + (n % 3)}.${n % 11}.0`, behaviour: behaviour('worker')},
  {component: 'cache', image: () => 'redis:7.4.1-alpine', behaviour: behaviour('redis')},
  {component: 'db', image: n => `postgres:${15 + (n % 3)}.6`, behaviour: behaviour('postgres', {stopMs: [1500, 4000]})},
  {component: 'gateway', image: n => `nginx:1.26.${n % 3}`, behaviour: behaviour('nginx'), ports: true},
  {component: 'scheduler', image: n => `registry.example.com/{stack}/scheduler:0.${n % 9}.${n % 4}`, behaviour: behaviour('worker')},
  {component: 'search', image: n => `registry.example.com/{stack}/search:${2 + (n % 2)}.${n % 8}.1`, behaviour: behaviour('api', {stopExitCode: 143})},
];

export const STACK_WORDS = [
  'shop',
  'billing',
  'auth',
  'search',
  'media',
  'orders',
  'catalog',
  'payments',
  'inventory',
  'shipping',
  'reviews',
  'notify',
  'analytics',
  'ledger',
  'profile',
  'cart',
  'pricing',
  'promo',
  'support',
  'reports',
  'import',
  'export',
  'feeds',
  'geo',
  'chat',
  'video',
  'docs',
  'crm',
  'hr',
  'audit',
];

/**
 * The big services every swarm of a thousand services or more has somewhere: a
 * storefront of 100 replicas that rolls out slot by slot, and a log ingester of
 * 50 that is never quiet, so the rollout view and a service's logs can be seen
 * (and timed) at their size.
 */
export const BIG_SERVICES: ServiceBlueprint[] = [
  {
    name: 'web',
    stack: 'storefront',
    image: 'registry.example.com/storefront/web:5.2.0',
    replicas: 100,
    networks: ['storefront_default'],
    ports: [{target: 80, published: 8443}],
    update: {Parallelism: 4, Delay: 3 * SECOND, FailureAction: 'rollback', Monitor: 5 * SECOND, MaxFailureRatio: 0, Order: 'start-first'},
    behaviour: behaviour('nginx'),
  },
  {
    name: 'ingest',
    stack: 'storefront',
    image: 'registry.example.com/storefront/ingest:1.4.2',
    replicas: 50,
    networks: ['storefront_default'],
    behaviour: behaviour('api', {stopExitCode: 143}),
  },
];
