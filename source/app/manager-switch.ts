// Wiring manager failover into the console: which managers to try (the
// node-reach template or the current transport), how to open one, and what
// moving to it means: the one Dockerode every client, event and log stream
// holds takes the new manager's modem, so everything after goes there.

import type Dockerode from 'dockerode';
import {closeEndpointTransport} from '../docker/client-options.js';
import {connect, type EngineConnection} from '../docker/connect.js';
import {describeEndpoint} from '../docker/endpoint.js';
import {NodeResource} from '../docker/nodes.js';
import {managerCandidates} from '../docker/manager-reach.js';
import type {NodesVia} from '../docker/nodes-via.js';
import type {ClusterStore} from '../model/cluster-store.js';
import {ManagerFailover} from '../model/manager-failover.js';

export interface ManagerSwitchOptions {
  /** The client every resource, event and log stream was built on. */
  docker: Dockerode;
  connection: EngineConnection;
  cluster: ClusterStore;
  nodesVia?: NodesVia;
  sshArgs?: readonly string[];
  /**
   * Deadline for each candidate; default 20 s. A manager whose leader just died holds
   * /info until the others elect a new one (up to the engine's own 20 s), then answers
   * at once: waiting that long moves the console the moment the swarm can serve it.
   */
  connectTimeoutMs?: number;
  /** Called after the move: refresh now, reopen the event stream. */
  onMoved: () => void;
}

export function startManagerSwitch(options: ManagerSwitchOptions): ManagerFailover<EngineConnection> {
  const {docker, connection, cluster, nodesVia, sshArgs} = options;
  const inUse = (c: EngineConnection) => ({nodeId: c.nodeId, hostname: c.hostname, describe: describeEndpoint(c.endpoint), connection: c});
  const failover = new ManagerFailover<EngineConnection>({
    store: cluster,
    current: inUse(connection),
    candidates: (nodes, current) =>
      managerCandidates(nodes, {endpoint: current.connection.endpoint, nodeId: current.nodeId}, {...(nodesVia ? {nodesVia} : {}), env: process.env}),
    open: async candidate => {
      const timeoutMs = options.connectTimeoutMs ?? 20_000;
      const started = Date.now();
      const next = await connect(candidate.endpoint, {timeoutMs, ...(sshArgs ? {sshArgs} : {})});
      // Taken only once it can serve the console: a manager without a leader answers /info
      // but holds every list until the swarm has elected one; that moment is when to move.
      try {
        await new NodeResource(next.docker).list(AbortSignal.timeout(Math.max(1000, timeoutMs - (Date.now() - started))));
      } catch (error) {
        closeEndpointTransport(next.endpoint);
        throw error;
      }
      return inUse(next);
    },
    close: c => closeEndpointTransport(c.endpoint),
    adopt: (next, previous) => {
      docker.modem = next.connection.docker.modem;
      closeEndpointTransport(previous.connection.endpoint);
      options.onMoved();
    },
  });
  failover.start();
  return failover;
}
