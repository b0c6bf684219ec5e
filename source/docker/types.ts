// The subset of the Engine API's swarm objects that swarmtop reads. Field names
// follow the API exactly so recorded fixtures and live responses fit unchanged.

import type {ReachSnapshot} from './reach.js';
import type {DecodedListName, SetAside} from './decode/set-aside.js';
import type {OptionalName, SnapshotReads} from './lists.js';

export interface ObjectVersion {
  Index: number;
}

export interface Platform {
  Architecture?: string;
  OS?: string;
}

export interface SwarmNode {
  ID: string;
  Version: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: {
    Name?: string;
    Labels?: Record<string, string>;
    /** 'unknown': the engine sent no role we know (see decode/node.ts). */
    Role: 'manager' | 'worker' | 'unknown';
    /** 'unknown': the engine sent no availability we know. */
    Availability: 'active' | 'pause' | 'drain' | 'unknown';
  };
  Description?: {
    Hostname?: string;
    Platform?: Platform;
    Resources?: {NanoCPUs?: number; MemoryBytes?: number};
    Engine?: {EngineVersion?: string; Labels?: Record<string, string>};
  };
  Status: {
    State: 'unknown' | 'down' | 'ready' | 'disconnected';
    Message?: string;
    Addr?: string;
  };
  ManagerStatus?: {
    Leader?: boolean;
    Reachability?: 'unknown' | 'unreachable' | 'reachable';
    Addr?: string;
  };
}

export interface PortConfig {
  Name?: string;
  Protocol?: 'tcp' | 'udp' | 'sctp';
  TargetPort?: number;
  PublishedPort?: number;
  PublishMode?: 'ingress' | 'host';
}

export interface UpdateConfig {
  Parallelism?: number;
  Delay?: number;
  FailureAction?: string;
  Monitor?: number;
  MaxFailureRatio?: number;
  Order?: string;
}

export interface Mount {
  Type?: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster';
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
}

export interface SecretReference {
  File?: {Name?: string; UID?: string; GID?: string; Mode?: number};
  SecretID: string;
  SecretName?: string;
}

export interface ConfigReference {
  File?: {Name?: string; UID?: string; GID?: string; Mode?: number};
  Runtime?: Record<string, never>;
  ConfigID: string;
  ConfigName?: string;
}

/** A service's attachment to a network: `Target` is the network's ID (or, as sent at creation, its name). */
export interface NetworkAttachment {
  Target: string;
  Aliases?: string[];
}

export interface ServiceSpec {
  Name: string;
  Labels?: Record<string, string>;
  TaskTemplate: {
    ContainerSpec?: {
      Image?: string;
      Labels?: Record<string, string>;
      Args?: string[];
      Command?: string[];
      Env?: string[];
      Dir?: string;
      User?: string;
      Hostname?: string;
      TTY?: boolean;
      Mounts?: Mount[];
      Secrets?: SecretReference[];
      Configs?: ConfigReference[];
    };
    Resources?: {
      Limits?: {NanoCPUs?: number; MemoryBytes?: number; Pids?: number};
      Reservations?: {NanoCPUs?: number; MemoryBytes?: number};
    };
    RestartPolicy?: {Condition?: string; Delay?: number; MaxAttempts?: number; Window?: number};
    Placement?: {
      Constraints?: string[];
      Preferences?: Array<{Spread?: {SpreadDescriptor?: string}}>;
      MaxReplicas?: number;
      /** Platforms the image runs on; the CLI fills it in when it resolves the image. */
      Platforms?: Platform[];
    };
    Networks?: NetworkAttachment[];
    ForceUpdate?: number;
  };
  Mode: {
    Replicated?: {Replicas?: number};
    Global?: Record<string, never>;
    ReplicatedJob?: {MaxConcurrent?: number; TotalCompletions?: number};
    GlobalJob?: Record<string, never>;
  };
  UpdateConfig?: UpdateConfig;
  RollbackConfig?: UpdateConfig;
  EndpointSpec?: {Mode?: string; Ports?: PortConfig[]};
}

export type UpdateState = 'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed';

export interface SwarmService {
  ID: string;
  Version: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: ServiceSpec;
  PreviousSpec?: ServiceSpec;
  Endpoint?: {Spec?: {Ports?: PortConfig[]}; Ports?: PortConfig[]; VirtualIPs?: Array<{NetworkID?: string; Addr?: string}>};
  UpdateStatus?: {
    State?: UpdateState;
    StartedAt?: string;
    CompletedAt?: string;
    Message?: string;
  };
  /** Task counts the engine keeps per service; listed with `status=true` (API 1.41+). */
  ServiceStatus?: {RunningTasks: number; DesiredTasks: number; CompletedTasks?: number};
  /** A job's runs: each forced update (or other spec change) starts a new iteration. */
  JobStatus?: {
    JobIteration?: ObjectVersion;
    /** When the engine last started the job (RFC 3339). */
    LastExecution?: string;
  };
}

export type TaskState =
  | 'new'
  | 'allocated'
  | 'pending'
  | 'assigned'
  | 'accepted'
  | 'preparing'
  | 'ready'
  | 'starting'
  | 'running'
  | 'complete'
  | 'shutdown'
  | 'failed'
  | 'rejected'
  | 'remove'
  | 'orphaned';

/** A task's state as read: 'unknown' when the engine sent none we know (see decode/task.ts). */
export type TaskStateRead = TaskState | 'unknown';

