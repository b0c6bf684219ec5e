// The demo's nodes' own engines as the console reaches them: stats and health
// answered in process (a large demo samples hundreds of containers a round),
// and for `x` a unix socket per node that speaks the exec API, so the shell
// runs through swarmtop's real exec helper. The console waits on that helper
// with its event loop stopped (as for $EDITOR), so the sockets are served by a
// child process (exec-process.ts), told of a node's containers each time the
// console reads that node's engine; without one (tests driving the engine),
// they are served in process.

import type {ChildProcess} from 'node:child_process';
import path from 'node:path';
import type {Endpoint} from '../docker/endpoint.js';
import type {NodeEngine} from '../docker/node-engine.js';
import type {EngineTask} from './engine-types.js';
import {containerChanges, containersByNode, execContainerOf} from './exec-containers.js';
import type {ExecProcessCommand, ExecProcessReply} from './exec-process.js';
import {type ExecServer, createExecServer} from './http/exec-server.js';
import {DemoNodeEngine} from './node-engines.js';
import type {DemoSwarm} from './swarm.js';

const SOURCE = 'simulated by --demo';

export interface DemoNodeEngines {
  /** The endpoint a node's engine is reached on: its own socket. */
  endpoint(nodeId: string): Endpoint;
  /** The engine behind an endpoint from `endpoint`; its socket listens by the time it answers. */
  connect(endpoint: Endpoint): NodeEngine;
  close(): Promise<void>;
}

/** Who serves the nodes' exec sockets. */
interface ExecHost {
  listen(nodeId: string, socketPath: string): Promise<void>;
  /** The node's tasks as the console's last read of its engine saw them. */
  observe(nodeId: string, tasks: readonly EngineTask[]): void;
  /** Called when the sockets went with the process serving them (they open again on the next use). */
  onLost(listener: () => void): void;
  close(): Promise<void>;
}

function inProcess(swarm: DemoSwarm): ExecHost {
  const servers: ExecServer[] = [];
  return {
    onLost: () => undefined,
    // Served from the swarm itself, at each request.
    observe: () => undefined,
    listen: (nodeId, socketPath) => {
      const exec = createExecServer(containerId => execContainerOf(swarm.tasks(), nodeId, containerId));
      servers.push(exec);
      return new Promise<void>((resolve, reject) => {
        exec.server.once('error', reject);
        exec.server.listen(socketPath, () => {
          exec.server.off('error', reject);
          resolve();
        });
      });
    },
    close: async () => {
      await Promise.all(
        servers.map(
          ({server, endSessions}) =>
            new Promise<void>(resolve => {
              endSessions();
              if (!server.listening) return resolve();
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}

function inChildProcess(start: () => ChildProcess): ExecHost {
  let child: ChildProcess | undefined;
  // What the child was last told of each node it serves: container → running.
  const told = new Map<string, Map<string, boolean>>();
  const waiting = new Map<string, {resolve(): void; reject(error: Error): void}>();
  let lost = () => {};
  const send = (command: ExecProcessCommand) => child?.send(command);
  // Told as the console reads each node (each refresh, for the nodes of the rows on screen, so the
  // row `x` is pressed on): a large demo has 25,000 tasks, too many to go over at every moment.
  const tell = (nodeId: string, tasks: readonly EngineTask[]) => {
    if (!child) return;
    const now = containersByNode(tasks, [nodeId]).get(nodeId)!;
    const {changes, states} = containerChanges(told.get(nodeId) ?? new Map(), now);
    if (changes.set.length > 0 || changes.removed.length > 0) send({type: 'containers', nodeId, changes});
    told.set(nodeId, states);
  };
  const spawnChild = (): ChildProcess => {
    const started = start();
    started.on('message', (reply: ExecProcessReply) => {
      const pending = waiting.get(reply.nodeId);
      waiting.delete(reply.nodeId);
      if (reply.type === 'listening') pending?.resolve();
      else pending?.reject(new Error(`the demo's exec socket for this node could not open: ${reply.message}`));
    });
    started.on('exit', (code, signal) => {
      if (child !== started) return;
      // Started again on the next reach of a node; every node is told again from nothing.
      child = undefined;
      told.clear();
      for (const pending of waiting.values()) pending.reject(new Error(`the demo's exec process ended (${signal ?? `exit ${code}`})`));
      waiting.clear();
      lost();
    });
    started.on('error', () => undefined);
    return started;
  };
  return {
    onLost: listener => {
      lost = listener;
    },
    observe: tell,
    listen: (nodeId, socketPath) => {
      child ??= spawnChild();
      return new Promise<void>((resolve, reject) => {
        waiting.set(nodeId, {resolve, reject});
        send({type: 'listen', nodeId, socketPath});
      });
    },
    close: async () => {
      const ending = child;
      child = undefined;
      if (!ending || ending.exitCode !== null) return;
      await new Promise<void>(resolve => {
        ending.once('exit', () => resolve());
        // Told by the closed channel; killed if it does not listen.
        ending.disconnect();
        setTimeout(() => ending.kill(), 1000).unref();
      });
    },
  };
}

export function demoNodeEngines(swarm: DemoSwarm, directory: string, execProcess?: () => ChildProcess): DemoNodeEngines {
  const host = execProcess ? inChildProcess(execProcess) : inProcess(swarm);
  const listening = new Map<string, Promise<void>>();
  const socketOf = (nodeId: string) => path.join(directory, `node-${nodeId}.sock`);
  host.onLost(() => listening.clear());
  const listen = (nodeId: string): Promise<void> => {
    const known = listening.get(nodeId);
    if (known) return known;
    const ready = host.listen(nodeId, socketOf(nodeId));
    listening.set(nodeId, ready);
    // A node whose socket could not open is tried again on its next reach.
    ready.catch(() => listening.delete(nodeId));
    return ready;
  };
  return {
    endpoint: nodeId => ({url: `unix://${socketOf(nodeId)}`, source: SOURCE}),
    connect: endpoint => {
      const name = path.basename(endpoint.url);
      const nodeId = /^node-(.+)\.sock$/.exec(name)?.[1] ?? name;
      return new DemoNodeEngine(
        swarm,
        nodeId,
        () => listen(nodeId),
        tasks => host.observe(nodeId, tasks),
      );
    },
    close: () => host.close(),
  };
}
