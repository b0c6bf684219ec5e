// A service of GET /services (and /services/{id}). Without an ID or a Spec there is
// no row to draw. Fields not declared in types.ts pass unchanged: the spec is shown
// as YAML and, on `e`, sent back to the engine, so nothing it holds may be lost.

import type {ConfigReference, Mount, NetworkAttachment, PortConfig, SecretReference, ServiceSpec, SwarmService, UpdateConfig} from '../types.js';
import {type Guard, bool, isObject, listOf, num, object, oneOf, requiring, shape, str, strings} from './guards.js';
import {platform, text, unreadable, version} from './common.js';
import type {ElementDecoder} from './set-aside.js';

type Template = ServiceSpec['TaskTemplate'];
type ContainerSpec = NonNullable<Template['ContainerSpec']>;
type Placement = NonNullable<Template['Placement']>;

const texts = listOf(str);
const empty: Guard<Record<string, never>> = value => (isObject(value) ? (value as Record<string, never>) : undefined);

const fileReference = shape<NonNullable<SecretReference['File']>>({Name: str, UID: str, GID: str, Mode: num});

const mount = shape<Mount>({Type: oneOf(['bind', 'volume', 'tmpfs', 'npipe', 'cluster']), Source: str, Target: str, ReadOnly: bool});

// A reference without the ID it refers to names nothing: left out of the list.
const secretReference = requiring('SecretID', shape<SecretReference>({File: fileReference, SecretID: text, SecretName: str}));
const configReference = requiring('ConfigID', shape<ConfigReference>({File: fileReference, Runtime: empty, ConfigID: text, ConfigName: str}));
const networkAttachment = requiring('Target', shape<NetworkAttachment>({Target: text, Aliases: texts}));

export const port = shape<PortConfig>({
  Name: str,
  Protocol: oneOf(['tcp', 'udp', 'sctp']),
  TargetPort: num,
  PublishedPort: num,
  PublishMode: oneOf(['ingress', 'host']),
});
const ports = listOf(port);

const containerSpec = shape<ContainerSpec>({
  Image: str,
  Labels: strings,
  Args: texts,
  Command: texts,
  Env: texts,
  Dir: str,
  User: str,
  Hostname: str,
  TTY: bool,
  Mounts: listOf(mount),
  Secrets: listOf(secretReference),
  Configs: listOf(configReference),
});

const placement = shape<Placement>({
  Constraints: texts,
  Preferences: listOf(shape<NonNullable<Placement['Preferences']>[number]>({Spread: shape({SpreadDescriptor: str})})),
  MaxReplicas: num,
  Platforms: listOf(platform),
});

const resources = shape<NonNullable<Template['Resources']>>({
  Limits: shape({NanoCPUs: num, MemoryBytes: num, Pids: num}),
  Reservations: shape({NanoCPUs: num, MemoryBytes: num}),
});

const taskTemplate = object<Template>(
  {
    ContainerSpec: containerSpec,
    Resources: resources,
    RestartPolicy: shape({Condition: str, Delay: num, MaxAttempts: num, Window: num}),
    Placement: placement,
    Networks: listOf(networkAttachment),
    ForceUpdate: num,
  },
  () => ({}),
);

const mode = object<ServiceSpec['Mode']>(
  {
    Replicated: shape({Replicas: num}),
    Global: empty,
    ReplicatedJob: shape({MaxConcurrent: num, TotalCompletions: num}),
    GlobalJob: empty,
  },
  () => ({}),
);

const updateConfig = shape<UpdateConfig>({Parallelism: num, Delay: num, FailureAction: str, Monitor: num, MaxFailureRatio: num, Order: str});

export const serviceSpec = shape<ServiceSpec>({
  Name: text,
  Labels: strings,
  TaskTemplate: taskTemplate,
  Mode: mode,
  UpdateConfig: updateConfig,
  RollbackConfig: updateConfig,
  EndpointSpec: shape({Mode: str, Ports: ports}),
});

const endpoint = shape<NonNullable<SwarmService['Endpoint']>>({
  Spec: shape({Ports: ports}),
  Ports: ports,
  VirtualIPs: listOf(shape({NetworkID: str, Addr: str})),
});

const updateStatus = shape<NonNullable<SwarmService['UpdateStatus']>>({
  State: oneOf(['updating', 'paused', 'completed', 'rollback_started', 'rollback_paused', 'rollback_completed']),
  StartedAt: str,
  CompletedAt: str,
  Message: str,
});

// Counts that are not numbers are no counts: the pane then derives replicas from the tasks.
const serviceStatus: Guard<NonNullable<SwarmService['ServiceStatus']>> = value =>
  isObject(value) && num(value.RunningTasks) !== undefined && num(value.DesiredTasks) !== undefined
    ? shape<NonNullable<SwarmService['ServiceStatus']>>({RunningTasks: value => num(value) ?? 0, DesiredTasks: value => num(value) ?? 0, CompletedTasks: num})(
        value,
      )
    : undefined;

// The engine leaves a zero Index out (Go's omitempty): an iteration without one is the
// first, 0. One whose Index is not a number counts nothing and is left out.
const iteration: Guard<{Index: number}> = value => {
  if (!isObject(value)) return undefined;
  const index = value.Index === undefined ? 0 : num(value.Index);
  return index === undefined ? undefined : {Index: index};
};
const jobStatus = shape<NonNullable<SwarmService['JobStatus']>>({JobIteration: iteration, LastExecution: str});

const fields = shape<SwarmService>({
  ID: text,
  Version: version,
  CreatedAt: str,
  UpdatedAt: str,
  Spec: value => serviceSpec(value) ?? {Name: '', TaskTemplate: {}, Mode: {}},
  PreviousSpec: serviceSpec,
  Endpoint: endpoint,
  UpdateStatus: updateStatus,
  ServiceStatus: serviceStatus,
  JobStatus: jobStatus,
});

export const decodeService: ElementDecoder<SwarmService> = value => unreadable(value, 'ID', true) ?? fields(value)!;