export interface SwarmTask {
  ID: string;
  Version: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Name?: string;
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState: TaskStateRead;
  Spec?: {
    ContainerSpec?: {Image?: string};
    /** Copied from the service's TaskTemplate: a forced update (restart) changes only this. */
    ForceUpdate?: number;
    /** The reservations the scheduler counted against the task's node. */
    Resources?: {Reservations?: {NanoCPUs?: number; MemoryBytes?: number}};
  };
  Status: {
    Timestamp?: string;
    State: TaskStateRead;
    Message?: string;
    Err?: string;
    ContainerStatus?: {ContainerID?: string; ExitCode?: number};
  };
}

/** A network as GET /networks lists it (note `Id`, not `ID`, as the API spells it). */
export interface SwarmNetwork {
  Name: string;
  Id: string;
  Created?: string;
  Scope?: string;
  Driver?: string;
  EnableIPv6?: boolean;
  IPAM?: {Driver?: string; Config?: Array<{Subnet?: string; Gateway?: string; IPRange?: string}>};
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  Options?: Record<string, string>;
  Labels?: Record<string, string>;
}

/** One volume of GET /volumes: a node's local volume, or (API 1.42+, on a manager) a cluster (CSI) volume. */
export interface SwarmVolume {
  Name: string;
  Driver: string;
  Mountpoint?: string;
  CreatedAt?: string;
  /** "local" (one node's) or "global" (a cluster volume, any node may publish it). */
  Scope?: string;
  Options?: Record<string, string>;
  Labels?: Record<string, string>;
  /** A cluster (CSI) volume's state, as the manager keeps it. */
  ClusterVolume?: {
    ID?: string;
    Spec?: {Group?: string; AccessMode?: {Scope?: string; Sharing?: string}; Availability?: string};
    PublishStatus?: Array<{NodeID?: string; State?: string}>;
  };
}

export interface SwarmSecret {
  ID: string;
  Version: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  /** The API never returns a secret's data. */
  Spec: {Name: string; Labels?: Record<string, string>; Driver?: {Name?: string}; Templating?: {Name?: string}};
}

export interface SwarmConfig {
  ID: string;
  Version: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  /** `Data` is the content, base64-encoded. */
  Spec: {Name: string; Labels?: Record<string, string>; Data?: string; Templating?: {Name?: string}};
}

/** GET /swarm on a manager: the cluster's settings, CA and join tokens. */
export interface SwarmInfo {
  ID: string;
  Version?: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: {
    Name?: string;
    Labels?: Record<string, string>;
    Orchestration?: {TaskHistoryRetentionLimit?: number};
    Raft?: {
      SnapshotInterval?: number;
      KeepOldSnapshots?: number;
      LogEntriesForSlowFollowers?: number;
      ElectionTick?: number;
      HeartbeatTick?: number;
    };
    Dispatcher?: {HeartbeatPeriod?: number};
    CAConfig?: {NodeCertExpiry?: number; ExternalCAs?: Array<{Protocol?: string; URL?: string}>};
    EncryptionConfig?: {AutoLockManagers?: boolean};
    TaskDefaults?: {LogDriver?: {Name?: string}};
  };
  TLSInfo?: {TrustRoot?: string; CertIssuerSubject?: string; CertIssuerPublicKey?: string};
  RootRotationInProgress?: boolean;
  DataPathPort?: number;
  DefaultAddrPool?: string[];
  SubnetSize?: number;
  JoinTokens?: {Worker?: string; Manager?: string};
}

/**
 * Which tasks a read asked for. Every task of a large swarm is tens of megabytes of
 * JSON, so a refresh reads only what the pane on screen needs.
 */
export type TaskScope =
  | {kind: 'all'}
  | {kind: 'none'}
  /** Tasks whose desired state is running: enough to count what runs on each node. */
  | {kind: 'running'}
  | {kind: 'service'; serviceId: string}
  | {kind: 'node'; nodeId: string};

/**
 * One consistent read of the swarm: what every pane is drawn from. Its reads (nodes,
 * services, tasks, networks, …) are one field each of docker/lists.ts's records.
 */
export interface SwarmSnapshot extends SnapshotReads {
  /** Why a read beside nodes, services and tasks failed (a proxy refusing /secrets, say): its pane says so. */
  unreadable?: Partial<Record<OptionalName, string>>;
  /** Objects of a list that could not be read (no ID, no Spec, not an object), set aside and counted: the pane names them. */
  setAside?: Partial<Record<DecodedListName, SetAside>>;
  /** Absent: every task of the swarm. */
  taskScope?: TaskScope;
  /** The events received so far (the events pane); carried from one read to the next. */
  events?: SwarmEventLog;
  /** Stats, health and reach read from each node's own engine (--nodes-via); absent when none were read. */
  reach?: ReachSnapshot;
}

/** One event of the engine's stream as the events pane lists it. */
export interface SwarmEventRow {
  /** Order of arrival, from 1: the row's identity. */
  seq: number;
  /** When the engine says it happened (ms since epoch). */
  time: number;
  type: string;
  action: string;
  /** The object's name (or, without one, its short ID). */
  name: string;
  id: string;
  /** Its key attributes, "replicas 2→3", "image lab/busybox:2", "exitCode 137". */
  attributes: string;
  /** A container event's task: its service ID, slot (or node, for a global task) and exit code. */
  task?: {serviceId: string; slot?: number; nodeId?: string; exitCode?: number};
}

/** The last events received, oldest first, at most `capacity` of them. */
export interface SwarmEventLog {
  rows: readonly SwarmEventRow[];
  capacity: number;
  /** The sequence number of the newest row. */
  newest: number;
}
