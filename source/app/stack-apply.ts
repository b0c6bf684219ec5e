// Carrying out a stack plan (model/compose/plan-types.ts) as `docker stack deploy` would:
// networks, secrets and configs first (the new IDs filled into the services' references),
// then services created or updated, then, with --prune only, removals. The first refusal
// stops it with the engine's words, and the outcome says what was and was not applied.
// Then the services that changed are followed until each has converged or its update failed.

import type {SwarmClient} from '../docker/client.js';
import {describeError} from '../docker/errors.js';
import type {ServiceSpec, SwarmService, SwarmTask} from '../docker/types.js';
import type {PlanEntry, StackPlan} from '../model/compose/plan-types.js';
import {withCredentialConfigId} from '../model/compose/convert-service.js';
import {rolloutAllowanceMs} from './rotate.js';

export interface StackApplyHooks {
  /** Says what is happening now (one line). */
  progress(text: string): void;
  /** Something changed on the swarm: read it again. */
  refresh?(): void;
  /** A changed service is about to be followed: show its rollout. */
  following?(serviceId: string): void;
  /** Waits between reads of a rollout; tests pass a faster one. */
  sleep?(ms: number): Promise<void>;
  pollMs?: number;
  /** Per service; by default its own update settings say (rotate.ts rolloutAllowanceMs). */
  timeoutMs?: number;
}

export interface StackApplyOutcome {
  ok: boolean;
  /** The services created or updated, by ID: what the rollout view shows. */
  changedServiceIds: string[];
  /** The story, last line the verdict. */
  lines: string[];
}

/** An entry as a person names it: `service web_api`. */
const named = (entry: PlanEntry) => `${entry.kind} ${entry.name}`;

/** Whether applying `entry` sends anything: volumes are made by the nodes, unchanged and external ones are left. */
function sends(entry: PlanEntry): boolean {
  if (entry.action === 'unchanged' || entry.kind === 'volume') return false;
  return entry.action === 'remove' ? entry.live !== undefined : entry.desired !== undefined;
}

/** The service's spec with the IDs of secrets and configs created by this deploy filled in; throws naming one still unknown. */
export function withCreatedIds(spec: ServiceSpec, created: {secret: Map<string, string>; config: Map<string, string>}): ServiceSpec {
  const filled = structuredClone(spec);
  const container = filled.TaskTemplate.ContainerSpec;
  for (const reference of container?.Secrets ?? []) {
    if (reference.SecretID) continue;
    const id = reference.SecretName === undefined ? undefined : created.secret.get(reference.SecretName);
    if (!id) throw new Error(`secret ${reference.SecretName ?? '(unnamed)'} does not exist and this deploy did not create it`);
    reference.SecretID = id;
  }
  for (const reference of container?.Configs ?? []) {
    if (reference.ConfigID) continue;
    const id = reference.ConfigName === undefined ? undefined : created.config.get(reference.ConfigName);
    if (!id) throw new Error(`config ${reference.ConfigName ?? '(unnamed)'} does not exist and this deploy did not create it`);
    reference.ConfigID = id;
  }
  // A credential spec's config is sent by ID: the runtime reference's, now known.
  if (container) filled.TaskTemplate.ContainerSpec = withCredentialConfigId(container);
  return filled;
}

/** Sends one entry; returns the ID of what it created, if anything. */
async function send(client: SwarmClient, entry: PlanEntry, created: {secret: Map<string, string>; config: Map<string, string>}): Promise<string | undefined> {
  const writes = client.stackWrites!;
  const desired = entry.desired;
  if (entry.action === 'remove') {
    const id = entry.live!.id;
    if (entry.kind === 'service') await writes.removeService(id);
    else if (entry.kind === 'network') await writes.removeNetwork(id);
    else if (entry.kind === 'secret') await writes.removeSecret(id);
    else if (entry.kind === 'config') await writes.removeConfig(id);
    return undefined;
  }
  if (desired?.kind === 'network') {
    const {name, driver, options, labels, attachable, internal, ipam} = desired;
    return writes.createNetwork({
      Name: name,
      Driver: driver,
      Options: options,
      Labels: labels,
      Attachable: attachable,
      Internal: internal,
      ...(ipam ? {IPAM: ipam} : {}),
    });
  }
  if (desired?.kind === 'secret' || desired?.kind === 'config') {
    const writer = desired.kind === 'secret' ? client.secrets : client.configs;
    if (!writer) throw new Error(`this engine client cannot create ${desired.kind}s`);
    if (entry.action === 'update') throw new Error(`a ${desired.kind}'s content cannot change in place: rotate it instead`);
    // create() zeroes what it is given: the plan's own bytes stay for a second look.
    const id = await writer.create({Name: desired.name, Labels: desired.labels}, desired.data.slice());
    created[desired.kind].set(desired.name, id);
    return id;
  }
  if (desired?.kind === 'service') {
    const spec = withCreatedIds(desired.spec, created);
    if (entry.action === 'create') return writes.createService(spec);
    await writes.updateService(entry.live!.id, spec);
    return entry.live!.id;
  }
  return undefined;
}

