// A console's session with its engine: reaching the engine the command line and the
// user's files name (or the --demo simulator), then reading it: the poller, the event
// streams, the rollout watch, the manager switch and each node's own engine. cli.tsx
// starts it and draws it; `:ctx` starts the engine part again on another engine.
import {spawn} from 'node:child_process';
import os from 'node:os';
import {UpdateNotices} from './update-notices.js';
import {createUiStore} from '../shell/ui-store.js';
import {swarmAccess} from '../docker/client.js';
import {connect} from '../docker/connect.js';
import {closeEndpointTransport} from '../docker/client-options.js';
import {type NodesVia, parseNodesVia} from '../docker/nodes-via.js';
import {sshArgsFrom} from '../docker/ssh-command.js';
import {startManagerSwitch} from './manager-switch.js';
import {type Endpoint, resolveEndpoint} from '../docker/endpoint.js';
import {EventResource} from '../docker/events.js';
import type {SettingValues} from './config/settings.js';
import {LogResource} from '../docker/logs.js';
import {ClusterPoller} from '../model/cluster-poller.js';
import {type ClusterStore, applyEventLink, createClusterStore} from '../model/cluster-store.js';
import {EventWatcher} from '../model/event-watcher.js';
import {NodeEventFollower} from '../model/node-events.js';
import {containerActions, recordEvents} from '../model/event-log.js';
import {watchRollouts} from '../model/update-news.js';
import {taskName} from '../render/tasks.js';
import {topFrame} from '../shell/navigation.js';
import {startNodeReach} from './node-reach.js';
import {pluginEngine} from './plugin-engine.js';
import {followTaskDemand, taskDemand} from '../views/task-demand.js';
import {type CliOptions, UsageError} from './cli-args.js';

/** What of the command line a session needs. */
export type SessionFlags = Pick<CliOptions, 'demo' | 'host' | 'context' | 'sshOpt' | 'nodesVia'>;

/** A bad value is the user's to fix: a usage error (exit 2), with the reason. */
function asUsageError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function startDemo(size: string) {
  const {parseDemoSize, startDemoEngine} = await import('../demo/index.js');
  const parsed = asUsageError(() => parseDemoSize(size));
  // The nodes' exec sockets are served by a child (this program again), which answers while the console waits on `x`'s shell.
  const execProcess = () =>
    spawn(process.execPath, process.argv.slice(1, 2), {env: {...process.env, SWARMTOP_DEMO_EXEC: '1'}, stdio: ['ignore', 'ignore', 'ignore', 'ipc']});
  const engine = await startDemoEngine({size: parsed, execProcess});
  return {engine, nodeEngines: engine.nodeEngines};
}

/** The endpoint the flags, environment and docker CLI config name; a bad one is a usage error. */
function resolveConfiguredEndpoint(flags: SessionFlags): Endpoint {
  return asUsageError(() => resolveEndpoint({host: flags.host, context: flags.context, env: process.env, homeDir: os.homedir()}));
}

/** The ssh options, and the node-reach template from the flag or the config file; bad ones are usage errors. */
function reachOptions(flags: SessionFlags, settings: SettingValues) {
  return asUsageError(() => {
    const sshArgs = sshArgsFrom(flags.sshOpt, process.env['SWARMTOP_SSH_OPTS']);
    const template = flags.nodesVia ?? (settings.nodesVia || undefined);
    if (template === undefined) return {sshArgs};
    const nodesVia: NodesVia = parseNodesVia(template);
    return {sshArgs, nodesVia};
  });
}

/** Reaches the engine and starts reading it: the poller, the event stream and the rollout watch. */
export async function startSession(flags: SessionFlags, settings: SettingValues) {
  // The demo engine speaks the Engine API on a private socket, so it is reached
  // through exactly the same client code as a real manager.
  // Loaded only when asked for: a console on a real swarm never pays for the simulator.
  const simulated = flags.demo === undefined ? undefined : await startDemo(flags.demo);
  const demo = simulated?.engine;
  const endpoint: Endpoint = demo ? {url: demo.url, source: 'simulated by --demo'} : resolveConfiguredEndpoint(flags);
  const {sshArgs, nodesVia} = reachOptions(flags, settings);
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
    // The manager's own containers, for the events pane, and for live reads of the services whose tasks they run.
    const containerEvents = new EventWatcher({
      source: new EventResource(docker, ['container']),
      onChange: received => {
        recordEvents(
          cluster,
          received.filter(event => containerActions.has(event.Action)),
        );
        poller.noteContainerEvents(received);
      },
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
    // The other nodes' containers as they start, die or change health: their services are read live (live-window.ts).
    const nodeEvents = new NodeEventFollower({
      pool: nodeReach.pool,
      onEvents: received => poller.noteContainerEvents(received),
      followedElsewhere: () => managerSwitch?.inUse.nodeId ?? engineConnection.nodeId,
    });
    let listedNodes = cluster.getState().snapshot?.nodes;
    const stopFollowingNodes = cluster.subscribe(state => {
      const nodes = state.snapshot?.nodes;
      if (nodes === listedNodes) return;
      listedNodes = nodes;
      if (nodes) nodeEvents.sync(nodes);
    });
    const stopSession = () => {
      stopFollowingNodes();
      nodeEvents.stop();
      nodeReach.stop();
      events.stop();
      containerEvents.stop();
      poller.stop();
      managerSwitch?.stop();
      closeEndpointTransport(managerSwitch?.inUse.connection.endpoint ?? engineConnection.endpoint);
    };
    // The manager the console reads now: the one it connected to, or the one a switch moved it to.
    const endpointInUse = () => managerSwitch?.inUse.connection.endpoint ?? engineConnection.endpoint;
    const nodeIdInUse = () => managerSwitch?.inUse.nodeId ?? engineConnection.nodeId;
    return {access, poller, nodeReach, endpointInUse, nodeIdInUse, stop: stopSession, logSource: new LogResource(docker)};
  };
  const engine = {endpoint, connection, sshArgs, session: startEngineSession(connection)};
  followTaskDemand(ui, cluster, () => engine.session.poller.refreshTasks());
  // $DOCKER_HOST for plugins: in --readonly the read-only gate, in front of the manager in use.
  const plugins = pluginEngine(settings.readonly, () => engine.session.endpointInUse(), sshArgs);
  const stopRolloutWatch = watchRollouts(cluster, news => notices.show(news), taskName);
  const stop = async () => {
    stopRolloutWatch();
    engine.session.stop();
    await plugins.close();
    await demo?.close();
  };
  return {demo, engine, startEngineSession, cluster, ui, notices, plugins, stop};
}

/**
 * Resolves once the first read has landed or failed, or after `ms`. A quick engine's
 * data then goes into the first frame, instead of a "loading…" frame drawn moments
 * before it (each costs a full render); a slow one still gets the loading frame soon.
 */
export function firstRead(cluster: ClusterStore, ms: number): Promise<void> {
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
