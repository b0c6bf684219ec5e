// What the simulated containers print. Every line is a pure function of the
// task's seed, the line number and its moment, so logs never need storing:
// any window (tail, since, follow) is recomputed on demand and is always the
// same. Formats imitate each kind of program closely enough to read as real.

import {hashUnit} from './random.js';

export type LogProfileName = 'nginx' | 'api' | 'worker' | 'redis' | 'postgres' | 'exporter' | 'shipper' | 'billing' | 'checkout' | 'console';

export type Stream = 1 | 2; // stdout, stderr, as in the 8-byte frame header

export interface LineText {
  stream: Stream;
  text: string;
}

export interface LineContext {
  seed: number;
  /** Line number within its section (startup, steady or shutdown). */
  k: number;
  atMs: number;
  service: string;
  version: string;
}

export interface LogProfile {
  /** Average gap between steady-state lines. */
  periodMs: number;
  startup(ctx: LineContext): LineText[];
  steady(ctx: LineContext): LineText;
  shutdown(ctx: LineContext): LineText[];
}

const out = (text: string): LineText => ({stream: 1, text});
const err = (text: string): LineText => ({stream: 2, text});

function rand(ctx: LineContext, salt: number): number {
  return hashUnit(ctx.seed, ctx.k * 31 + salt);
}

function pick<T>(ctx: LineContext, salt: number, items: readonly T[]): T {
  return items[Math.floor(rand(ctx, salt) * items.length)]!;
}

