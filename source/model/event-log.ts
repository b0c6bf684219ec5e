// The events pane's ring: every event the stream delivers, said as a row (time,
// type, action, name, key attributes), the newest `capacity` kept. It lives in the
// snapshot so the pane draws from one place; a refresh carries it over.
import type {EngineEvent} from '../docker/events.js';
import type {SwarmEventLog, SwarmEventRow} from '../docker/types.js';
import type {ClusterStore} from './cluster-store.js';

export const DEFAULT_EVENT_CAPACITY = 1000;

// Attributes worth a glance, per type; the rest (labels) stay in the raw event.
const keyAttributes: Record<string, string[]> = {
  service: ['replicas.old', 'replicas.new', 'image.old', 'image.new', 'updatestate.old', 'updatestate.new'],
  node: ['state.old', 'state.new', 'availability.old', 'availability.new', 'role.old', 'role.new'],
  // A task's container is named after the task already.
  container: ['image', 'exitCode', 'signal'],
  network: ['type', 'container'],
  secret: [],
  config: [],
};

/** "replicas 2→3 · image lab/busybox:1→lab/busybox:2 · exitCode 137". */
export function eventAttributes(event: EngineEvent): string {
  const attributes = event.Actor?.Attributes ?? {};
  // Own keys only: an engine's event type may be "constructor" or "__proto__".
  const wanted = Object.hasOwn(keyAttributes, event.Type) ? keyAttributes[event.Type]! : [];
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const key of wanted) {
    const base = key.replace(/\.(old|new)$/, '');
    if (seen.has(base)) continue;
    const old = attributes[`${base}.old`];
    const now = attributes[`${base}.new`];
    if (old !== undefined || now !== undefined) {
      seen.add(base);
      parts.push(old !== undefined && now !== undefined ? `${base} ${old}→${now}` : `${base} ${now ?? old}`);
    } else if (attributes[key] !== undefined) {
      seen.add(key);
      parts.push(`${key.replace(/^com\.docker\.swarm\./, '')} ${attributes[key]}`);
    }
  }
  return parts.join(' · ');
}

export function eventRow(event: EngineEvent, seq: number): SwarmEventRow {
  const time = event.timeNano ? Math.floor(event.timeNano / 1e6) : (event.time ?? 0) * 1000;
  const id = event.Actor?.ID ?? '';
  return {
    seq,
    time,
    type: event.Type,
    action: event.Action,
    name: event.Actor?.Attributes?.['name'] ?? id.slice(0, 12),
    id,
    attributes: eventAttributes(event),
    ...(event.Type === 'container' && taskOf(event.Actor?.Attributes ?? {})),
  };
}

/** The swarm task a container belongs to, from the labels the engine puts on it ("crashy.1.<task id>"). */
function taskOf(attributes: Record<string, string>): Pick<SwarmEventRow, 'task'> | undefined {
  const serviceId = attributes['com.docker.swarm.service.id'];
  if (!serviceId) return undefined;
  const slot = /\.(\d+)\.[^.]+$/.exec(attributes['com.docker.swarm.task.name'] ?? '')?.[1];
  const exitCode = attributes['exitCode'] === undefined ? undefined : Number(attributes['exitCode']);
  return {task: {serviceId, ...(slot ? {slot: Number(slot)} : {nodeId: attributes['com.docker.swarm.node.id']}), ...(exitCode !== undefined && {exitCode})}};
}

/** The log with `events` added, the oldest dropped past its capacity. */
export function appendEvents(log: SwarmEventLog | undefined, events: readonly EngineEvent[], capacity = DEFAULT_EVENT_CAPACITY): SwarmEventLog {
  let newest = log?.newest ?? 0;
  const added = events.map(event => eventRow(event, ++newest));
  const rows = [...(log?.rows ?? []), ...added];
  const limit = log?.capacity ?? capacity;
  return {rows: rows.length > limit ? rows.slice(rows.length - limit) : rows, capacity: limit, newest};
}

/** Puts events into the snapshot's ring. Before the first read there is no snapshot: they are not kept. */
export function recordEvents(store: ClusterStore, events: readonly EngineEvent[], capacity = DEFAULT_EVENT_CAPACITY): void {
  const {snapshot} = store.getState();
  if (!snapshot || events.length === 0) return;
  store.setState({snapshot: {...snapshot, events: appendEvents(snapshot.events, events, capacity)}});
}

/** Container events worth listing: a container's life, not every exec and attach. */
export const containerActions: ReadonlySet<string> = new Set(['create', 'start', 'die', 'kill', 'oom', 'stop', 'destroy', 'health_status: unhealthy']);
