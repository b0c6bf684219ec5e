#!/usr/bin/env node
import os from 'node:os';
import meow from 'meow';
import {UpdateNotices} from './source/app/update-notices.js';
import {createUiStore} from './source/shell/ui-store.js';
import {suspendProcessTerminal, terminalEditor} from './source/app/edit-terminal.js';
import {swarmClient} from './source/docker/client.js';
import {connect} from './source/docker/connect.js';
import {type Endpoint, describeEndpoint, resolveEndpoint} from './source/docker/endpoint.js';
import {StartupError} from './source/docker/startup-error.js';
import {DemoNodeEngine, parseDemoSize, startDemoEngine} from './source/demo/index.js';
import {EventResource} from './source/docker/events.js';
import {LogResource} from './source/docker/logs.js';
import {ClusterPoller} from './source/model/cluster-poller.js';
import {applyEventLink, createClusterStore} from './source/model/cluster-store.js';
import {EventWatcher} from './source/model/event-watcher.js';
import {watchRollouts} from './source/model/update-news.js';
import {describeError} from './source/docker/errors.js';
import {topFrame} from './source/shell/navigation.js';
import {parseNodesVia} from './source/docker/node-endpoint.js';
import {startNodeReach} from './source/app/node-reach.js';
import {terminalTaskShell} from './source/app/task-shell.js';
import {followTaskDemand, taskDemand} from './source/views/task-demand.js';

const cli = meow(
  `
  Usage
    $ swarmtop [options]

  Options
    -H, --host <url>       Engine to connect to: unix://, tcp:// or ssh://
    -c, --context <name>   docker CLI context to use
        --refresh <secs>   Refresh interval in seconds (default 2, minimum 0.5)
        --readonly         Hide and refuse every action that changes the swarm
        --tail <n>         Log view: start from the last n lines of each task (default 200)
        --log-lines <n>    Log view: lines kept in memory, oldest dropped first (default 5000)
        --nodes-via <url>  Reach each node's own engine (stats, health, shell) through this
                           URL, {hostname} and {addr} filled per node: ssh://admin@{hostname},
                           tcp://{addr}:2376, unix:///run/docker-{hostname}.sock
        --shell <cmd>      Shell x runs in a task's container (default /bin/sh)
        --demo[=size]      Run against a built-in simulated swarm: small (default),
                           large (500 nodes, 2,000 services, 20,000 tasks), or a factor like 2x
        --version          Print the version
        --help             Print this help

  Connection
    The first of these that is set wins: --host, --context, DOCKER_HOST
    (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), DOCKER_CONTEXT, the docker
    CLI's current context (DOCKER_CONFIG or ~/.docker), then the default socket
    unix:///var/run/docker.sock. The engine must be a swarm manager.

  Keys
    ? help   : command   / filter   Enter drill down   Esc back   q quit
`,
  {
    importMeta: import.meta,
    flags: {
      host: {type: 'string', shortFlag: 'H'},
      context: {type: 'string', shortFlag: 'c'},
      refresh: {type: 'string', default: '2'},
      readonly: {type: 'boolean', default: false},
      tail: {type: 'string', default: '200'},
      logLines: {type: 'string', default: '5000'},
      demo: {type: 'string'},
      nodesVia: {type: 'string'},
      shell: {type: 'string', default: '/bin/sh'},
    },
  },
);

function fail(message: string, code = 1): never {
  process.stderr.write(`swarmtop: ${message}\n`);
  process.exit(code);
}

const ALT_SCREEN_ON = '\u001B[?1049h';
const ALT_SCREEN_OFF = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

