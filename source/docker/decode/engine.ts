// What an engine says about itself and its containers: /version and /info (the
// handshake, and each node's own engine), the containers a node lists, a
// container's stats and state, and its events. Every field is optional here, so a
// wrong one is simply left out and the caller's default applies.

import type {ContainerStateReading, ContainerStatsReading} from '../node-engine.js';
import {type Guard, bool, isObject, listOf, num, shape, str, strings} from './guards.js';

export interface EngineVersion {
  Version?: string;
  ApiVersion?: string;
  MinAPIVersion?: string;
}

export interface EngineInfo {
  Name?: string;
  NCPU?: number;
  MemTotal?: number;
  Swarm?: {
    NodeID?: string;
    LocalNodeState?: string;
    ControlAvailable?: boolean;
    Error?: string;
    RemoteManagers?: Array<{NodeID?: string; Addr?: string}>;
  };
}

const NOTHING = {};

/** Not an object at all: read as an answer that says nothing. */
function orEmpty<T>(guard: Guard<T>): (value: unknown) => T {
  return value => guard(value) ?? (NOTHING as T);
}

export const decodeVersion = orEmpty(shape<EngineVersion>({Version: str, ApiVersion: str, MinAPIVersion: str}));

export const decodeInfo = orEmpty(
  shape<EngineInfo>({
    Name: str,
    NCPU: num,
    MemTotal: num,
    Swarm: shape({NodeID: str, LocalNodeState: str, ControlAvailable: bool, Error: str, RemoteManagers: listOf(shape({NodeID: str, Addr: str}))}),
  }),
);

/** A container of GET /containers/json: its ID and labels. */
export interface ContainerListing {
  Id: string;
  Labels?: Record<string, string>;
}

const listing = shape<ContainerListing>({Id: value => (typeof value === 'string' ? value : ''), Labels: strings});

/** The containers a node lists; one without an ID names nothing and is left out. */
export function decodeContainerList(value: unknown): ContainerListing[] {
  if (!Array.isArray(value)) throw new Error('the engine answered /containers/json with something other than a list');
  return listOf<ContainerListing>(element => (isObject(element) && typeof element.Id === 'string' && element.Id ? listing(element) : undefined))(value) ?? [];
}

const numbers: Guard<Record<string, number>> = value => {
  if (!isObject(value)) return undefined;
  const read: Record<string, number> = {};
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'number' && Number.isFinite(entry)) read[key] = entry;
  return read;
};

const traffic = shape({rx_bytes: num, tx_bytes: num});

export const decodeStats = orEmpty(
  shape<ContainerStatsReading>({
    read: str,
    cpu_stats: shape({cpu_usage: shape({total_usage: num}), system_cpu_usage: num, online_cpus: num}),
    memory_stats: shape({usage: num, limit: num, stats: numbers}),
    networks: value => {
      if (!isObject(value)) return undefined;
      const read: Record<string, {rx_bytes?: number; tx_bytes?: number}> = {};
      for (const [key, entry] of Object.entries(value)) {
        const counted = traffic(entry);
        if (counted) read[key] = counted;
      }
      return read;
    },
  }),
);

type State = NonNullable<ContainerStateReading['State']>;
type Health = NonNullable<State['Health']>;

export const decodeContainerState = orEmpty(
  shape<ContainerStateReading>({
    State: shape<State>({
      Status: str,
      Running: bool,
      OOMKilled: bool,
      ExitCode: num,
      Error: str,
      StartedAt: str,
      FinishedAt: str,
      Health: shape<Health>({
        Status: str,
        FailingStreak: num,
        Log: listOf(shape<NonNullable<Health['Log']>[number]>({Start: str, End: str, ExitCode: num, Output: str})),
      }),
    }),
    RestartCount: num,
    HostConfig: shape({Memory: num, NanoCpus: num}),
  }),
);

/** A line of a node's event log: only the action is read. */
export const decodeEventAction = orEmpty(shape<{Action?: string; status?: string}>({Action: str, status: str}));

/** What an exec's inspect says of its end. */
export const decodeExecEnd = orEmpty(shape<{ExitCode?: number}>({ExitCode: num}));
