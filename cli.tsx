#!/usr/bin/env node
import {spawn} from 'node:child_process';
import os from 'node:os';
import {UpdateNotices} from './source/app/update-notices.js';
import {createUiStore} from './source/shell/ui-store.js';
import {suspendProcessTerminal, terminalEditor} from './source/app/edit-terminal.js';
import {swarmAccess} from './source/docker/client.js';
import {connect} from './source/docker/connect.js';
import {closeEndpointTransport} from './source/docker/client-options.js';
import {type NodesVia, parseNodesVia} from './source/docker/nodes-via.js';
import {sshArgsFrom} from './source/docker/ssh-command.js';
import {startManagerSwitch} from './source/app/manager-switch.js';
import {type Endpoint, describeEndpoint, resolveEndpoint} from './source/docker/endpoint.js';
import {StartupError} from './source/docker/startup-error.js';
import {EventResource} from './source/docker/events.js';
import {listDockerContexts} from './source/docker/contexts.js';
import type {AppProps} from './source/app/App.js';
import {startupSettings} from './source/app/config/startup.js';
import type {SettingValues} from './source/app/config/settings.js';
import {LogResource} from './source/docker/logs.js';
import {ClusterPoller} from './source/model/cluster-poller.js';
import {type ClusterStore, applyEventLink, createClusterStore} from './source/model/cluster-store.js';
import {EventWatcher} from './source/model/event-watcher.js';
import {containerActions, recordEvents} from './source/model/event-log.js';
import {watchRollouts} from './source/model/update-news.js';
import {describeError} from './source/docker/errors.js';
import {topFrame} from './source/shell/navigation.js';
import {startNodeReach} from './source/app/node-reach.js';
import {terminalTaskShell} from './source/app/task-shell.js';
import {consoleAccess} from './source/app/dispatch.js';
import {followTaskDemand, taskDemand} from './source/views/task-demand.js';
import {type CliOptions, UsageError, cliOptions} from './source/app/cli-args.js';
import {swarmtopVersion} from './source/app/version.js';
import {setFlagsFromString} from 'node:v8';

// V8 lets the heap grow to about twice what survived its last collection before it
// collects again. At 20,000 tasks every refresh leaves megabytes of parsed JSON behind,
// and the console sat at 330–450 MiB for a live heap under 160 MiB. A smaller growth
// factor (read at each collection, so it can be set now) keeps it near 240 MiB for
// about the same CPU; the heap's ceiling is untouched, so a bigger swarm only collects
// more often, and never runs out where it would not have before.
setFlagsFromString('--heap-growing-percent=35');

// Exit codes, as the help says.
const EXIT_CANNOT_CONNECT = 1;
const EXIT_USAGE = 2;

function fail(message: string, code = EXIT_CANNOT_CONNECT): never {
  process.stderr.write(`swarmtop: ${message}\n`);
  process.exit(code);
}

const HELP = `
  A keyboard-driven terminal console for Docker Swarm

  Usage
    $ swarmtop [options]

  Options
    -H, --host <url>       Engine to connect to: unix://, tcp:// or ssh://
    -c, --context <name>   docker CLI context to use
        --refresh <secs>   Refresh interval in seconds (default 2, minimum 0.5)
        --readonly         Hide and refuse every action that changes the swarm
        --tail <n>         Log view: start from the last n lines of each task (default 200)
        --log-lines <n>    Log view: lines kept in memory, oldest dropped first (default 5000)
        --print-config     Print each setting's value and where it came from, then exit
        --ssh-opt <k=v>    For ssh:// hosts: pass -o k=v to ssh (repeatable);
                           SWARMTOP_SSH_OPTS adds raw ssh arguments (e.g. "-F file")
        --nodes-via <url>  Reach each node's own engine (stats, health, shell) and, when the
                           manager in use is lost, the other managers through this URL, with
                           {hostname} and {addr} filled per node: ssh://admin@{hostname},
                           tcp://{addr}:2376, unix:///run/docker-{hostname}.sock
        --shell <cmd>      Shell x runs in a task's container (default /bin/sh)
        --demo[=size]      Run against a built-in simulated swarm: small (default),
                           large (500 nodes, 2,000 services, 20,000 tasks), or a factor like 2x
    -v, --version          Print the version
    -h, --help             Print this help

  Connection
    The first of these that is set wins: --host, --context, DOCKER_HOST
    (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), DOCKER_CONTEXT, the docker
    CLI's current context (DOCKER_CONFIG or ~/.docker), then the default socket
    unix:///var/run/docker.sock. The engine must be a swarm manager.

  Keys
    ? help   : command   / filter   Enter drill down   Esc back   q quit

  Exit codes
    0 quit   1 cannot connect to the engine   2 usage or configuration error
`;

