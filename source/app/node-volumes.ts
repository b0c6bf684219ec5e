// Removing a node's own volume: through that node's engine, reached as for stats (the
// pool finds the endpoint that answers as that node), with a client of its own for the
// one write, closed after it. Only a console that may write is given this.
import type {Endpoint} from '../docker/endpoint.js';
import type {NodeEngine} from '../docker/node-engine.js';
import type {SwarmNode} from '../docker/types.js';
import type {NodeReachPool} from '../model/node-reach-pool.js';

export interface NodeVolumeRemover {
  remove(node: SwarmNode, name: string): Promise<void>;
}

export function nodeVolumeRemover(pool: NodeReachPool, connect: (endpoint: Endpoint) => Pick<NodeEngine, 'removeVolume' | 'close'>): NodeVolumeRemover {
  return {
    remove: async (node, name) => {
      const reached = await pool.engine(node);
      if ('reason' in reached) throw new Error(`node ${node.Description?.Hostname || node.ID.slice(0, 12)} not reached: ${reached.reason}`);
      const engine = connect(reached.via);
      try {
        if (!engine.removeVolume) throw new Error('this node engine client cannot remove volumes');
        await engine.removeVolume(name);
      } finally {
        engine.close();
      }
    },
  };
}
