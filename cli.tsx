#!/usr/bin/env node
import os from 'node:os';
import {suspendProcessTerminal, terminalEditor} from './source/app/edit-terminal.js';
import {connect} from './source/docker/connect.js';
import {describeEndpoint, resolveEndpoint} from './source/docker/endpoint.js';
import {StartupError} from './source/docker/startup-error.js';
import {listDockerContexts} from './source/docker/contexts.js';
import type {AppProps} from './source/app/App.js';
import {startupSettings} from './source/app/config/startup.js';
import {createClusterStore} from './source/model/cluster-store.js';
import {describeError} from './source/docker/errors.js';
import {terminalTaskShell} from './source/app/task-shell.js';
import {nodeVolumeRemover} from './source/app/node-volumes.js';
import {type CliOptions, UsageError, cliOptions, flagHelp} from './source/app/cli-args.js';
import {firstRead, startSession} from './source/app/session.js';
import {versionLine} from './source/app/version.js';
import {terminalMessage} from './source/render/text.js';
import {consoleAccess} from './source/app/console-access.js';
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
  // Startup errors quote endpoints, contexts and engine answers: printed inert, like everything drawn.
  process.stderr.write(`swarmtop: ${terminalMessage(message)}\n`);
  process.exit(code);
}

const HELP = `
  A keyboard-driven terminal console for Docker Swarm

  Usage
    $ swarmtop [options]

  Options
${flagHelp()}

  Connection
    The first of these that is set wins: --host, --context, DOCKER_HOST
    (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), DOCKER_CONTEXT, the docker
    CLI's current context (DOCKER_CONFIG or ~/.docker), then the default socket
    unix:///var/run/docker.sock. The engine must be a swarm manager.

  Keys
    ? help   : command   / filter   Enter drill down   Esc back   q quit

  Exit codes
    0 quit   1 cannot connect to the engine   2 usage or configuration error

  Commands
    swarmtop stack plan|deploy …   what a compose file would change, and applying it
                                   (swarmtop stack --help)
`;

/** `stack` as the first word is a command of its own, with its own flags (read by stackCommand below). */
const STACK_COMMAND = process.argv[2] === 'stack';

function readCommandLine(): CliOptions {
  try {
    return cliOptions(STACK_COMMAND ? [] : process.argv.slice(2));
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
  process.stdout.write(`${versionLine()}\n`);
  process.exit(0);
}

const ALT_SCREEN_ON = '\u001B[?1049h';
const ALT_SCREEN_OFF = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

async function main(): Promise<void> {
  // The user's files (config, skin, aliases, hotkeys, plugins); flags win over them.
  const {values: settings} = await startupSettings(
    {refresh: flags.refresh, readonly: flags.readonly, tail: flags.tail, logLines: flags.logLines, printConfig: flags.printConfig},
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
  const starting = startSession(flags, settings);
  starting.catch(() => undefined);
  const {renderApp, updateApp} = await import('./source/app/render-app.js');
  const {demo, engine, startEngineSession, cluster, ui, notices, plugins, stop} = await starting;

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
    plugins: {shell: settings.shell, dockerHost: () => plugins.dockerHost(), context: () => engine.endpoint.contextName ?? '', suspend: suspendProcessTerminal},
    editor: terminalEditor(suspendProcessTerminal),
    onServiceChange: serviceId => {
      notices.noteOwnChange(serviceId);
      // Read live until it settles: the change shows as the engine makes it, not at the next refresh.
      engine.session.poller.noteServiceChange(serviceId);
    },
    connectedNodeId: () => engine.session.nodeIdInUse() || undefined,
    contexts,
    // The demo's nodes serve exec on sockets of their own, so its shell takes the same path.
    ...consoleAccess(
      engine.session.access,
      () =>
        terminalTaskShell({
          pool: engine.session.nodeReach.pool,
          command: flags.shell ?? settings.shell,
          suspend: suspendProcessTerminal,
          sshArgs: engine.sshArgs,
        }),
      () => nodeVolumeRemover(engine.session.nodeReach.pool, engine.session.nodeReach.connect),
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

/** `swarmtop stack plan|deploy …`: a command of its own, run to its exit code (source/app/stack-command.ts). */
async function stackCommand(argv: readonly string[]): Promise<never> {
  const [{stackMain}, {computeStackPlan}, {stackPlanLines, stackPlanJson, composeProblemLines}] = await Promise.all([
    import('./source/app/stack-main.js'),
    import('./source/app/stack-plan.js'),
    import('./source/render/stack-plan.js'),
  ]);
  process.exit(await stackMain(argv, {plan: computeStackPlan, planLines: stackPlanLines, planJson: stackPlanJson, problemLines: composeProblemLines}));
}

// `x` runs its shell session in a child of this same program (one file, bundled or not), told by SWARMTOP_EXEC.
if (process.env['SWARMTOP_EXEC']) {
  void import('./source/app/exec-helper.js');
} else if (process.env['SWARMTOP_DEMO_EXEC']) {
  void import('./source/demo/exec-process.js');
} else if (STACK_COMMAND) {
  stackCommand(process.argv.slice(3)).catch((error: unknown) => fail(describeError(error)));
} else {
  main().catch((error: unknown) => {
    process.stdout.write(SHOW_CURSOR);
    if (error instanceof UsageError) fail(error.message, EXIT_USAGE);
    if (error instanceof StartupError) fail(error.message);
    fail(describeError(error));
  });
}