function readCommandLine(): CliOptions {
  try {
    return cliOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    fail(`${error.message}\nRun swarmtop --help for the flags it takes.`, EXIT_USAGE);
  }
}

const flags = readCommandLine();
if (flags.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
if (flags.version) {
  process.stdout.write(`${swarmtopVersion()}\n`);
  process.exit(0);
}

const ALT_SCREEN_ON = '\u001B[?1049h';
const ALT_SCREEN_OFF = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

async function startDemo(size: string) {
  const {parseDemoSize, startDemoEngine} = await import('./source/demo/index.js');
  let parsed;
  try {
    parsed = parseDemoSize(size);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), EXIT_USAGE);
  }
  // The nodes' exec sockets are served by a child (this program again), which answers while the console waits on `x`'s shell.
  const execProcess = () => spawn(process.execPath, process.argv.slice(1, 2), {env: {...process.env, SWARMTOP_DEMO_EXEC: '1'}, stdio: ['ignore', 'ignore', 'ignore', 'ipc']});
  const engine = await startDemoEngine({size: parsed, execProcess});
  return {engine, nodeEngines: engine.nodeEngines};
}

/** The endpoint the flags, environment and docker CLI config name; a bad one is a configuration error. */
function resolveConfiguredEndpoint(): Endpoint {
  try {
    return resolveEndpoint({host: flags.host, context: flags.context, env: process.env, homeDir: os.homedir()});
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), EXIT_USAGE);
  }
}

/** The ssh options, and the node-reach template from the flag or the config file; bad ones are usage errors. */
function reachOptions(settings: SettingValues) {
  try {
    const sshArgs = sshArgsFrom(flags.sshOpt, process.env['SWARMTOP_SSH_OPTS']);
    const template = flags.nodesVia ?? (settings.nodesVia || undefined);
    if (template === undefined) return {sshArgs};
    const nodesVia: NodesVia = parseNodesVia(template);
    return {sshArgs, nodesVia};
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), EXIT_USAGE);
  }
}

