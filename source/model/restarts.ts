import type {SwarmEventRow, SwarmService, SwarmTask} from '../docker/types.js';

// Restarts per slot, from the task history the engine keeps: each failed task in
// a slot is one restart (an update's shut-down tasks are not). A slot that failed
// CRASH_LOOP_FAILURES times within CRASH_LOOP_WINDOW_MS is crash-looping: the
// "0/2" of a service that keeps dying is not the "0/2" of one that is starting.
// A crash loop is a container that ran and exited. A task the engine rejected
// before its container ran (no such image, pull access denied, an invalid mount)
// is another failure: the slot "cannot start", for the engine's reason, and
// retrying will not help until the spec or the nodes change.

export const CRASH_LOOP_FAILURES = 3;
export const CRASH_LOOP_WINDOW_MS = 5 * 60_000;

export interface SlotRestarts {
  /** `${serviceId}/${slot}` or `${serviceId}/node/${nodeId}` for a global service's task. */
  key: string;
  /** Failed tasks in the slot's history. */
  restarts: number;
  /** Failures within the window before `now`. */
  recentFailures: number;
  crashLooping: boolean;
  /** Exit codes of the failures, newest first. */
  exitCodes: number[];
  /** Tasks in the slot's history that were rejected before a container ran. */
  startFailures: number;
  /** The slot's newest failure is one of those, and nothing ran since: the engine's reason. */
  cannotStart?: string;
  /** Where the start failures happened: node ID ('' when the task had none) and how often. */
  triedOn: Map<string, number>;
}

/** Why a service's tasks cannot start: the engine's reason (the first stuck slot's newest), and the nodes they were tried on. */
export interface StartFailure {
  reason: string;
  /** Start failures in the history of the slots that cannot start. */
  attempts: number;
  /** Node IDs ('' for none) with their counts, most first. */
  nodes: Array<{nodeId: string; count: number}>;
  /** Slots that cannot start. */
  slots: number;
}

export interface ServiceRestarts {
  restarts: number;
  crashLooping: boolean;
  /** Slots that are crash-looping. */
  loopingSlots: number;
  /** "exit 137 ×4, exit 1": the failures' exit codes, most frequent first. */
  exitSummary: string;
  /** Set when some slot cannot start. */
  cannotStart?: StartFailure;
}

const failed = (task: SwarmTask) => task.Status.State === 'failed' || task.Status.State === 'rejected';

/**
 * A task that failed before a container ran: rejected (the image could not be had,
 * a mount was invalid, no node could take it once assigned), or failed with no
 * container and no exit code.
 */
export function failedToStart(task: SwarmTask): boolean {
  const state = task.Status.State;
  if (state === 'rejected') return true;
  const container = task.Status.ContainerStatus;
  return state === 'failed' && !container?.ContainerID && !container?.ExitCode;
}

/** The engine's words for why a task did not start. */
export function startFailureReason(task: SwarmTask): string {
  return task.Status.Err || task.Status.Message || task.Status.State;
}

const ranSince = (task: SwarmTask) => task.Status.State === 'running' || task.Status.State === 'complete';

/** The service a slot key belongs to: service IDs hold no slash. */
function serviceOfSlotKey(key: string): string {
  const slash = key.indexOf('/');
  return slash === -1 ? key : key.slice(0, slash);
}

export function slotKeyOf(task: SwarmTask, global: boolean): string {
  return global || !task.Slot ? `${task.ServiceID}/node/${task.NodeID ?? ''}` : `${task.ServiceID}/${task.Slot}`;
}

/** The moment a task ended: its status time. */
function endedAt(task: SwarmTask): number {
  return Date.parse(task.Status.Timestamp ?? task.UpdatedAt ?? '') || 0;
}

/** When a task was made: a slot's tasks follow one another in this order. */
function createdAt(task: SwarmTask): number {
  return Date.parse(task.CreatedAt ?? '') || 0;
}

/**
 * The tasks that held `task`'s slot before it (same service and slot, or same
 * service and node for a global service), newest first: what describe lists so
 * an operator sees how the slot's earlier tasks ended.
 */
export function earlierInSlot(task: SwarmTask, tasks: readonly SwarmTask[], global: boolean): SwarmTask[] {
  const key = slotKeyOf(task, global);
  const made = createdAt(task);
  return tasks
    .filter(other => other.ID !== task.ID && createdAt(other) <= made && slotKeyOf(other, global) === key)
    .sort((a, b) => createdAt(b) - createdAt(a) || endedAt(b) - endedAt(a));
}