function int(ctx: LineContext, salt: number, min: number, max: number): number {
  return min + Math.floor(rand(ctx, salt) * (max - min + 1));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

// nginx access log: 21/Nov/2026:05:03:31 +0000
function clfDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

// nginx error log: 2026/11/21 05:03:31
function slashDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

// redis: 21 Nov 2026 05:03:31.123
function redisDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

function clientIp(ctx: LineContext): string {
  return `10.0.${int(ctx, 1, 0, 3)}.${int(ctx, 2, 2, 250)}`;
}

const PATHS = [
  '/',
  '/api/products',
  '/api/products/{id}',
  '/api/cart',
  '/api/orders/{id}',
  '/static/app.{hash}.js',
  '/static/styles.{hash}.css',
  '/healthz',
  '/api/search?q=boots',
  '/favicon.ico',
];
const WRITE_PATHS = ['/api/cart', '/api/cart/items/{id}', '/api/orders', '/api/orders/{id}', '/api/sessions'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'kube-probe/1.31',
  'curl/8.10.1',
];

function requestPath(ctx: LineContext, salt: number): string {
  return pick(ctx, salt, PATHS)
    .replace('{id}', String(int(ctx, salt + 1, 1000, 99999)))
    .replace('{hash}', (int(ctx, salt + 2, 0, 0xffffff) >>> 0).toString(16).padStart(6, '0'));
}

function httpStatus(ctx: LineContext, salt: number): number {
  const r = rand(ctx, salt);
  return r < 0.86 ? 200 : r < 0.92 ? 304 : r < 0.96 ? 404 : r < 0.985 ? 302 : 502;
}

const nginx: LogProfile = {
  periodMs: 1400,
  startup: ctx => [
    out('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration'),
    out('/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/'),
    out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh'),
    out('/docker-entrypoint.sh: Configuration complete; ready for start up'),
    err(`${slashDate(ctx.atMs)} [notice] 1#1: using the "epoll" event method`),
    err(`${slashDate(ctx.atMs)} [notice] 1#1: nginx/${ctx.version.replace(/-.*/, '')}`),
    err(`${slashDate(ctx.atMs)} [notice] 1#1: start worker processes`),
  ],
  steady: ctx => {
    if (rand(ctx, 9) < 0.03) {
      return err(
        `${slashDate(ctx.atMs)} [warn] ${int(ctx, 3, 20, 40)}#${int(ctx, 3, 20, 40)}: *${int(ctx, 4, 1000, 99999)} an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/3/07/0000000073, client: ${clientIp(ctx)}, server: _, request: "GET ${requestPath(ctx, 5)} HTTP/1.1"`,
      );
    }
    const status = httpStatus(ctx, 6);
    const bytes = status === 304 ? 0 : int(ctx, 7, 180, 48000);
    const method = rand(ctx, 8) < 0.82 ? 'GET' : 'POST';
    return out(`${clientIp(ctx)} - - [${clfDate(ctx.atMs)}] "${method} ${requestPath(ctx, 5)} HTTP/1.1" ${status} ${bytes} "-" "${pick(ctx, 10, AGENTS)}" "-"`);
  },
  shutdown: ctx => [err(`${slashDate(ctx.atMs)} [notice] 1#1: signal 15 (SIGTERM) received, exiting`), err(`${slashDate(ctx.atMs)} [notice] 1#1: exit`)],
};

function json(fields: Record<string, unknown>): string {
  return JSON.stringify(fields);
}

const api: LogProfile = {
  periodMs: 2200,
  startup: ctx => [
    out(json({level: 'info', time: iso(ctx.atMs), service: ctx.service, version: ctx.version, msg: 'loading configuration', env: 'production'})),
    out(json({level: 'info', time: iso(ctx.atMs), service: ctx.service, msg: 'connected to postgres', host: 'postgres', pool: 20})),
    out(json({level: 'info', time: iso(ctx.atMs), service: ctx.service, msg: 'connected to redis', host: 'redis:6379'})),
    out(json({level: 'info', time: iso(ctx.atMs), service: ctx.service, msg: 'http server listening', port: 8080})),
  ],
  steady: ctx => {
    const r = rand(ctx, 1);
    if (r < 0.015)
      return out(
        json({
          level: 'error',
          time: iso(ctx.atMs),
          service: ctx.service,
          msg: 'upstream request failed',
          upstream: 'payments',
          error: 'context deadline exceeded',
          duration_ms: 5000,
        }),
      );
    if (r < 0.05)
      return out(
        json({
          level: 'warn',
          time: iso(ctx.atMs),
          service: ctx.service,
          msg: 'slow query',
          query: 'SELECT * FROM orders WHERE customer_id = $1',
          duration_ms: int(ctx, 2, 800, 3200),
        }),
      );
    const read = rand(ctx, 3) < 0.7;
    const method = read ? 'GET' : pick(ctx, 7, ['POST', 'PUT', 'DELETE']);
    const path = read ? requestPath(ctx, 4) : pick(ctx, 8, WRITE_PATHS).replace('{id}', String(int(ctx, 9, 1000, 99999)));
    return out(
      json({
        level: 'info',
        time: iso(ctx.atMs),
        service: ctx.service,
        msg: 'request completed',
        method,
        path,
        status: httpStatus(ctx, 5),
        duration_ms: int(ctx, 6, 2, 180),
        request_id: (ctx.seed ^ (ctx.k * 2654435761)).toString(16).replace('-', ''),
      }),
    );
  },
  shutdown: ctx => [
    out(json({level: 'info', time: iso(ctx.atMs), service: ctx.service, msg: 'SIGTERM received, draining connections'})),
    out(json({level: 'info', time: iso(ctx.atMs), service: ctx.service, msg: 'shutdown complete'})),
  ],
};

const QUEUES = ['emails', 'invoices', 'thumbnails', 'webhooks', 'search-index'];

const worker: LogProfile = {
  periodMs: 3800,
  startup: ctx => [
    err(`time="${iso(ctx.atMs)}" level=info msg="starting worker" version=${ctx.version} concurrency=8`),
    err(`time="${iso(ctx.atMs)}" level=info msg="connected to broker" url="amqp://rabbitmq:5672/"`),
  ],
  steady: ctx => {
    const queue = pick(ctx, 1, QUEUES);
    if (rand(ctx, 2) < 0.04)
      return err(
        `time="${iso(ctx.atMs)}" level=warning msg="job failed, will retry" queue=${queue} job_id=${int(ctx, 3, 100000, 999999)} attempt=${int(ctx, 4, 1, 4)} error="connection reset by peer"`,
      );
    return err(`time="${iso(ctx.atMs)}" level=info msg="job processed" queue=${queue} job_id=${int(ctx, 3, 100000, 999999)} duration=${int(ctx, 5, 4, 900)}ms`);
  },
  shutdown: ctx => [err(`time="${iso(ctx.atMs)}" level=info msg="received terminated, finishing in-flight jobs"`)],
};

const redis: LogProfile = {
  periodMs: 30000,
  startup: ctx => [
    out(`1:C ${redisDate(ctx.atMs)} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`),
    out(`1:C ${redisDate(ctx.atMs)} # Redis version=${ctx.version.replace(/-.*/, '')}, bits=64, commit=00000000, modified=0, pid=1, just started`),
    out(`1:M ${redisDate(ctx.atMs)} * monotonic clock: POSIX clock_gettime`),
    out(`1:M ${redisDate(ctx.atMs)} * Running mode=standalone, port=6379.`),
    out(`1:M ${redisDate(ctx.atMs)} * Server initialized`),
    out(`1:M ${redisDate(ctx.atMs)} * Ready to accept connections tcp`),
  ],
  steady: ctx => {
    // One background save per four lines, by one child process.
    const pid = 20 + (Math.floor(ctx.k / 4) % 400);
    switch (ctx.k % 4) {
      case 0:
        return out(`1:M ${redisDate(ctx.atMs)} * ${int(ctx, 1, 100, 5000)} changes in 300 seconds. Saving...`);
      case 1:
        return out(`1:M ${redisDate(ctx.atMs)} * Background saving started by pid ${pid}`);
      case 2:
        return out(`${pid}:C ${redisDate(ctx.atMs)} * DB saved on disk`);
      default:
        return out(`1:M ${redisDate(ctx.atMs)} * Background saving terminated with success`);
    }
  },
  shutdown: ctx => [
    out(`1:signal-handler (${Math.floor(ctx.atMs / 1000)}) Received SIGTERM scheduling shutdown...`),
    out(`1:M ${redisDate(ctx.atMs)} # User requested shutdown...`),
    out(`1:M ${redisDate(ctx.atMs)} # Redis is now ready to exit, bye bye...`),
  ],
};

function pgDate(ms: number): string {
  return iso(ms).replace('T', ' ').replace('Z', ' UTC');
}

const postgres: LogProfile = {
  periodMs: 45000,
  startup: ctx => [
    out(''),
    out('PostgreSQL Database directory appears to contain a database; Skipping initialization'),
    out(''),
    err(
      `${pgDate(ctx.atMs)} [1] LOG:  starting PostgreSQL ${ctx.version.replace(/-.*/, '')} on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`,
    ),
    err(`${pgDate(ctx.atMs)} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432`),
    err(`${pgDate(ctx.atMs)} [1] LOG:  database system is ready to accept connections`),
  ],
  steady: ctx =>
    ctx.k % 2 === 0
      ? err(`${pgDate(ctx.atMs)} [27] LOG:  checkpoint starting: time`)
      : err(
          `${pgDate(ctx.atMs)} [27] LOG:  checkpoint complete: wrote ${int(ctx, 1, 3, 900)} buffers (${(rand(ctx, 2) * 4).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${int(ctx, 3, 0, 2)} recycled`,
        ),
  shutdown: ctx => [err(`${pgDate(ctx.atMs)} [1] LOG:  received smart shutdown request`), err(`${pgDate(ctx.atMs)} [1] LOG:  database system is shut down`)],
};

const exporter: LogProfile = {
  periodMs: 60000,
  startup: ctx => [
    err(
      `ts=${iso(ctx.atMs)} caller=node_exporter.go:193 level=info msg="Starting node_exporter" version="(version=${ctx.version.replace(/^v/, '')}, branch=HEAD)"`,
    ),
    err(`ts=${iso(ctx.atMs)} caller=node_exporter.go:111 level=info msg="Enabled collectors"`),
    err(`ts=${iso(ctx.atMs)} caller=tls_config.go:313 level=info msg="Listening on" address=[::]:9100`),
  ],
  steady: ctx =>
    err(
      `ts=${iso(ctx.atMs)} caller=collector.go:169 level=error msg="collector failed" name=hwmon duration_seconds=${(rand(ctx, 1) / 50).toFixed(6)} err="open /sys/class/hwmon: no such file or directory"`,
    ),
  shutdown: () => [],
};

const shipper: LogProfile = {
  periodMs: 20000,
  startup: ctx => [
    out(`Fluent Bit v${ctx.version.replace(/^v/, '')}`),
    out(`[${slashDate(ctx.atMs)}] [ info] [fluent bit] version=${ctx.version.replace(/^v/, '')}, commit=, pid=1`),
    out(`[${slashDate(ctx.atMs)}] [ info] [input:tail:tail.0] initializing`),
    out(`[${slashDate(ctx.atMs)}] [ info] [output:forward:forward.0] worker #0 started`),
  ],
  steady: ctx =>
    rand(ctx, 1) < 0.1
      ? out(
          `[${slashDate(ctx.atMs)}] [ warn] [engine] failed to flush chunk '1-${Math.floor(ctx.atMs / 1000)}.${int(ctx, 2, 100000, 999999)}.flb', retry in ${int(ctx, 3, 6, 30)} seconds: task_id=${int(ctx, 4, 0, 9)}, input=tail.0 > output=forward.0`,
        )
      : out(
          `[${slashDate(ctx.atMs)}] [ info] [input:tail:tail.0] inotify_fs_add(): inode=${int(ctx, 5, 100000, 9999999)} watch_fd=${int(ctx, 6, 2, 90)} name=/var/lib/docker/containers/${(ctx.seed >>> 0).toString(16).padStart(8, '0')}/json.log`,
        ),
  shutdown: ctx => [out(`[${slashDate(ctx.atMs)}] [engine] caught signal (SIGTERM)`)],
};

// A batch worker whose memory grows until the kernel kills it (exit 137): no last words.
const billing: LogProfile = {
  periodMs: 900,
  startup: ctx => [
    out(`${iso(ctx.atMs)} INFO  billing-worker ${ctx.version} starting (GOMAXPROCS=2, GOMEMLIMIT unset)`),
    out(`${iso(ctx.atMs)} INFO  loading pending invoice batches from postgres`),
  ],
  steady: ctx => {
    const heap = (0.4 + ctx.k * 0.21).toFixed(2);
    return ctx.k % 3 === 2
      ? err(`${iso(ctx.atMs)} WARN  heap in use ${heap} GiB, above soft limit 1.00 GiB`)
      : out(`${iso(ctx.atMs)} INFO  processing batch=${int(ctx, 1, 40000, 49999)} invoices=${int(ctx, 2, 200, 5000)}`);
  },
  shutdown: () => [],
};

const checkout: LogProfile = {
  ...api,
  periodMs: 1800,
};

const consoleProfile: LogProfile = {
  periodMs: 10000,
  startup: () => [out('/ # watch -n 10 uptime'), out('')],
  steady: ctx => {
    const d = new Date(ctx.atMs);
    return out(
      `Every 10.0s: uptime    ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} up ${int(ctx, 1, 3, 40)} days,  load average: ${(rand(ctx, 2) * 2).toFixed(2)}, ${(rand(ctx, 3) * 1.5).toFixed(2)}, ${rand(ctx, 4).toFixed(2)}`,
    );
  },
  shutdown: () => [],
};

export const LOG_PROFILES: Record<LogProfileName, LogProfile> = {
  nginx,
  api,
  worker,
  redis,
  postgres,
  exporter,
  shipper,
  billing,
  checkout,
  console: consoleProfile,
};

/** What a release that can't start prints before it exits 1. */
export function brokenStartup(ctx: LineContext): LineText[] {
  return [
    out(json({level: 'info', time: iso(ctx.atMs), service: ctx.service, version: ctx.version, msg: 'loading configuration', env: 'production'})),
    err('node:internal/modules/cjs/loader:1228'),
    err('  throw err;'),
    err('  ^'),
    err(''),
    err("Error: Cannot find module '/app/dist/server.js'"),
    err('    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)'),
    err('    at Module._load (node:internal/modules/cjs/loader:1051:27)'),
    err('    at node:internal/main/run_main_module:28:49 {'),
    err("  code: 'MODULE_NOT_FOUND',"),
    err('  requireStack: []'),
    err('}'),
    err(''),
    err('Node.js v22.11.0'),
  ];
}
