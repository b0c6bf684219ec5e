// The subset of the Engine API's swarm objects that swarmtop reads. Field names
// follow the API exactly so recorded fixtures and live responses fit unchanged.

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
    Role: 'manager' | 'worker';
    Availability: 'active' | 'pause' | 'drain';
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

export interface ServiceSpec {
  Name: string;
  Labels?: Record<string, string>;
  TaskTemplate: {
    ContainerSpec?: {
      Image?: string;
      Args?: string[];
      Command?: string[];
      Env?: string[];
      TTY?: boolean;
    };
    Placement?: {
      Constraints?: string[];
      MaxReplicas?: number;
    };
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

export type UpdateState =
  | 'updating'
  | 'paused'
  | 'completed'
  | 'rollback_started'
  | 'rollback_paused'
  | 'rollback_completed';

export interface SwarmService {
  ID: string;
  Version: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: ServiceSpec;
  PreviousSpec?: ServiceSpec;
  Endpoint?: {Spec?: {Ports?: PortConfig[]}; Ports?: PortConfig[]};
  UpdateStatus?: {
    State?: UpdateState;
    StartedAt?: string;
    CompletedAt?: string;
    Message?: string;
  };
  /** Task counts the engine keeps per service; listed with `status=true` (API 1.41+). */
  ServiceStatus?: {RunningTasks: number; DesiredTasks: number; CompletedTasks?: number};
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

export interface SwarmTask {
  ID: string;
  Version: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Name?: string;
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState: TaskState;
  Spec?: {
    ContainerSpec?: {Image?: string};
  };
  Status: {
    Timestamp?: string;
    State: TaskState;
    Message?: string;
    Err?: string;
    ContainerStatus?: {ContainerID?: string; ExitCode?: number};
  };
}

/** One consistent read of the swarm: what every pane is drawn from. */
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

export interface SwarmSnapshot {
  nodes: SwarmNode[];
  services: SwarmService[];
  /** The tasks in `taskScope`, history included. */
  tasks: SwarmTask[];
  /** Absent: every task of the swarm. */
  taskScope?: TaskScope;
}