async function main(): Promise<void> {
  // React's development build records performance marks on every render and never
  // clears them: in a console left open for days that is a leak. So React and Ink
  // are loaded only after choosing the production build (unless told otherwise).
  process.env['NODE_ENV'] ??= 'production';
  const {renderApp} = await import('./source/app/render-app.js');

  const refreshSeconds = Number(cli.flags.refresh);
  if (!Number.isFinite(refreshSeconds) || refreshSeconds < 0.5) {
    fail(`--refresh takes a number of seconds, at least 0.5 (got "${cli.flags.refresh}")`, 2);
  }
  const tail = Number(cli.flags.tail);
  if (!/^\d+$/.test(cli.flags.tail) || tail > 1_000_000) {
    fail(`--tail takes a whole number of lines, 0 to 1000000 (got "${cli.flags.tail}")`, 2);
  }
  const logLines = Number(cli.flags.logLines);
  if (!/^\d+$/.test(cli.flags.logLines) || logLines < 100 || logLines > 1_000_000) {
    fail(`--log-lines takes a whole number of lines, 100 to 1000000 (got "${cli.flags.logLines}")`, 2);
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    fail('this is an interactive console and needs a terminal: stdin and stdout must be a TTY', 2);
  }

  // The demo engine speaks the Engine API on a private socket, so it is reached
  // through exactly the same client code as a real manager.
  const demo = cli.flags.demo === undefined ? undefined : await startDemoEngine({size: parseDemoSize(cli.flags.demo)});
  const endpoint: Endpoint = demo
    ? {url: demo.url, source: 'simulated by --demo'}
    : resolveEndpoint({host: cli.flags.host, context: cli.flags.context, env: process.env, homeDir: os.homedir()});
  const nodesVia = cli.flags.nodesVia === undefined ? undefined : parseNodesVia(cli.flags.nodesVia);
  const connection = await connect(endpoint);

  const cluster = createClusterStore();
  const ui = createUiStore('services');
  // Rollouts this console starts are told apart from those started elsewhere, which open their view.
  const notices = new UpdateNotices(ui);
  const client = swarmClient(connection.docker);
  const poller = new ClusterPoller({
    client,
    store: cluster,
    intervalMs: refreshSeconds * 1000,
    taskScope: () => taskDemand(topFrame(ui.getState().stack), cluster.getState().snapshot).scope,
  });
  followTaskDemand(ui, cluster, () => poller.refreshTasks());
  poller.start();
  // Events make changes show at once; the poll stays as the fallback and for tasks, which have no events.
  const events = new EventWatcher({
    source: new EventResource(connection.docker),
    onChange: () => poller.refreshOnChange(),
    onState: state => applyEventLink(cluster, state),
  });
  events.start();
  const nodeReach = startNodeReach({
    connection,
    cluster,
    ui,
    ...(nodesVia ? {nodesVia} : {}),
    ...(demo ? {engines: (nodeId: string) => new DemoNodeEngine(demo.swarm, nodeId)} : {}),
    intervalMs: refreshSeconds * 1000,
    screenRows: () => process.stdout.rows || 24,
  });
  const stopRolloutWatch = watchRollouts(cluster, news => notices.show(news));

  let restored = false;
  const restoreTerminal = () => {
    if (restored) return;
    restored = true;
    process.stdout.write(SHOW_CURSOR + ALT_SCREEN_OFF);
  };
  process.stdout.write(ALT_SCREEN_ON);
  process.on('exit', restoreTerminal);

  const instance = renderApp({
    cluster,
    client,
    ui,
    connection: {
      endpoint: describeEndpoint(endpoint),
      engineVersion: connection.engineVersion,
      apiVersion: connection.apiVersion,
      demo: demo !== undefined,
    },
    readOnly: cli.flags.readonly,
    onRefresh: () => poller.refreshNow(),
    logSource: new LogResource(connection.docker),
    logOptions: {tail, capacity: logLines},
    editor: terminalEditor(suspendProcessTerminal),
    onServiceChange: serviceId => notices.noteOwnChange(serviceId),
    ...(!demo ? {taskShell: terminalTaskShell({pool: nodeReach.pool, command: cli.flags.shell, suspend: suspendProcessTerminal})} : {}),
  });
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => instance.unmount());
  }

  await instance.waitUntilExit();
  stopRolloutWatch();
  events.stop();
  poller.stop();
  nodeReach.stop();
  await demo?.close();
  restoreTerminal();
  process.exit(0);
}

// `x` runs its shell session in a child of this same program (one file, bundled or not), told by SWARMTOP_EXEC.
if (process.env['SWARMTOP_EXEC']) {
  void import('./source/app/exec-helper.js');
} else {
  main().catch((error: unknown) => {
    process.stdout.write(SHOW_CURSOR);
    if (error instanceof StartupError) fail(error.message);
    fail(describeError(error));
  });
}
