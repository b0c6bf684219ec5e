// The Engine API objects the simulator serves, in full: every field a real
// manager sends (see test/fixtures/lab/*.json), not just the ones swarmtop
// reads, so the honesty test can hold the simulator to the real shapes.
// Optional fields are the ones the engine omits when empty.

export type Labels = Record<string, string>;

export interface EngineObjectVersion {
  Index: number;
}

export interface EngineMeta {
  ID: string;
  Version: EngineObjectVersion;
  CreatedAt: string;
  UpdatedAt: string;
}

export type NodeRole = 'manager' | 'worker';
export type NodeAvailability = 'active' | 'pause' | 'drain';
export type NodeState = 'unknown' | 'down' | 'ready' | 'disconnected';

export interface EngineTlsInfo {
  TrustRoot: string;
  CertIssuerSubject: string;
  CertIssuerPublicKey: string;
}

export interface EngineNodeSpec {
  Name?: string;
  Labels: Labels;
  Role: NodeRole;
  Availability: NodeAvailability;
}

export interface EngineNode extends EngineMeta {
  Spec: EngineNodeSpec;
  Description: {
    Hostname: string;
    Platform: {Architecture: string; OS: string};
    Resources: {NanoCPUs: number; MemoryBytes: number};
    Engine: {EngineVersion: string; Labels?: Labels; Plugins: Array<{Type: string; Name: string}>};
    TLSInfo: EngineTlsInfo;
  };
  Status: {State: NodeState; Message?: string; Addr: string};
  ManagerStatus?: {Leader?: boolean; Reachability: 'unknown' | 'unreachable' | 'reachable'; Addr: string};
}

export interface EnginePort {
  Name?: string;
  Protocol: 'tcp' | 'udp' | 'sctp';
  TargetPort: number;
  PublishedPort?: number;
  PublishMode: 'ingress' | 'host';
}

export interface EngineUpdateConfig {
  Parallelism: number;
  Delay?: number;
  FailureAction?: 'pause' | 'continue' | 'rollback';
  Monitor?: number;
  MaxFailureRatio?: number;
  Order?: 'stop-first' | 'start-first';
}

export interface EngineContainerSpec {
  Image: string;
  Labels?: Labels;
  Command?: string[];
  Args?: string[];
  Hostname?: string;
  Env?: string[];
  Dir?: string;
  User?: string;
  TTY?: boolean;
  Init: boolean;
  StopGracePeriod?: number;
  DNSConfig: Record<string, unknown>;
  Isolation: string;
  Secrets?: EngineFileReference<{SecretID: string; SecretName: string}>[];
  Configs?: EngineFileReference<{ConfigID: string; ConfigName: string}>[];
  Mounts?: Array<{Type: 'volume'; Source: string; Target: string}>;
}

/** A secret or config as a container sees it: a file at File.Name, owned and moded as given. */
export type EngineFileReference<Ref> = Ref & {File: {Name: string; UID: string; GID: string; Mode: number}};

export interface EngineResources {
  NanoCPUs?: number;
  MemoryBytes?: number;
}

export interface EngineTaskSpec {
  ContainerSpec: EngineContainerSpec;
  Resources: {Limits: EngineResources; Reservations: EngineResources};
  RestartPolicy?: {Condition: 'none' | 'on-failure' | 'any'; Delay?: number; MaxAttempts?: number; Window?: number};
  Placement: {
    Constraints?: string[];
    Preferences?: Array<{Spread: {SpreadDescriptor: string}}>;
    MaxReplicas?: number;
    Platforms?: Array<{Architecture: string; OS: string}>;
  };
  Networks?: Array<{Target: string; Aliases?: string[]}>;
  ForceUpdate: number;
  // Services carry it; the copy inside each task does not.
  Runtime?: string;
}

export interface EngineServiceSpec {
  Name: string;
  Labels: Labels;
  TaskTemplate: EngineTaskSpec;
  Mode:
    | {Replicated: {Replicas: number}}
    | {Global: Record<string, never>}
    | {ReplicatedJob: {MaxConcurrent: number; TotalCompletions: number}}
    | {GlobalJob: Record<string, never>};
  UpdateConfig?: EngineUpdateConfig;
  RollbackConfig?: EngineUpdateConfig;
  EndpointSpec: {Mode: 'vip' | 'dnsrr'; Ports?: EnginePort[]};
}

export type UpdateState = 'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed';

export interface EngineUpdateStatus {
  State: UpdateState;
  StartedAt?: string;
  CompletedAt?: string;
  Message: string;
}

export interface EngineService extends EngineMeta {
  Spec: EngineServiceSpec;
  PreviousSpec?: EngineServiceSpec;
  Endpoint: {
    Spec: {Mode?: 'vip' | 'dnsrr'; Ports?: EnginePort[]};
    Ports?: EnginePort[];
    VirtualIPs?: Array<{NetworkID: string; Addr: string}>;
  };
  UpdateStatus?: EngineUpdateStatus;
  /** A job's run: each spec change starts the next iteration. */
  JobStatus?: {JobIteration: {Index: number}; LastExecution: string};
}

export interface EngineServiceStatus {
  RunningTasks: number;
  DesiredTasks: number;
  CompletedTasks: number;
}

export type {TaskState} from '../docker/types.js';
import type {TaskState} from '../docker/types.js';

export interface EngineTaskStatus {
  Timestamp: string;
  State: TaskState;
  Message: string;
  Err?: string;
  ContainerStatus?: {ContainerID: string; PID: number; ExitCode: number};
  PortStatus: {Ports?: EnginePort[]};
}

export interface EngineNetwork extends EngineMeta {
  Spec: {
    Name: string;
    Labels: Labels;
    DriverConfiguration: {Name?: string};
    Ingress?: boolean;
    Attachable?: boolean;
    IPAMOptions: {Driver: {Name?: string}};
    Scope: 'swarm';
  };
  DriverState: {Name: string; Options: Labels};
  IPAMOptions: {Driver: {Name: string}; Configs: Array<{Subnet: string; Gateway: string}>};
}

export interface EngineTask extends EngineMeta {
  Labels: Labels;
  Spec: EngineTaskSpec;
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  Status: EngineTaskStatus;
  DesiredState: TaskState;
  NetworksAttachments?: Array<{Network: EngineNetwork; Addresses: string[]}>;
}

export interface EngineEvent {
  Type: 'service' | 'node';
  Action: 'create' | 'update' | 'remove';
  Actor: {ID: string; Attributes: Labels};
  scope: 'swarm';
  time: number;
  /** Unix nanoseconds as digits: JSON numbers that large lose precision in JavaScript. */
  timeNano: string;
}
