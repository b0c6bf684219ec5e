// Wiring for the nodes' own engines: the pool of clients (lazy, bounded), the
// sampler at the refresh's pace, and a new sample as soon as the pane on
// screen or its selection changes.

import type {EngineConnection} from '../docker/connect.js';
import type {Endpoint} from '../docker/endpoint.js';
import {DockerNodeEngine, type NodeEngine} from '../docker/node-engine.js';
import {nodeEndpoints} from '../docker/node-endpoint.js';
import type {NodesVia} from '../docker/nodes-via.js';
import type {ClusterStore} from '../model/cluster-store.js';
import {NodeReachPool} from '../model/node-reach-pool.js';
import {StatsSampler} from '../model/stats-sampler.js';
import type {UiStore} from '../shell/ui-store.js';
import {topFrame} from '../shell/navigation.js';
import {reachDemand} from '../views/reach-demand.js';

export interface NodeReach {
  pool: NodeReachPool;
  /** A node engine client of its own for an endpoint the pool reached (a write, which the pool's read clients do not send). */
  connect(endpoint: Endpoint): NodeEngine;
  sampler: StatsSampler;
  stop(): void;
}

export function startNodeReach(options: {
  connection: Pick<EngineConnection, 'endpoint' | 'nodeId'>;
  cluster: ClusterStore;
  ui: UiStore;
  nodesVia?: NodesVia;
  /** Extra ssh arguments (--ssh-opt, SWARMTOP_SSH_OPTS): an ssh:// node is reached with the manager's ssh config. */
  sshArgs?: readonly string[];
  intervalMs: number;
  screenRows: () => number;
  /** The demo's engines instead of clients for endpoints: each node's endpoint, and the engine behind it. */
  engines?: {endpoint(nodeId: string): Endpoint; connect(endpoint: Endpoint): NodeEngine};
}): NodeReach {
  const {connection, cluster, ui} = options;
  const {engines} = options;
  // Unpinned: each node's engine answers in its own API version.
  const connect = engines
    ? (endpoint: Endpoint) => engines.connect(endpoint)
    : (endpoint: Endpoint) => DockerNodeEngine.connect(endpoint, options.sshArgs ? {sshArgs: options.sshArgs} : {});
  const pool = new NodeReachPool(
    engines
      ? {endpointsFor: node => ({endpoints: [engines.endpoint(node.ID)]}), connect}
      : {
          endpointsFor: node =>
            nodeEndpoints(node, {
              manager: {endpoint: connection.endpoint, nodeId: connection.nodeId},
              ...(options.nodesVia ? {nodesVia: options.nodesVia} : {}),
            }),
          connect,
        },
  );
  const sampler = new StatsSampler({
    pool,
    store: cluster,
    intervalMs: options.intervalMs,
    demand: snapshot => reachDemand(ui.getState().stack, snapshot, options.screenRows()),
  });
  let lastTop = topFrame(ui.getState().stack);
  const unsubscribe = ui.subscribe(state => {
    const top = topFrame(state.stack);
    if (top.view !== lastTop.view || top.scope !== lastTop.scope || top.selectedId !== lastTop.selectedId) sampler.sampleSoon();
    lastTop = top;
  });
  sampler.start();
  return {
    pool,
    connect,
    sampler,
    stop: () => {
      unsubscribe();
      sampler.stop();
      pool.close();
    },
  };
}