/** Restarts of every slot the tasks cover, keyed by slot. */
export function slotRestarts(tasks: readonly SwarmTask[], services: ReadonlyMap<string, SwarmService>, now: number): Map<string, SlotRestarts> {
  const bySlot = new Map<string, SlotRestarts>();
  const seenRunning = new Set<string>();
  const seenFailure = new Set<string>();
  // Each task's end parsed once, not at every comparison.
  const sorted = tasks.map(task => ({task, ended: endedAt(task)})).sort((a, b) => b.ended - a.ended);
  for (const {task, ended} of sorted) {
    const mode = services.get(task.ServiceID)?.Spec.Mode;
    const key = slotKeyOf(task, Boolean(mode?.Global || mode?.GlobalJob));
    let entry = bySlot.get(key);
    const newest = !entry;
    if (!entry) {
      entry = {key, restarts: 0, recentFailures: 0, crashLooping: false, exitCodes: [], startFailures: 0, triedOn: new Map()};
      bySlot.set(key, entry);
    }
    if (ranSince(task)) seenRunning.add(key);
    if (!failed(task)) continue;
    const firstFailure = !seenFailure.has(key);
    seenFailure.add(key);
    if (failedToStart(task)) {
      entry.startFailures += 1;
      const node = task.NodeID ?? '';
      entry.triedOn.set(node, (entry.triedOn.get(node) ?? 0) + 1);
      // Only the newest failure says whether the slot is stuck now, and only when
      // nothing ran after it and it is recent or the slot's last word.
      if (firstFailure && !seenRunning.has(key) && (newest || now - ended <= CRASH_LOOP_WINDOW_MS)) entry.cannotStart = startFailureReason(task);
      continue;
    }
    entry.restarts += 1;
    if (now - ended <= CRASH_LOOP_WINDOW_MS) entry.recentFailures += 1;
    entry.crashLooping = entry.recentFailures >= CRASH_LOOP_FAILURES;
    const code = task.Status.ContainerStatus?.ExitCode;
    if (code !== undefined && code !== 0) entry.exitCodes.push(code);
  }
  return bySlot;
}

/**
 * Failures seen as container `die` events (non-zero exit) of the nodes whose events
 * are read, merged into the history's counts: the engine keeps only a few past
 * tasks per slot, while the events count every death since the console started.
 */
export interface DieCounts {
  all: number;
  recent: number;
  /** Exit codes, newest first. */
  codes: number[];
}

/** Deaths per slot key in the events, newest first. */
export function dieEventCounts(events: readonly SwarmEventRow[], now: number): Map<string, DieCounts> {
  const seen = new Map<string, DieCounts>();
  for (let position = events.length - 1; position >= 0; position--) {
    const event = events[position]!;
    if (event.type !== 'container' || event.action !== 'die' || !event.task?.exitCode) continue;
    const {serviceId, slot, nodeId} = event.task;
    const key = slot ? `${serviceId}/${slot}` : `${serviceId}/node/${nodeId ?? ''}`;
    const entry = seen.get(key) ?? {all: 0, recent: 0, codes: []};
    entry.all += 1;
    if (now - event.time <= CRASH_LOOP_WINDOW_MS) entry.recent += 1;
    entry.codes.push(event.task.exitCode);
    seen.set(key, entry);
  }
  return seen;
}

export function mergeDieCounts(slots: Map<string, SlotRestarts>, seen: ReadonlyMap<string, DieCounts>): void {
  if (seen.size === 0) return;
  for (const [key, slot] of slots) {
    const counted = seen.get(key);
    if (!counted) continue;
    // The two sources see the same deaths: the larger count is the better one.
    if (counted.all > slot.restarts) {
      slot.restarts = counted.all;
      slot.exitCodes = counted.codes;
    }
    slot.recentFailures = Math.max(slot.recentFailures, counted.recent);
    slot.crashLooping = slot.recentFailures >= CRASH_LOOP_FAILURES;
  }
}

/** "exit 137 ×4, exit 1": how the last failures ended, most frequent first. */
export function exitSummary(codes: readonly number[], last = 10): string {
  const counts = new Map<number, number>();
  for (const code of codes.slice(0, last)) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => `exit ${code}${count > 1 ? ` ×${count}` : ''}`)
    .join(', ');
}

/** A service's restarts: the sum over its slots, whether any slot is crash-looping, and whether any cannot start. */
export function serviceRestarts(slots: Iterable<SlotRestarts>): ServiceRestarts {
  let restarts = 0;
  let loopingSlots = 0;
  const codes: number[] = [];
  let cannotStart: StartFailure | undefined;
  const nodes = new Map<string, number>();
  for (const slot of slots) {
    restarts += slot.restarts;
    if (slot.crashLooping) loopingSlots += 1;
    codes.push(...slot.exitCodes);
    if (slot.cannotStart === undefined) continue;
    cannotStart ??= {reason: slot.cannotStart, attempts: 0, nodes: [], slots: 0};
    cannotStart.attempts += slot.startFailures;
    cannotStart.slots += 1;
    for (const [node, count] of slot.triedOn) nodes.set(node, (nodes.get(node) ?? 0) + count);
  }
  if (cannotStart)
    cannotStart.nodes = [...nodes].map(([nodeId, count]) => ({nodeId, count})).sort((a, b) => b.count - a.count || a.nodeId.localeCompare(b.nodeId));
  return {restarts, crashLooping: loopingSlots > 0, loopingSlots, exitSummary: exitSummary(codes), ...(cannotStart && {cannotStart})};
}