/** Applies `plan` and follows the changed services. Never throws: the outcome says what happened. */
export async function applyStackPlan(client: SwarmClient, plan: StackPlan, hooks: StackApplyHooks): Promise<StackApplyOutcome> {
  const todo = plan.entries.filter(sends);
  if (todo.length === 0) return {ok: true, changedServiceIds: [], lines: [`stack ${plan.stack}: nothing to change`]};
  if (!client.stackWrites)
    return {ok: false, changedServiceIds: [], lines: [`stack ${plan.stack}: this engine client cannot deploy stacks; nothing was applied`]};
  const created = {secret: new Map<string, string>(), config: new Map<string, string>()};
  const applied: string[] = [];
  const changed: Array<{id: string; name: string}> = [];
  for (const [position, entry] of todo.entries()) {
    hooks.progress(
      `${entry.action === 'remove' ? 'removing' : entry.action === 'create' ? 'creating' : 'updating'} ${named(entry)} (${position + 1} of ${todo.length})`,
    );
    let id: string | undefined;
    try {
      id = await send(client, entry, created);
    } catch (error) {
      hooks.refresh?.();
      const rest = todo.slice(position + 1).map(entry => `${entry.action} ${named(entry)}`);
      return {
        ok: false,
        changedServiceIds: changed.map(service => service.id),
        lines: [
          `stopped at ${entry.action} ${named(entry)}: ${describeError(error)}`,
          `applied: ${applied.length === 0 ? 'nothing' : applied.join(', ')}`,
          `not applied: ${[`${entry.action} ${named(entry)}`, ...rest].join(', ')}`,
          `stack ${plan.stack}: deploy stopped`,
        ],
      };
    }
    applied.push(`${entry.action} ${named(entry)}`);
    if (entry.kind === 'service' && entry.action !== 'remove' && id) changed.push({id, name: entry.name});
  }
  hooks.refresh?.();
  const lines = [`applied: ${applied.join(', ')}`];
  let ok = true;
  for (const service of changed) {
    hooks.progress(`following ${service.name}`);
    hooks.following?.(service.id);
    let settled: Settled;
    try {
      settled = await settle(client, service.id, hooks);
    } catch (error) {
      settled = {ok: false, reason: `its rollout could not be read: ${describeError(error)}`};
    }
    if (settled.ok) lines.push(`service ${service.name}: ${settled.note ?? 'converged'}`);
    else {
      ok = false;
      lines.push(`service ${service.name}: ${settled.reason}`);
    }
  }
  hooks.refresh?.();
  lines.push(ok ? `stack ${plan.stack}: deployed and converged` : `stack ${plan.stack}: deployed, but not every service converged`);
  return {ok, changedServiceIds: changed.map(service => service.id), lines};
}

type Settled = {ok: true; note?: string} | {ok: false; reason: string};

const FAILED_STATES = new Set(['paused', 'rollback_started', 'rollback_paused', 'rollback_completed']);

async function readService(client: SwarmClient, id: string): Promise<SwarmService | undefined> {
  const list = client.services.listNamed ? await client.services.listNamed([id]) : await client.services.list();
  return list.find(service => service.ID === id);
}

/** JSON with keys sorted: two decodings of the same Go struct compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1))) : item,
  );
}

/** Whether every task the service wants runs, on its current task template. A short list is not done. */
async function runsCurrentSpec(client: SwarmClient, service: SwarmService): Promise<boolean> {
  const tasks = (await client.tasks.list(undefined, {kind: 'service', serviceId: service.ID})).filter((task: SwarmTask) => task.DesiredState === 'running');
  const wanted = service.Spec.Mode.Replicated?.Replicas ?? service.ServiceStatus?.DesiredTasks;
  if (wanted === undefined ? tasks.length === 0 : tasks.length < wanted) return false;
  const template = canonical(service.Spec.TaskTemplate);
  return tasks.every(task => task.Status.State === 'running' && (task.Spec === undefined || canonical(task.Spec) === template));
}

/**
 * Waits until the service's rollout is over. As in rotate.ts settle(): a service with no
 * UpdateStatus yet is not done until it runs the tasks it wants on the new spec, and that is
 * read twice, since a stop-first update may begin between the two reads.
 */
async function settle(client: SwarmClient, serviceId: string, hooks: StackApplyHooks): Promise<Settled> {
  const sleep = hooks.sleep ?? (ms => new Promise<void>(resolve => setTimeout(resolve, ms)));
  let deadline: number | undefined;
  for (;;) {
    const service = await readService(client, serviceId);
    if (!service) return {ok: false, reason: 'it was removed meanwhile'};
    if (service.Spec.Mode.ReplicatedJob || service.Spec.Mode.GlobalJob) return {ok: true, note: 'a job: its runs are not followed'};
    const allowanceMs = hooks.timeoutMs ?? rolloutAllowanceMs(service);
    deadline ??= Date.now() + allowanceMs;
    const status = service.UpdateStatus;
    const said = status?.Message ? ` (${status.Message})` : '';
    if (status?.State && FAILED_STATES.has(status.State)) return {ok: false, reason: `its update is ${status.State.replace('_', ' ')}${said}`};
    if (status?.State === 'completed') return {ok: true};
    if (status?.State === undefined && (await runsCurrentSpec(client, service))) {
      const again = await readService(client, serviceId);
      if (again && again.UpdateStatus?.State === undefined) return {ok: true};
    }
    if (Date.now() > deadline) return {ok: false, reason: `its rollout did not finish within ${Math.round(allowanceMs / 1000)} s`};
    await sleep(hooks.pollMs ?? 1000);
  }
}
