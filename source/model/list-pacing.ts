// How often a refresh reads the whole services and nodes lists. On a small swarm, every
// refresh. On a big one the whole lists are megabytes of JSON, nearly all of it unchanged,
// and reading them every 2 s was most of an idle console's CPU at 2,000 services and 500
// nodes. There they are read at a pace set by their size, and in between a refresh reads
// only what the engine's events named, plus the services rolling out (their counts move
// with every task replaced). What moves without an event (a task that fails on a worker
// changes a service's running count, nothing else) shows at the next whole read.
// Without the event stream, every refresh reads the whole lists, as before.
import type {EngineEvent} from '../docker/events.js';
import type {NamedObjects} from '../docker/client.js';
import type {SwarmService, SwarmSnapshot} from '../docker/types.js';

/** A whole read comes at least this many ms apart per node and service listed: 2,500 of them, every 10 s. */
export const WHOLE_LIST_MS_PER_OBJECT = 4;
/** More named than this in one refresh, and the whole lists are read instead. */
export const MAX_NAMED_OBJECTS = 64;

/** Whether the whole lists are due, given when the last whole read started and how much it listed. */
export function wholeListsDue(lastAt: number, now: number, listed: number, intervalMs: number): boolean {
  return now - lastAt >= Math.max(intervalMs, listed * WHOLE_LIST_MS_PER_OBJECT) - intervalMs / 2;
}

export type ListRead = {kind: 'whole'} | {kind: 'named'; named: NamedObjects};

export interface ListPlanInput {
  now: number;
  intervalMs: number;
  previous: SwarmSnapshot | undefined;
  /** The engine's event stream is up: what it names is what moved. */
  eventsUp: boolean;
  /** The client can read services and nodes by ID. */
  byName: boolean;
}

// Per services list: refreshes that moved no service share it, and 2,000 of them are looked through otherwise.
const rollingOutCache = new WeakMap<readonly SwarmService[], string[]>();

function rollingOut(services: readonly SwarmService[]): string[] {
  let ids = rollingOutCache.get(services);
  if (!ids) {
    ids = services
      .filter(service => service.UpdateStatus?.State === 'updating' || service.UpdateStatus?.State === 'rollback_started')
      .map(service => service.ID);
    rollingOutCache.set(services, ids);
  }
  return ids;
}

/** What is pending for the lists: what events named, whether a whole read is asked for, and when the last one was. */
export interface ListPending {
  services: ReadonlySet<string>;
  nodes: ReadonlySet<string>;
  wholeWanted: boolean;
  lastWholeAt: number;
}

/** What a refresh reads of the lists, given what is pending: pure, so it is tested as data. */
export function planLists(pending: ListPending, input: ListPlanInput): ListRead {
  const {previous} = input;
  const listed = previous ? previous.nodes.length + previous.services.length : 0;
  const named: NamedObjects = {services: [...new Set([...pending.services, ...(previous ? rollingOut(previous.services) : [])])], nodes: [...pending.nodes]};
  const whole =
    !previous ||
    !input.eventsUp ||
    !input.byName ||
    pending.wholeWanted ||
    // An engine without task counts in its services list has every task read with the lists.
    previous.services.some(service => service.ServiceStatus === undefined) ||
    named.services.length + named.nodes.length > MAX_NAMED_OBJECTS ||
    wholeListsDue(pending.lastWholeAt, input.now, listed, input.intervalMs);
  return whole ? {kind: 'whole'} : {kind: 'named', named};
}

/** What engine events named since the last refresh, and when the whole lists were last read. */
export class ListPacing {
  private services = new Set<string>();
  private nodes = new Set<string>();
  private wholeWanted = true;
  private lastWholeAt = Number.NEGATIVE_INFINITY;

  /** Events since the last refresh. None at all (a reconnected stream catching up) or another kind asks for the whole lists. */
  note(events: readonly EngineEvent[]): void {
    if (events.length === 0) this.wholeWanted = true;
    for (const event of events) {
      const id = event.Actor?.ID;
      if (id && event.Type === 'service') this.services.add(id);
      else if (id && event.Type === 'node') this.nodes.add(id);
      else this.wholeWanted = true;
    }
  }

  /** The next refresh reads the whole lists (the user asked, the manager changed). */
  wantWhole(): void {
    this.wholeWanted = true;
  }

  /** What is pending now, for planLists. */
  get pending(): ListPending {
    return {services: this.services, nodes: this.nodes, wholeWanted: this.wholeWanted, lastWholeAt: this.lastWholeAt};
  }

  /** A refresh takes `read` (planned from `pending`): what events named goes with it. */
  take(read: ListRead): void {
    this.services = new Set();
    this.nodes = new Set();
    if (read.kind === 'whole') this.wholeWanted = false;
  }

  /**
   * What this refresh reads. What events named is handed over with the plan; give it back
   * with `failed` if the read does not land, and report a whole read with `landedWhole`.
   */
  plan(input: ListPlanInput): ListRead {
    const read = planLists(this.pending, input);
    this.take(read);
    return read;
  }

  /** A whole read that started at `startedAt` landed. */
  landedWhole(startedAt: number): void {
    this.lastWholeAt = startedAt;
  }

  /** The read planned did not land: what it was to read is read next time. */
  failed(read: ListRead): void {
    if (read.kind === 'whole') {
      this.wholeWanted = true;
      return;
    }
    for (const id of read.named.services) this.services.add(id);
    for (const id of read.named.nodes) this.nodes.add(id);
  }
}
