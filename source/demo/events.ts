// The engine's event log for swarm objects: what `docker events` shows for
// services and nodes. The real daemon keeps only the last 256 events for
// `since` replays and derives update attributes by diffing old and new object
// (daemon/events.go); both behaviours are kept here.

import type {EngineEvent, EngineNode, EngineService, Labels} from './engine-types.js';
import type {Stamp} from './time.js';
import {unixNanoDigits} from './time.js';

export const ENGINE_EVENT_HISTORY = 256;

export interface LoggedEvent {
  event: EngineEvent;
  /** Simulation time in ms, for since/until. */
  atMs: number;
  json: string;
}

export class EventLog {
  private buffer: LoggedEvent[] = [];
  private listeners = new Set<(logged: LoggedEvent) => void>();
  private total = 0;

  constructor(private readonly limit = ENGINE_EVENT_HISTORY) {}

  /** Every event ever published, including those that fell out of the replay buffer. */
  get published(): number {
    return this.total;
  }

  publish(event: EngineEvent, atMs: number): void {
    const logged: LoggedEvent = {event, atMs, json: serializeEvent(event)};
    this.total++;
    this.buffer.push(logged);
    if (this.buffer.length > this.limit) this.buffer.splice(0, this.buffer.length - this.limit);
    for (const listener of this.listeners) listener(logged);
  }

  recent(): readonly LoggedEvent[] {
    return this.buffer;
  }

  subscribe(listener: (logged: LoggedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function serializeEvent(event: EngineEvent): string {
  const {timeNano, ...rest} = event;
  // timeNano goes in as raw digits: it is an int64 the engine prints exactly.
  return JSON.stringify(rest).slice(0, -1) + `,"timeNano":${timeNano}}`;
}

export function makeEvent(type: EngineEvent['Type'], action: EngineEvent['Action'], id: string, attributes: Labels, stamp: Stamp): EngineEvent {
  return {
    Type: type,
    Action: action,
    Actor: {ID: id, Attributes: attributes},
    scope: 'swarm',
    time: Math.floor(stamp.ms / 1000),
    timeNano: unixNanoDigits(stamp.ms, stamp.subMsNanos),
  };
}

/** The parts of a service an update event reports on when they change. */
export interface ServiceEventView {
  image: string;
  replicas: number | undefined;
  updateState: string | undefined;
}

export function serviceEventView(service: EngineService): ServiceEventView {
  const mode = service.Spec.Mode;
  return {
    image: service.Spec.TaskTemplate.ContainerSpec.Image,
    replicas: 'Replicated' in mode ? mode.Replicated.Replicas : undefined,
    updateState: service.UpdateStatus?.State,
  };
}

export function serviceUpdateAttributes(name: string, before: ServiceEventView, after: ServiceEventView): Labels {
  const attributes: Labels = {name};
  if (before.image !== after.image) {
    attributes['image.old'] = before.image;
    attributes['image.new'] = after.image;
  }
  if (before.replicas !== undefined && after.replicas !== undefined && before.replicas !== after.replicas) {
    attributes['replicas.old'] = String(before.replicas);
    attributes['replicas.new'] = String(after.replicas);
  }
  if (after.updateState !== undefined) {
    if (before.updateState === undefined) attributes['updatestate.new'] = after.updateState;
    else if (before.updateState !== after.updateState) {
      attributes['updatestate.old'] = before.updateState;
      attributes['updatestate.new'] = after.updateState;
    }
  }
  return attributes;
}

export interface NodeEventView {
  availability: string;
  role: string;
  state: string;
  leader: boolean | undefined;
  reachability: string | undefined;
}

export function nodeEventView(node: EngineNode): NodeEventView {
  return {
    availability: node.Spec.Availability,
    // The event reports the role the node has, not the one asked for.
    role: node.ManagerStatus ? 'manager' : 'worker',
    state: node.Status.State,
    leader: node.ManagerStatus ? Boolean(node.ManagerStatus.Leader) : undefined,
    reachability: node.ManagerStatus?.Reachability,
  };
}

export function nodeUpdateAttributes(name: string, before: NodeEventView, after: NodeEventView): Labels {
  const attributes: Labels = {name};
  const pairs: Array<[string, string | undefined, string | undefined]> = [
    ['availability', before.availability, after.availability],
    ['role', before.role, after.role],
    ['state', before.state, after.state],
  ];
  // Leadership and reachability are only compared while the node is a manager before and after.
  if (before.leader !== undefined && after.leader !== undefined) {
    pairs.push(['leader', String(before.leader), String(after.leader)], ['reachability', before.reachability, after.reachability]);
  }
  for (const [key, old, now] of pairs) {
    if (old !== now && old !== undefined && now !== undefined) {
      attributes[`${key}.old`] = old;
      attributes[`${key}.new`] = now;
    }
  }
  return attributes;
}

/** Engine filter semantics for events: values of one key are OR-ed, keys are AND-ed. */
export function eventMatches(event: EngineEvent, filters: ReadonlyMap<string, readonly string[]>): boolean {
  for (const [key, values] of filters) {
    if (values.length === 0) continue;
    const ok = values.some(value => {
      switch (key) {
        case 'type':
          return event.Type === value;
        case 'event':
          return event.Action === value;
        case 'scope':
          return event.scope === value;
        case 'service':
        case 'node':
          return event.Type === key && (event.Actor.ID === value || event.Actor.Attributes['name'] === value);
        case 'label': {
          const [name, expected] = value.split('=', 2);
          const actual = event.Actor.Attributes[name!];
          return actual !== undefined && (expected === undefined || actual === expected);
        }
        default:
          // container=, image=, network=… name objects the simulator never emits events for.
          return false;
      }
    });
    if (!ok) return false;
  }
  return true;
}