interface ServiceSlots {
  at: number;
  /** The first moment a failure counted as recent no longer is: the counts change then. */
  validUntil: number;
  slots: Map<string, SlotRestarts>;
  restarts?: ServiceRestarts;
}

// Per service, by its task list: cluster-index.ts keeps a service's list while its tasks
// stand still, so a refresh recounts only the services whose tasks moved.
const serviceCache = new WeakMap<readonly SwarmTask[], ServiceSlots>();

function serviceSlots(tasks: readonly SwarmTask[], services: ReadonlyMap<string, SwarmService>, now: number): ServiceSlots {
  const cached = serviceCache.get(tasks);
  if (cached && cached.at <= now && now < cached.validUntil) return cached;
  let validUntil = Number.POSITIVE_INFINITY;
  for (const task of tasks) {
    if (!failed(task)) continue;
    const leaves = endedAt(task) + CRASH_LOOP_WINDOW_MS + 1;
    if (leaves > now) validUntil = Math.min(validUntil, leaves);
  }
  const memo: ServiceSlots = {at: now, validUntil, slots: slotRestarts(tasks, services, now)};
  serviceCache.set(tasks, memo);
  return memo;
}

export interface RestartIndex {
  /** A slot's restarts, by its key (slotKeyOf). Looked up through its service: 20,000 slots are not copied into one map. */
  slot(key: string): SlotRestarts | undefined;
  byService: {get(serviceId: string): ServiceRestarts | undefined};
}

// Crash loops are judged against a clock, so the per-snapshot result is kept only
// while the clock it was computed at is recent.
const RECOMPUTE_MS = 5_000;
// Keyed by the tasks grouped by service, which a snapshot that moved only services or
// nodes shares with the one before (see cluster-index.ts); the events must match too.
const cache = new WeakMap<object, {at: number; events: unknown; value: RestartIndex}>();

/**
 * Restarts of every slot and service in the tasks the index holds, as of `now`. Each
 * service's are worked out when first asked for: a pane draws some forty rows, and
 * counting all 2,000 services for each new snapshot was a share of an idle console's work.
 */
export function restartIndex(
  index: {
    tasksByService: ReadonlyMap<string, readonly SwarmTask[]>;
    servicesById: ReadonlyMap<string, SwarmService>;
    snapshot?: {events?: {rows: readonly SwarmEventRow[]}};
  },
  now: number,
): RestartIndex {
  const events = index.snapshot?.events?.rows;
  const cached = cache.get(index.tasksByService);
  if (cached && cached.events === events && Math.abs(now - cached.at) < RECOMPUTE_MS) return cached.value;
  let deaths: ReturnType<typeof dieEventCounts> | undefined;
  let deathsByService: Set<string> | undefined;
  const worked = new Map<string, {slots: ReadonlyMap<string, SlotRestarts>; restarts: ServiceRestarts} | undefined>();
  const forService = (serviceId: string) => {
    if (worked.has(serviceId)) return worked.get(serviceId);
    const tasks = index.tasksByService.get(serviceId);
    let result: {slots: ReadonlyMap<string, SlotRestarts>; restarts: ServiceRestarts} | undefined;
    if (tasks) {
      deaths ??= dieEventCounts(events ?? [], now);
      deathsByService ??= new Set([...deaths.keys()].map(serviceOfSlotKey));
      const memo = serviceSlots(tasks, index.servicesById, now);
      if (deathsByService.has(serviceId) && [...memo.slots.keys()].some(key => deaths!.has(key))) {
        // Merged into copies: the memo stays as the history alone says.
        const slots = new Map([...memo.slots].map(([key, slot]) => [key, deaths!.has(key) ? {...slot} : slot]));
        mergeDieCounts(slots, deaths);
        result = {slots, restarts: serviceRestarts(slots.values())};
      } else {
        memo.restarts ??= serviceRestarts(memo.slots.values());
        result = {slots: memo.slots, restarts: memo.restarts};
      }
    }
    worked.set(serviceId, result);
    return result;
  };
  const value: RestartIndex = {
    slot: key => forService(serviceOfSlotKey(key))?.slots.get(key),
    byService: {get: serviceId => forService(serviceId)?.restarts},
  };
  cache.set(index.tasksByService, {at: now, events, value});
  return value;
}
