// Carrying out a rotation plan (model/stored-versions.ts): create the new version,
// move the services to it one at a time, each rollout followed to its end, then
// remove the old version once no service uses it. Any failure stops there and
// says where; every service is then on the old or the new version, both of which
// still exist: a refused update leaves its service on the old one, a failed
// rollout is rolled back to it, and the old version is kept while anything uses it.

import type {SwarmClient} from '../docker/client.js';
import {describeError} from '../docker/errors.js';
import type {SwarmService, SwarmTask} from '../docker/types.js';
import type {RotationPlan} from '../model/stored-versions.js';

/** How long one service's rollout may take before the rotation stops waiting (and stops), at the least. */
export const ROLLOUT_TIMEOUT_MS = 5 * 60_000;
/** What one batch of a rollout is allowed beyond its configured delay and monitor period: pulls, starts, health. */
const BATCH_ALLOWANCE_MS = 60_000;

/**
 * The time a rollout of `service` may take: five minutes, or for a long rollout a minute per batch
 * beyond each batch's delay and monitor period (20 replicas one at a time, 10 s apart, get 25 min).
 */
export function rolloutAllowanceMs(service: SwarmService): number {
  const tasks = service.ServiceStatus?.DesiredTasks ?? service.Spec.Mode.Replicated?.Replicas ?? 1;
  const update = service.Spec.UpdateConfig;
  const parallelism = update?.Parallelism ?? 1;
  const batches = parallelism > 0 ? Math.ceil(Math.max(1, tasks) / parallelism) : 1;
  const perBatchMs = ((update?.Delay ?? 0) + (update?.Monitor ?? 5e9)) / 1e6 + BATCH_ALLOWANCE_MS;
  return Math.max(ROLLOUT_TIMEOUT_MS, batches * perBatchMs);
}

export interface RotationHooks {
  /** Says what is happening now (one line). */
  progress(text: string): void;
  /** A service is about to be updated: show its rollout. */
  updating(serviceId: string): void;
  /** Something changed on the swarm: read it again. */
  refresh(): void;
  /** Waits between reads of a rollout; tests pass a faster one. */
  sleep?(ms: number): Promise<void>;
  pollMs?: number;
  timeoutMs?: number;
}

export interface RotationOutcome {
  ok: boolean;
  /** The whole story in one line: what moved, what did not, what was removed or kept. */
  text: string;
}

/** Where a service that did not settle is left: on the old version, still on the new one, or gone. */
type Left = 'old' | 'new' | 'gone';
type Settled = {ok: true} | {ok: false; reason: string; paused: boolean; on: Left};

const FAILED_STATES = new Set(['paused', 'rollback_started', 'rollback_paused', 'rollback_completed']);

function usesObject(service: {Spec: SwarmService['Spec']}, kind: RotationPlan['kind'], id: string): boolean {
  const container = service.Spec.TaskTemplate.ContainerSpec;
  return kind === 'secret' ? (container?.Secrets ?? []).some(ref => ref.SecretID === id) : (container?.Configs ?? []).some(ref => ref.ConfigID === id);
}

function taskUses(task: SwarmTask, kind: RotationPlan['kind'], id: string): boolean {
  // Task specs carry the references the task was made with (decoded fields pass through whole).
  const container = task.Spec?.ContainerSpec as {Secrets?: Array<{SecretID?: string}>; Configs?: Array<{ConfigID?: string}>} | undefined;
  return kind === 'secret' ? (container?.Secrets ?? []).some(ref => ref.SecretID === id) : (container?.Configs ?? []).some(ref => ref.ConfigID === id);
}

async function readService(client: SwarmClient, id: string): Promise<SwarmService | undefined> {
  const list = client.services.listNamed ? await client.services.listNamed([id]) : await client.services.list();
  return list.find(service => service.ID === id);
}

function names(list: ReadonlyArray<{name: string}>): string {
  return list.length === 0 ? 'none' : list.map(item => item.name).join(', ');
}

/**
 * With no rollout recorded (nothing to replace, or not started yet): whether every wanted task runs
 * the new version. An empty or short list is not done unless the service wants that few tasks.
 */
async function runsNewVersion(client: SwarmClient, plan: RotationPlan, service: SwarmService, newId: string): Promise<boolean> {
  const tasks = (await client.tasks.list(undefined, {kind: 'service', serviceId: service.ID})).filter(task => task.DesiredState === 'running');
  const wanted = service.Spec.Mode.Replicated?.Replicas ?? service.ServiceStatus?.DesiredTasks;
  if (wanted === undefined ? tasks.length === 0 : tasks.length < wanted) return false;
  return tasks.every(task => task.Status.State === 'running' && taskUses(task, plan.kind, newId));
}

/**
 * Waits until the service's rollout to `newId` is over. The engine clears UpdateStatus when it
 * accepts a new spec, so any status seen while the spec uses `newId` is this update's.
 */
