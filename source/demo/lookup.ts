// Resolving the reference a client passes (full ID, name, or unique ID
// prefix), in the order and with the errors of the daemon's lookups.

import {EngineError} from './engine-error.js';
import type {NodeRecord, ServiceRecord, TaskRecord} from './records.js';
import {taskName} from './records.js';

function resolve<T>(kind: 'service' | 'node' | 'task', ref: string, byId: Map<string, T>, name: (item: T) => string[], id: (item: T) => string): T {
  const exact = byId.get(ref);
  if (exact) return exact;
  const named = [...byId.values()].filter(item => name(item).includes(ref));
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw EngineError.ambiguous(kind, ref, named.length);
  const prefixed = ref ? [...byId.values()].filter(item => id(item).startsWith(ref)) : [];
  if (prefixed.length === 1) return prefixed[0]!;
  if (prefixed.length > 1) throw EngineError.ambiguous(kind, ref, prefixed.length);
  throw EngineError.notFound(kind, ref);
}

export function findService(services: Map<string, ServiceRecord>, ref: string): ServiceRecord {
  return resolve(
    'service',
    ref,
    services,
    service => [service.api.Spec.Name],
    service => service.api.ID,
  );
}

export function findNode(nodes: Map<string, NodeRecord>, ref: string): NodeRecord {
  return resolve(
    'node',
    ref,
    nodes,
    node => [node.api.Spec.Name ?? '', node.api.Description.Hostname].filter(Boolean),
    node => node.api.ID,
  );
}

export function findTask(tasks: Map<string, TaskRecord>, ref: string): TaskRecord {
  return resolve(
    'task',
    ref,
    tasks,
    task => [taskName(task)],
    task => task.api.ID,
  );
}
