// A node whose engine never answers, and ignores the request's abort, still gets a reason.
import {describe, expect, it} from 'vitest';
import type {NodeEngine} from '../../../source/docker/node-engine.js';
import type {SwarmNode} from '../../../source/docker/types.js';
import {NodeReachPool} from '../../../source/model/node-reach-pool.js';

const node = {
  ID: 'n1',
  Version: {Index: 1},
  Spec: {Role: 'worker', Availability: 'active'},
  Status: {State: 'ready'},
  Description: {Hostname: 'n1'},
} as SwarmNode;

/** An engine whose requests hang and pay no attention to their AbortSignal. */
function deafEngine(closed: string[]): NodeEngine {
  const never = () => new Promise<never>(() => {});
  return {info: never, swarmContainers: never, stats: never, inspect: never, oomEventLogged: never, exec: never, close: () => closed.push('close')};
}

describe('the pool of node engines, when a node never answers', () => {
  it('settles the node as not reached once its timeout passes, and closes the client', async () => {
    const closed: string[] = [];
    const pool = new NodeReachPool({
      endpointsFor: () => ({endpoints: [{url: 'tcp://10.0.0.9:2376', source: 'test'}]}),
      connect: () => deafEngine(closed),
      timeoutMs: 50,
    });
    const started = Date.now();
    const result = await pool.engine(node);
    expect(result).toEqual({reason: 'no answer within 0.05 s'});
    expect(Date.now() - started).toBeLessThan(2000);
    expect(closed).toEqual(['close']);
    expect(pool.known('n1')).toEqual({status: 'unreachable', endpoint: 'tcp://10.0.0.9:2376', reason: 'no answer within 0.05 s'});
  });
});
