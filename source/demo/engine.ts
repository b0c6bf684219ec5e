// `swarmtop --demo`: a simulated swarm behind a private unix socket that
// speaks the Engine API, so swarmtop connects to it exactly as to a manager
// (unix://… through dockerode) with no special-cased client.

import type {ChildProcess} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {demoEnvironment} from './environment.js';
import {createEngineServer} from './http/server.js';
import {type DemoNodeEngines, demoNodeEngines} from './node-sockets.js';
import {DemoSwarm, type DemoSize} from './swarm.js';

export interface DemoEngineOptions {
  size: DemoSize;
  /** Drive the simulation from the wall clock (the app). Off, it moves only on swarm.tick() (tests). Default on. */
  realtime?: boolean;
  /** Default: SWARMTOP_DEMO_SEED, else 1 (see environment.ts). */
  seed?: number;
  /** Scripted activity (failing update, rollouts, scaling); default SWARMTOP_DEMO_AUTOPILOT, else on. */
  autopilot?: boolean | 'held';
  /** How often the real-time driver advances the clock. */
  tickMs?: number;
  /**
   * Starts the process that serves the nodes' exec sockets (`x`), needed when the
   * caller waits on a shell with its event loop stopped, as the console does.
   * Absent, they are served in process.
   */
  execProcess?: () => ChildProcess;
}

export interface DemoEngine {
  socketPath: string;
  /** unix://<socketPath>, usable as --host / DOCKER_HOST. */
  url: string;
  swarm: DemoSwarm;
  /** Each node's own engine: stats and health in process, `x` on a socket of the node's own. */
  nodeEngines: DemoNodeEngines;
  close(): Promise<void>;
}

const DEFAULT_TICK_MS = 250;

export async function startDemoEngine(options: DemoEngineOptions): Promise<DemoEngine> {
  const realtime = options.realtime ?? true;
  const environment = demoEnvironment();
  const swarm = new DemoSwarm({size: options.size, seed: options.seed ?? environment.seed, autopilot: options.autopilot ?? environment.autopilot});
  // A fresh private directory: nobody else can have a socket there, and it goes away with us.
  const directory = await mkdtemp(path.join(os.tmpdir(), 'swarmtop-demo-'));
  const socketPath = path.join(directory, 'docker.sock');
  const {server, endStreams} = createEngineServer(swarm);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const nodeEngines = demoNodeEngines(swarm, directory, options.execProcess);
  const stopClock = realtime ? startRealtime(swarm, options.tickMs ?? DEFAULT_TICK_MS) : () => {};
  let closing: Promise<void> | undefined;
  return {
    socketPath,
    url: `unix://${socketPath}`,
    swarm,
    nodeEngines,
    close: () =>
      (closing ??= (async () => {
        stopClock();
        endStreams();
        await nodeEngines.close();
        await new Promise<void>(resolve => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await rm(directory, {recursive: true, force: true});
      })()),
  };
}

/** Advances the simulation to the wall clock at a steady interval; returns the stop function. */
export function startRealtime(swarm: DemoSwarm, intervalMs = DEFAULT_TICK_MS, now: () => number = Date.now): () => void {
  const timer = setInterval(() => swarm.advanceTo(now()), intervalMs);
  // The socket server keeps the process alive while it is wanted; the clock alone must not.
  timer.unref();
  return () => clearInterval(timer);
}
