// Promote and demote: a node's role in the raft quorum.
import type {SwarmNode} from '../../docker/types.js';
import {nodeName} from '../../render/nodes.js';
import {type NodeOperation, type OperationContext, type Refusal, perform} from './operation.js';

/** Warnings for demoting `node`, worked out before the engine would refuse. */
export function demotionWarnings(nodes: readonly SwarmNode[], node: SwarmNode): string[] {
  const managers = nodes.filter(candidate => candidate.ManagerStatus);
  const reachable = managers.filter(candidate => candidate.ManagerStatus?.Reachability === 'reachable');
  const isReachable = node.ManagerStatus?.Reachability === 'reachable';
  const reachableAfter = reachable.length - (isReachable ? 1 : 0);
  const managersAfter = managers.length - 1;
  const quorumAfter = Math.floor(managersAfter / 2) + 1;
  if (reachableAfter === 0) {
    return [`⚠ ${nodeName(node)} is the last reachable manager: the swarm would have no manager left (the engine refuses this).`];
  }
  if (reachableAfter < quorumAfter) {
    return [`⚠ Quorum would be lost: ${reachableAfter} of ${managersAfter} managers reachable, ${quorumAfter} needed.`];
  }
  const warnings: string[] = [];
  if (managersAfter % 2 === 0) warnings.push(`${managersAfter} managers remain: an even count adds no fault tolerance.`);
  return warnings;
}

function alreadyA(node: SwarmNode, role: 'manager' | 'worker'): Refusal | undefined {
  return node.Spec.Role === role ? {text: `${nodeName(node)} is already a ${role}: nothing sent`, tone: 'info'} : undefined;
}

function setRole(ctx: OperationContext, node: SwarmNode, role: 'manager' | 'worker'): void {
  const name = nodeName(node);
  perform(ctx, role === 'manager' ? `promoting ${name}` : `demoting ${name}`, `${name} is now a ${role}`, () => ctx.client.nodes.setRole(node.ID, role));
}

export const promoteNode: NodeOperation = {
  id: 'promoteNode',
  keys: ['+'],
  description: 'Promote to manager',
  panes: ['nodes'],
  dangerous: true,
  target: 'node',
  refuse: node => alreadyA(node, 'manager'),
  run: (node, ctx) => setRole(ctx, node, 'manager'),
};

export const demoteNode: NodeOperation = {
  id: 'demoteNode',
  keys: ['-'],
  description: 'Demote to worker',
  panes: ['nodes'],
  dangerous: true,
  target: 'node',
  refuse: node => alreadyA(node, 'worker'),
  confirm: (node, ctx) => ({
    question: `Demote ${nodeName(node)} to a worker?`,
    details: [`It leaves the raft quorum and stops serving the API.`, ...demotionWarnings(ctx.snapshot?.nodes ?? [], node)],
    tone: 'warn',
  }),
  run: (node, ctx) => setRole(ctx, node, 'worker'),
};
