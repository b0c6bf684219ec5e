// Structural sharing between refreshes: an object whose version did not move is
// kept by identity, and a list in which nothing moved is kept whole. Memoised
// rows then skip work, and an unchanged refresh causes no render at all.

export interface Versioned {
  ID: string;
  Version?: {Index: number};
  UpdatedAt?: string;
  /** A node's place in raft: worked out by the manager at each read, not stored, so no version moves with it. */
  ManagerStatus?: object;
  /** A service's task counts (`?status=true`): counted at each read too, and they move while the version stands still. */
  ServiceStatus?: {RunningTasks?: number; DesiredTasks?: number; CompletedTasks?: number};
}

function sameServiceStatus(a: Versioned['ServiceStatus'], b: Versioned['ServiceStatus']): boolean {
  return a === b || (a?.RunningTasks === b?.RunningTasks && a?.DesiredTasks === b?.DesiredTasks && a?.CompletedTasks === b?.CompletedTasks);
}

function sameVersion(a: Versioned, b: Versioned): boolean {
  return (
    a.Version?.Index === b.Version?.Index &&
    a.UpdatedAt === b.UpdatedAt &&
    // A promoted node is read first without its reachability (or as unreachable) and only
    // later as reachable, at the same version: a refresh right after the promotion (one an
    // event asks for) must not keep that first reading for good.
    (a.ManagerStatus === b.ManagerStatus || JSON.stringify(a.ManagerStatus) === JSON.stringify(b.ManagerStatus)) &&
    sameServiceStatus(a.ServiceStatus, b.ServiceStatus)
  );
}

/** The same objects in the same order: a list read again reusing its unchanged objects (docker/list-stream.ts). */
function sameItems(previous: readonly unknown[], next: readonly unknown[]): boolean {
  return previous.length === next.length && previous.every((item, index) => item === next[index]);
}

/** For objects without an ID and version (networks, the swarm object): kept whole if nothing in them changed. */
export function reconcileByValue<T>(previous: T | undefined, next: T): T {
  if (previous === undefined || next === undefined) return next;
  // The same objects need not be written out to be compared.
  if (Array.isArray(previous) && Array.isArray(next) && sameItems(previous, next)) return previous;
  return JSON.stringify(previous) === JSON.stringify(next) ? previous : next;
}

// Lists whose objects are already kept by identity while unchanged (the task store's): an
// object in them that is new is a task that changed, so there is nothing to reconcile, and
// looking 20,000 tasks up by ID at every refresh that moved one was a share of an idle console's CPU.
const keptByIdentity = new WeakSet<readonly object[]>();

/** Marks `list` as one whose unchanged objects are those of the lists before it: `reconcileList` takes it as it is. */
export function markKeptByIdentity<T extends object>(list: T[]): T[] {
  keptByIdentity.add(list);
  return list;
}

export function reconcileList<T extends Versioned>(previous: readonly T[] | undefined, next: T[]): T[] {
  if (!previous || previous === next || keptByIdentity.has(next)) return next;
  // The common case once lists are read reusing unchanged objects (docker/list-stream.ts),
  // and for tasks kept in memory: the same objects in the same order, found without a map.
  if (sameItems(previous, next)) return previous as T[];
  const previousById = new Map<string, T>();
  for (const item of previous) previousById.set(item.ID, item);

  let changed = previous.length !== next.length;
  const result = next.map((item, index) => {
    const kept = previousById.get(item.ID);
    if (kept && sameVersion(kept, item)) {
      if (previous[index] !== kept) changed = true;
      return kept;
    }
    changed = true;
    return item;
  });
  return changed ? result : (previous as T[]);
}