/** Reaches the engine and starts reading it: the poller, the event stream and the rollout watch. */
async function startSession(settings: SettingValues) {
  // The demo engine speaks the Engine API on a private socket, so it is reached
  // through exactly the same client code as a real manager.
  // Loaded only when asked for: a console on a real swarm never pays for the simulator.
  const simulated = flags.demo === undefined ? undefined : await startDemo(flags.demo);
  const demo = simulated?.engine;
  const endpoint: Endpoint = demo ? {url: demo.url, source: 'simulated by --demo'} : resolveConfiguredEndpoint();
  const {sshArgs, nodesVia} = reachOptions(settings);
  const connection = await connect(endpoint, {sshArgs});

  const cluster = createClusterStore();
  const ui = createUiStore(settings.view);
  // Rollouts this console starts are told apart from those started elsewhere, which only the operator opens.
  const notices = new UpdateNotices(ui, Date.now, settings.followRollouts);
  // Everything that talks to the engine, started again on the new one when `:ctx` switches.
  const startEngineSession = (engineConnection: typeof connection) => {
    const docker = engineConnection.docker;
    const access = swarmAccess(docker, settings.readonly);
    const {client} = access;
    const poller = new ClusterPoller({
      client,
      store: cluster,
      intervalMs: settings.refresh * 1000,
      taskScope: () => taskDemand(topFrame(ui.getState().stack), cluster.getState().snapshot).scope,
      incremental: true,
    });
    poller.start();
    // Events make changes show at once; the poll stays as the fallback and for tasks, which have no events.
    const events = new EventWatcher({
      source: new EventResource(docker),
      onChange: received => {
        recordEvents(cluster, received);
        poller.refreshOnChange(received);
      },
      onState: state => applyEventLink(cluster, state),
    });
    events.start();
    // The manager's own containers, for the events pane only (they change no swarm object).
    const containerEvents = new EventWatcher({
      source: new EventResource(docker, ['container']),
      onChange: received => recordEvents(cluster, received.filter(event => containerActions.has(event.Action))),
    });
    containerEvents.start();
    // When this manager stops answering, another one that does takes over (not for the simulator).
    const managerSwitch = demo
      ? undefined
      : startManagerSwitch({
          docker,
          connection: engineConnection,
          cluster,
          sshArgs,
          ...(nodesVia ? {nodesVia} : {}),
          onMoved: () => {
            poller.restartNow();
            events.reconnectNow();
            containerEvents.reconnectNow();
          },
        });
    // Each node's own engine, for stats, health and the shell (the demo simulates them in process).
    const nodeReach = startNodeReach({
      connection: engineConnection,
      cluster,
      ui,
      ...(nodesVia ? {nodesVia} : {}),
      sshArgs,
      ...(simulated ? {engines: simulated.nodeEngines} : {}),
      intervalMs: settings.refresh * 1000,
      screenRows: () => process.stdout.rows || 24,
    });
    const stopSession = () => {
      nodeReach.stop();
      events.stop();
      containerEvents.stop();
      poller.stop();
      managerSwitch?.stop();
      closeEndpointTransport(managerSwitch?.inUse.connection.endpoint ?? engineConnection.endpoint);
    };
    return {access, poller, nodeReach, stop: stopSession, logSource: new LogResource(docker)};
  };
  const engine = {endpoint, connection, sshArgs, session: startEngineSession(connection)};
  followTaskDemand(ui, cluster, () => engine.session.poller.refreshTasks());
  const stopRolloutWatch = watchRollouts(cluster, news => notices.show(news));
  const stop = async () => {
    stopRolloutWatch();
    engine.session.stop();
    await demo?.close();
  };
  return {demo, engine, startEngineSession, cluster, ui, notices, stop};
}

/**
 * Resolves once the first read has landed or failed, or after `ms`. A quick engine's
 * data then goes into the first frame, instead of a "loading…" frame drawn moments
 * before it (each costs a full render); a slow one still gets the loading frame soon.
 */
function firstRead(cluster: ClusterStore, ms: number): Promise<void> {
  return new Promise(resolve => {
    if (cluster.getState().load !== 'loading') return resolve();
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unsubscribe = cluster.subscribe(state => {
      if (state.load !== 'loading') done();
    });
  });
}

/** A number flag's value, if given; a bad one is a usage error. */
function numberFlag(text: string | undefined, valid: (value: number) => boolean, problem: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!valid(value)) fail(`${problem} (got "${text}")`, EXIT_USAGE);
  return value;
}

