// Nodes, services and tasks: list (with the engine's filters), inspect,
// update, delete. Lists are stitched together from each object's cached JSON,
// which is what keeps GET /tasks fast on a swarm of tens of thousands of tasks.

import {EngineError} from '../engine-error.js';
import type {NodeRecord, ServiceRecord, TaskRecord} from '../records.js';
import {taskName} from '../records.js';
import type {TaskState} from '../engine-types.js';
import {boolParam, sendEmpty, sendJson, sendJsonBody, sendJsonText} from './respond.js';
import {type Filters, matchesExact, matchesLabels, matchesPrefix, parseFilters} from './filters.js';
import {type RouteContext, readJsonBody, versionParam} from './route-context.js';

const NODE_FILTERS = ['id', 'label', 'membership', 'name', 'node.label', 'role'];
const SERVICE_FILTERS = ['id', 'label', 'mode', 'name'];
const TASK_FILTERS = ['desired-state', 'id', 'label', 'name', 'node', 'service'];
const TASK_STATES: readonly TaskState[] = [
  'new',
  'allocated',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
  'running',
  'complete',
  'shutdown',
  'failed',
  'rejected',
  'remove',
  'orphaned',
];

function byId<T extends {api: {ID: string}}>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => (a.api.ID < b.api.ID ? -1 : a.api.ID > b.api.ID ? 1 : 0));
}

// --- nodes ---------------------------------------------------------------------

function nodeMatches(node: NodeRecord, filters: Filters): boolean {
  const api = node.api;
  return (
    matchesPrefix(api.ID, filters.get('id')) &&
    matchesPrefix(api.Spec.Name || api.Description.Hostname, filters.get('name')) &&
    matchesExact(api.Spec.Role, filters.get('role')) &&
    matchesExact('accepted', filters.get('membership')) &&
    matchesLabels(api.Description.Engine.Labels, filters.get('label')) &&
    matchesLabels(api.Spec.Labels, filters.get('node.label'))
  );
}

export function listNodes({swarm, url, response}: RouteContext): void {
  const filters = parseFilters(url.searchParams.get('filters'), NODE_FILTERS);
  const nodes = byId(swarm.store.nodes.values()).filter(node => nodeMatches(node, filters));
  sendJsonText(response, 200, '[' + nodes.map(node => swarm.store.nodeJson(node)).join(',') + ']');
}

export function inspectNode({swarm, params, response}: RouteContext): void {
  sendJsonText(response, 200, swarm.store.nodeJson(swarm.node(params[0]!)));
}

export async function updateNode({swarm, params, url, request, response}: RouteContext): Promise<void> {
  const node = swarm.node(params[0]!);
  const body = await readJsonBody(request);
  swarm.updateNode(node.api.ID, versionParam(url), body);
  sendEmpty(response);
}

// --- services ------------------------------------------------------------------

function serviceMatches(service: ServiceRecord, filters: Filters): boolean {
  const api = service.api;
  return (
    matchesPrefix(api.ID, filters.get('id')) &&
    matchesPrefix(api.Spec.Name, filters.get('name')) &&
    matchesExact('Global' in api.Spec.Mode ? 'global' : 'replicated', filters.get('mode')) &&
    matchesLabels(api.Spec.Labels, filters.get('label'))
  );
}

function serviceJson({swarm}: RouteContext, service: ServiceRecord, withStatus: boolean): string {
  const json = swarm.store.serviceJson(service);
  return withStatus ? json.slice(0, -1) + ',"ServiceStatus":' + JSON.stringify(swarm.serviceStatus(service)) + '}' : json;
}

export function listServices(context: RouteContext): void {
  const {swarm, url, response} = context;
  const filters = parseFilters(url.searchParams.get('filters'), SERVICE_FILTERS);
  const withStatus = boolParam(url.searchParams.get('status'));
  const services = byId(swarm.store.services.values()).filter(service => serviceMatches(service, filters));
  sendJsonText(response, 200, '[' + services.map(service => serviceJson(context, service, withStatus)).join(',') + ']');
}

export function inspectService(context: RouteContext): void {
  sendJsonText(context.response, 200, serviceJson(context, context.swarm.service(context.params[0]!), false));
}

export async function updateService({swarm, params, url, request, response}: RouteContext): Promise<void> {
  const service = swarm.service(params[0]!);
  const rollback = url.searchParams.get('rollback') ?? undefined;
  // A rollback ignores the spec sent with it, so it may come without one.
  const body = rollback === 'previous' ? await readJsonBody(request).catch(() => undefined) : await readJsonBody(request);
  swarm.updateService(service.api.ID, versionParam(url), body, {rollback});
  sendJson(response, 200, {Warnings: null});
}

export function deleteService({swarm, params, response}: RouteContext): void {
  swarm.removeService(swarm.service(params[0]!).api.ID);
  sendEmpty(response);
}

// --- tasks ---------------------------------------------------------------------

export function listTasks({swarm, url, response}: RouteContext): void {
  const filters = parseFilters(url.searchParams.get('filters'), TASK_FILTERS);
  const {store} = swarm;
  if (filters.size === 0) return sendJsonBody(response, 200, store.allTasksBody());

  const desired = filters.get('desired-state')?.map(state => state.toLowerCase());
  for (const state of desired ?? []) {
    if (!TASK_STATES.includes(state as TaskState)) throw new EngineError(500, `Invalid desired-state filter: '${state}'`);
  }
  // Service and node names resolve to IDs first, failing like the daemon does for unknown ones.
  const serviceIds = filters.get('service')?.map(ref => swarm.service(ref).api.ID);
  const nodeIds = filters.get('node')?.map(ref => swarm.node(ref).api.ID);
  const candidates: Iterable<TaskRecord> = serviceIds ? serviceIds.flatMap(id => [...(store.services.get(id)?.tasks ?? [])]) : store.tasks.values();
  const ids = filters.get('id');
  const names = filters.get('name');
  const labels = filters.get('label');
  const tasks = byId(candidates).filter(
    task =>
      matchesPrefix(task.api.ID, ids) &&
      (!names?.length || matchesPrefix(taskName(task), names)) &&
      matchesExact(task.api.NodeID, nodeIds) &&
      matchesExact(task.api.DesiredState, desired) &&
      // As swarmkit does: a task's label filter reads its service's labels (how `docker stack ps` finds a stack's tasks).
      matchesLabels(task.service.api.Spec.Labels, labels),
  );
  sendJsonText(response, 200, '[' + tasks.map(task => store.taskJson(task)).join(',') + ']');
}

export function inspectTask({swarm, params, response}: RouteContext): void {
  sendJsonText(response, 200, swarm.store.taskJson(swarm.task(params[0]!)));
}
