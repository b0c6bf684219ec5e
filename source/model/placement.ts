import type {SwarmNode} from '../docker/types.js';

// Evaluates service placement constraints the way the swarm scheduler reads
// them, so a global service's desired count can be the nodes eligible to run it.

/** A node's value for a constraint key (`node.labels.zone`, `node.role`), as the scheduler reads it. */
export function nodeAttribute(node: SwarmNode, key: string): string | undefined {
  const lower = key.toLowerCase();
  if (lower === 'node.id') return node.ID;
  if (lower === 'node.hostname') return node.Description?.Hostname;
  if (lower === 'node.role') return node.Spec.Role;
  if (lower === 'node.platform.os') return node.Description?.Platform?.OS;
  if (lower === 'node.platform.arch') return node.Description?.Platform?.Architecture;
  if (lower.startsWith('node.labels.')) return node.Spec.Labels?.[key.slice('node.labels.'.length)];
  if (lower.startsWith('engine.labels.')) {
    return node.Description?.Engine?.Labels?.[key.slice('engine.labels.'.length)];
  }
  return undefined;
}

export function satisfiesConstraint(node: SwarmNode, constraint: string): boolean {
  const match = /^\s*([^=!\s]+)\s*(==|!=)\s*(.*?)\s*$/.exec(constraint);
  if (!match) return true;
  const [, key, operator, expected] = match;
  const actual = nodeAttribute(node, key!);
  // Labels compare exactly; built-in attributes, like the scheduler, ignore case.
  const caseSensitive = /labels\./i.test(key!);
  const equal = actual !== undefined && (caseSensitive ? actual === expected : actual.toLowerCase() === expected!.toLowerCase());
  return operator === '==' ? equal : !equal;
}

export function isEligible(node: SwarmNode, constraints: readonly string[] | undefined): boolean {
  if (node.Status.State !== 'ready' || node.Spec.Availability !== 'active') return false;
  return (constraints ?? []).every(constraint => satisfiesConstraint(node, constraint));
}