async function main(): Promise<void> {
  const refresh = numberFlag(flags.refresh, value => Number.isFinite(value) && value >= 0.5, '--refresh takes a number of seconds, at least 0.5');
  const wholeLines = (text: string | undefined) => /^\d+$/.test(text ?? '');
  const tailFlag = numberFlag(flags.tail, value => wholeLines(flags.tail) && value <= 1_000_000, '--tail takes a whole number of lines, 0 to 1000000');
  const logLinesFlag = numberFlag(
    flags.logLines,
    value => wholeLines(flags.logLines) && value >= 100 && value <= 1_000_000,
    '--log-lines takes a whole number of lines, 100 to 1000000',
  );
  // The user's files (config, skin, aliases, hotkeys, plugins); flags win over them.
  const {values: settings} = await startupSettings(
    {refresh, readonly: flags.readonly, tail: tailFlag, logLines: logLinesFlag, printConfig: flags.printConfig},
    fail,
    process.env,
    os.homedir(),
  );
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    fail('this is an interactive console and needs a terminal: stdin and stdout must be a TTY', EXIT_USAGE);
  }

  // React's development build records performance marks on every render and never
  // clears them: in a console left open for days that is a leak. So React and Ink
  // are loaded only after choosing the production build (unless told otherwise).
  process.env['NODE_ENV'] ??= 'production';
  // The engine is reached and first read while the drawing code loads: the waits
  // on the network and the module loading overlap, and the first frame is drawn
  // with data when the engine answers quickly. A failure is reported once awaited.
  const starting = startSession(settings);
  starting.catch(() => undefined);
  const {renderApp, updateApp} = await import('./source/app/render-app.js');
  const {demo, engine, startEngineSession, cluster, ui, notices, stop} = await starting;

  await firstRead(cluster, 250);

  let restored = false;
  const restoreTerminal = () => {
    if (restored) return;
    restored = true;
    process.stdout.write(SHOW_CURSOR + ALT_SCREEN_OFF);
  };
  // Raw mode before the first frame: Ink turns it on only once its input hook has
  // mounted, just after that frame is drawn, and a key typed in between would be
  // echoed by the terminal (an echoed Enter on the last row scrolls the frame up).
  // Ink hands the terminal back in cooked mode when it unmounts.
  process.stdin.setRawMode(true);
  process.stdout.write(ALT_SCREEN_ON);
  process.on('exit', restoreTerminal);

  const appProps = (): AppProps => ({
    cluster,
    ui,
    connection: {
      endpoint: describeEndpoint(engine.endpoint),
      engineVersion: engine.connection.engineVersion,
      apiVersion: engine.connection.apiVersion,
      demo: demo !== undefined,
    },
    onRefresh: () => engine.session.poller.refreshNow(),
    logSource: engine.session.logSource,
    logOptions: {tail: settings.logTail, capacity: settings.logLines, timestamps: settings.logTimestamps, wrap: settings.logWrap},
    plugins: {shell: settings.shell, dockerHost: () => engine.endpoint.url, context: () => engine.endpoint.contextName ?? '', suspend: suspendProcessTerminal},
    editor: terminalEditor(suspendProcessTerminal),
    onServiceChange: serviceId => notices.noteOwnChange(serviceId),
    contexts,
    // The demo's nodes serve exec on sockets of their own, so its shell takes the same path.
    ...consoleAccess(engine.session.access, () =>
      terminalTaskShell({pool: engine.session.nodeReach.pool, command: flags.shell ?? settings.shell, suspend: suspendProcessTerminal, sshArgs: engine.sshArgs}),
    ),
  });
  // `:ctx`: connect to the chosen context first; only once it answers as a manager does the console move over.
  const contexts = {
    list: () => listDockerContexts(process.env, os.homedir()),
    current: () => engine.endpoint.contextName ?? '',
    switchTo: async (name: string) => {
      const next = {...resolveEndpoint({context: name, env: process.env, homeDir: os.homedir()}), source: `context "${name}" (:ctx)`};
      const nextConnection = await connect(next, {sshArgs: engine.sshArgs});
      engine.session.stop();
      cluster.setState(createClusterStore().getState(), true);
      engine.endpoint = next;
      engine.connection = nextConnection;
      engine.session = startEngineSession(nextConnection);
      updateApp(instance, appProps());
      return {endpoint: describeEndpoint(next)};
    },
  };
  const instance = renderApp(appProps());
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => instance.unmount());
  }

  await instance.waitUntilExit();
  await stop();
  restoreTerminal();
  process.exit(0);
}

// `x` runs its shell session in a child of this same program (one file, bundled or not), told by SWARMTOP_EXEC.
if (process.env['SWARMTOP_EXEC']) {
  void import('./source/app/exec-helper.js');
} else if (process.env['SWARMTOP_DEMO_EXEC']) {
  void import('./source/demo/exec-process.js');
} else {
  main().catch((error: unknown) => {
    process.stdout.write(SHOW_CURSOR);
    if (error instanceof StartupError) fail(error.message);
    fail(describeError(error));
  });
}
