// Cordon (pause), uncordon (active) and drain: one node setting, three operations.
import type {NodeAvailability} from '../../docker/capabilities.js';
import type {SwarmNode} from '../../docker/types.js';
import {indexSnapshot} from '../../model/cluster-index.js';
import {nodeName} from '../../render/nodes.js';
import {type NodeOperation, type OperationContext, type Refusal, perform} from './operation.js';

const words: Record<NodeAvailability, {doing: string; done: string}> = {
  active: {doing: 'activating', done: 'active: it takes new tasks again'},
  pause: {doing: 'pausing', done: 'paused: it keeps its tasks but takes no new ones'},
  drain: {doing: 'draining', done: 'draining: its tasks are moving to other nodes'},
};

export function alreadySet(node: SwarmNode, availability: NodeAvailability): Refusal | undefined {
  return node.Spec.Availability === availability ? {text: `${nodeName(node)} is already ${availability}: nothing sent`, tone: 'info'} : undefined;
}

export function setAvailability(ctx: OperationContext, node: SwarmNode, availability: NodeAvailability): void {
  const name = nodeName(node);
  perform(ctx, `${words[availability].doing} ${name}`, `${name} ${words[availability].done}`, () => ctx.client.nodes.setAvailability(node.ID, availability));
}

export const pauseNode: NodeOperation = {
  id: 'pauseNode',
  keys: ['c'],
  description: 'Cordon: pause, no new tasks',
  panes: ['nodes'],
  dangerous: true,
  target: 'node',
  refuse: node => alreadySet(node, 'pause'),
  run: (node, ctx) => setAvailability(ctx, node, 'pause'),
};

export const activateNode: NodeOperation = {
  id: 'activateNode',
  keys: ['u'],
  description: 'Uncordon: make active',
  panes: ['nodes'],
  dangerous: true,
  target: 'node',
  refuse: node => alreadySet(node, 'active'),
  run: (node, ctx) => setAvailability(ctx, node, 'active'),
};

export const drainNode: NodeOperation = {
  id: 'drainNode',
  keys: ['r'],
  description: 'Drain: move its tasks away',
  panes: ['nodes'],
  hint: 'drain',
  dangerous: true,
  target: 'node',
  refuse: node => alreadySet(node, 'drain'),
  confirm: (node, ctx) => {
    const tasks = ctx.snapshot ? (indexSnapshot(ctx.snapshot).runningTasksByNode.get(node.ID) ?? 0) : 0;
    const details = [`Its ${tasks} running task${tasks === 1 ? '' : 's'} will be moved to other nodes.`];
    if (node.Spec.Role === 'manager') details.push('It stays a manager: draining stops tasks, not its raft membership.');
    return {question: `Drain ${nodeName(node)}?`, details, tone: 'warn'};
  },
  run: (node, ctx) => setAvailability(ctx, node, 'drain'),
};