async function settle(client: SwarmClient, plan: RotationPlan, serviceId: string, newId: string, hooks: RotationHooks): Promise<Settled> {
  const sleep = hooks.sleep ?? (ms => new Promise<void>(resolve => setTimeout(resolve, ms)));
  let deadline: number | undefined;
  for (;;) {
    const service = await readService(client, serviceId);
    if (!service) return {ok: false, reason: 'it was removed meanwhile', paused: false, on: 'gone'};
    // Set from the first read: the service's own update settings say how long its rollout may take.
    const allowanceMs = hooks.timeoutMs ?? rolloutAllowanceMs(service);
    deadline ??= Date.now() + allowanceMs;
    const status = service.UpdateStatus;
    const said = status?.Message ? ` (${status.Message})` : '';
    if (!usesObject(service, plan.kind, newId)) return {ok: false, reason: `its spec went back to ${plan.from.name}${said}`, paused: false, on: 'old'};
    if (status?.State && FAILED_STATES.has(status.State)) {
      return {ok: false, reason: `its update is ${status.State.replace('_', ' ')}${said}`, paused: status.State === 'paused', on: 'new'};
    }
    if (status?.State === 'completed') return {ok: true};
    if (status?.State === undefined && (await runsNewVersion(client, plan, service, newId))) {
      // The rollout may have begun between the two reads (a stop-first update shuts the old task
      // down before its replacement exists): done only if the service still shows no rollout.
      const again = await readService(client, serviceId);
      if (again && again.UpdateStatus?.State === undefined && usesObject(again, plan.kind, newId)) return {ok: true};
    }
    if (Date.now() > deadline) return {ok: false, reason: `its rollout did not finish within ${Math.round(allowanceMs / 1000)} s`, paused: false, on: 'new'};
    await sleep(hooks.pollMs ?? 1000);
  }
}

/** Runs `plan` with `content` (zeroed once sent). Never throws: the outcome says what happened. */
export async function carryOutRotation(client: SwarmClient, plan: RotationPlan, content: Uint8Array, hooks: RotationHooks): Promise<RotationOutcome> {
  const writer = plan.kind === 'secret' ? client.secrets : client.configs;
  const {name: oldName, id: oldId} = plan.from;
  const stopped = `rotation of ${plan.kind} ${oldName} stopped`;
  if (!writer) {
    content.fill(0);
    return {ok: false, text: `${stopped}: this engine client cannot create ${plan.kind}s; nothing was changed`};
  }
  hooks.progress(`creating ${plan.kind} ${plan.toName}`);
  let newId: string;
  try {
    newId = await writer.create({Name: plan.toName, Labels: plan.labels}, content);
  } catch (error) {
    return {ok: false, text: `${stopped}: creating ${plan.toName} failed: ${describeError(error)}; nothing was changed`};
  }
  hooks.refresh();

  const moved: Array<{name: string}> = [];
  for (const [position, service] of plan.services.entries()) {
    const rest = plan.services.slice(position + 1);
    const where = (left: Left = 'old') =>
      `on ${plan.toName}: ${names(left === 'new' ? [...moved, service] : moved)}; ` +
      `on ${oldName}: ${names(left === 'old' ? [service, ...rest] : rest)}; ${oldName} is kept`;
    hooks.progress(`moving ${service.name} to ${plan.toName} (${position + 1} of ${plan.services.length})`);
    hooks.updating(service.id);
    try {
      await client.services.swapReference(service.id, {kind: plan.kind, fromId: oldId, to: {id: newId, name: plan.toName}});
    } catch (error) {
      hooks.refresh();
      return {ok: false, text: `${stopped} at ${service.name}: the update was refused: ${describeError(error)}. ${where()}`};
    }
    hooks.refresh();
    let settled: Settled;
    try {
      settled = await settle(client, plan, service.id, newId, hooks);
    } catch (error) {
      settled = {ok: false, reason: `its rollout could not be read: ${describeError(error)}`, paused: false, on: 'new'};
    }
    if (!settled.ok) {
      // A paused update leaves tasks of the new spec failing: back to the old version, which still works.
      let after = '';
      let left = settled.on;
      if (settled.paused) {
        try {
          await client.services.rollback(service.id);
          after = `; rolled ${service.name} back to ${oldName}`;
          left = 'old';
        } catch (error) {
          after = `; rolling ${service.name} back failed: ${describeError(error)} (it is paused on ${plan.toName})`;
        }
      }
      hooks.refresh();
      return {ok: false, text: `${stopped} at ${service.name}: ${settled.reason}${after}. ${where(left)}`};
    }
    moved.push(service);
  }

  // Removed only when the engine, read now, shows no service on it (an automatic rollback may have brought one back).
  try {
    const stillUsing = (await client.services.list()).filter(service => usesObject(service, plan.kind, oldId)).map(service => ({name: service.Spec.Name}));
    if (stillUsing.length > 0) {
      return {ok: false, text: `${stopped}: ${names(moved)} moved to ${plan.toName}, but ${names(stillUsing)} still use ${oldName}, so it is kept`};
    }
    hooks.progress(`removing ${plan.kind} ${oldName}`);
    await writer.remove(oldId);
  } catch (error) {
    hooks.refresh();
    return {ok: false, text: `${stopped}: every service is on ${plan.toName}, but removing ${oldName} failed: ${describeError(error)}`};
  }
  hooks.refresh();
  const movedText = moved.length === 0 ? 'no service used it' : `${names(moved)} now use${moved.length === 1 ? 's' : ''} it`;
  return {ok: true, text: `${plan.kind} ${oldName} rotated to ${plan.toName}: ${movedText}; ${oldName} removed`};
}
