// The tasks pane's rows before any column sort: each slot's newest task, named as
// `docker service ps` names it, in name order. At 20,000 tasks, grouping, naming and
// sorting all of them took a few hundred ms for every new task list, and the all-tasks
// pane got a new list with nearly every refresh. cluster-index keeps a service's task
// list (the same array) while its tasks stand still, so each service's slots are
// worked out once per list here, and the all-tasks pane lays the services' runs end to
// end in the order of their names.
import type {SwarmNode, SwarmService, SwarmSnapshot, SwarmTask} from '../../docker/types.js';
import {type ClusterIndex, isGlobal} from '../../model/cluster-index.js';
import {NaturalOrder, naturalCompare} from '../../model/natural-compare.js';
import {shortId} from '../../render/format.js';
import {type TaskEntry, groupIntoSlots, isRetiredSlot, taskName} from '../../render/tasks.js';

interface NamedSlot {
  entry: TaskEntry;
  name: string;
  retired: boolean;
}

interface ListSlots {
  /**
   * What of the service the names were made with: its name and whether it is global (its
   * tasks are named by node). Nothing else of it, so a service whose counts moved (every
   * refresh of a rollout) keeps its rows.
   */
  name: string | undefined;
  global: boolean;
  /** The nodes list the names were made with, when a name holds a node's (global tasks). */
  nodes: readonly SwarmNode[] | undefined;
  all: TaskEntry[];
  live?: TaskEntry[];
}

// A slot's past tasks, found again from the head without regrouping.
const pastBySlotHead = new WeakMap<SwarmTask, SwarmTask[]>();
const byList = new WeakMap<readonly SwarmTask[], ListSlots>();

/** The past tasks of the slot whose newest task is `head`. */
export function pastOfSlot(head: SwarmTask): SwarmTask[] {
  return pastBySlotHead.get(head) ?? [];
}

function usesNodeNames(service: SwarmService | undefined, tasks: readonly SwarmTask[]): boolean {
  return isGlobal(service) || tasks.some(task => !task.Slot);
}

function nameSorted(tasks: readonly SwarmTask[], index: ClusterIndex): NamedSlot[] {
  const named = groupIntoSlots(tasks, index).map(slot => {
    pastBySlotHead.set(slot.current, slot.past);
    return {entry: {task: slot.current, history: false}, name: taskName(slot.current, index), retired: isRetiredSlot(slot)};
  });
  return named.sort((a, b) => naturalCompare(a.name, b.name));
}

/** Slot heads of one service's task list, in name order; retired slots only with `showHistory`. */
export function serviceSlotHeads(
  serviceId: string,
  tasks: readonly SwarmTask[],
  snapshot: SwarmSnapshot,
  index: ClusterIndex,
  showHistory: boolean,
): TaskEntry[] {
  const service = index.servicesById.get(serviceId);
  const name = service?.Spec.Name;
  const global = isGlobal(service);
  let cached = byList.get(tasks);
  if (!cached || cached.name !== name || cached.global !== global || (cached.nodes !== undefined && cached.nodes !== snapshot.nodes)) {
    const sorted = nameSorted(tasks, index);
    cached = {
      name,
      global,
      nodes: usesNodeNames(service, tasks) ? snapshot.nodes : undefined,
      all: sorted.map(slot => slot.entry),
    };
    if (sorted.some(slot => slot.retired)) cached.live = sorted.filter(slot => !slot.retired).map(slot => slot.entry);
    else cached.live = cached.all;
    byList.set(tasks, cached);
  }
  return showHistory ? cached.all : cached.live!;
}

/** Slot heads of any set of tasks (a node's), in name order. */
export function slotHeads(tasks: readonly SwarmTask[], index: ClusterIndex, showHistory: boolean): TaskEntry[] {
  return nameSorted(tasks, index)
    .filter(slot => showHistory || !slot.retired)
    .map(slot => slot.entry);
}

/**
 * Slot heads of every task, in name order. Names are "service.slot": when no service's
 * name holds a dot, two tasks of different services compare as "service." does, so each
 * service's run of slots stays together. A dotted name, or two names that compare equal
 * (they differ only in case), can interleave slots, so then every task is sorted as one.
 */
export function allSlotHeads(snapshot: SwarmSnapshot, index: ClusterIndex, showHistory: boolean): TaskEntry[] {
  const last = lastAll[showHistory ? 1 : 0];
  // What the list is made from stood still (a snapshot that moved the event ring or the nodes' readings).
  if (last && last.tasksByService === index.tasksByService && last.servicesById === index.servicesById && last.nodes === snapshot.nodes) return last.heads;
  const runs = [...index.tasksByService].map(([serviceId, tasks]): Run => ({
    serviceId,
    tasks,
    key: `${index.servicesById.get(serviceId)?.Spec.Name ?? shortId(serviceId)}.`,
  }));
  // The runs in the order they stood last time while no service was added, removed or renamed.
  const sorted = runOrder.sort(runs);
  const runsInterleave = sorted.some((run, i) => run.key.indexOf('.') < run.key.length - 1 || (i > 0 && naturalCompare(sorted[i - 1]!.key, run.key) === 0));
  if (runsInterleave) {
    return slotHeads(snapshot.tasks, index, showHistory);
  }
  const parts = sorted.map(run => serviceSlotHeads(run.serviceId, run.tasks, snapshot, index, showHistory));
  // Every service's rows the same as the last list's, in the same order: the same list, so
  // its IDs, the selection's place in it and the column widths are not worked out again.
  const from = {tasksByService: index.tasksByService, servicesById: index.servicesById, nodes: snapshot.nodes};
  if (last && last.parts.length === parts.length && last.parts.every((part, i) => part === parts[i])) {
    lastAll[showHistory ? 1 : 0] = {...last, ...from};
    return last.heads;
  }
  const heads: TaskEntry[] = [];
  for (const part of parts) for (const entry of part) heads.push(entry);
  lastAll[showHistory ? 1 : 0] = {parts, heads, ...from};
  return heads;
}

/** A service's run of slots in the all-tasks list, sorted by its name and a dot. */
interface Run {
  serviceId: string;
  tasks: readonly SwarmTask[];
  key: string;
}

const runOrder = new NaturalOrder<Run>(run => run.key);
/** The last all-tasks list, without and with history: the services' runs it was laid out from, the list, and the lookups it was made from. */
interface AllSlotHeads {
  parts: TaskEntry[][];
  heads: TaskEntry[];
  tasksByService: ClusterIndex['tasksByService'];
  servicesById: ClusterIndex['servicesById'];
  nodes: SwarmSnapshot['nodes'];
}
const lastAll: [AllSlotHeads?, AllSlotHeads?] = [];
