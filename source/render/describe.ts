// Human-readable summaries of swarm objects, in the spirit of
// `docker service inspect --pretty` and `docker node inspect --pretty`: plain
// lines, a field name and its value, sections indented under a heading. Pure:
// tested as data; the document screen makes every line inert when drawing it.

import {lastUpdateLines} from './last-update.js';
import type {SwarmConfig, SwarmNetwork, SwarmNode, SwarmSecret, SwarmService, SwarmSnapshot, SwarmTask, UpdateConfig} from '../docker/types.js';
import {type ClusterIndex, serviceMode} from '../model/cluster-index.js';
import {jobCountText, totalCompletions} from '../model/jobs.js';
import {jobFields} from './jobs.js';
import {updateSentence} from '../model/update-cause.js';
import {type Stack, objectUsers, stackOf} from '../model/object-users.js';
import {configContent} from './configs.js';
import {bytes, cpus, formatDuration} from './format.js';
import {networkFlags, networkSubnets, userNames} from './networks.js';
import {managerStatus, nodeName} from './nodes.js';
import {taskName} from './tasks.js';

type Lines = string[];

const INDENT = '  ';

/** `Name:  value` lines, values aligned; empty values are left out. */
function fields(pairs: Array<[string, string | number | boolean | undefined]>, indent = ''): Lines {
  const shown = pairs.filter(([, value]) => value !== undefined && value !== '');
  const width = Math.max(0, ...shown.map(([name]) => name.length)) + 2;
  return shown.map(([name, value]) => `${indent}${`${name}:`.padEnd(width)}${String(value)}`);
}

function section(title: string, body: Lines): Lines {
  return body.length > 0 ? ['', `${title}:`, ...body] : [];
}

/** A section a service always shows, saying so when it is empty rather than leaving it out. */
/** Names, one a line under a section's title. */
const indented = (names: readonly string[]): Lines => names.map(name => `${INDENT}${name}`);

function always(title: string, body: Lines, empty: string): Lines {
  return ['', `${title}:`, ...(body.length > 0 ? body : [`${INDENT}${empty}`])];
}

function labels(record: Record<string, string> | undefined, indent = INDENT): Lines {
  return Object.entries(record ?? {}).map(([key, value]) => `${indent}${key}=${value}`);
}

function seconds(ns: number | undefined): string | undefined {
  return ns === undefined ? undefined : formatDuration(ns) || '0s';
}

function updateConfigLines(config: UpdateConfig | undefined): Lines {
  if (!config) return [];
  return fields(
    [
      ['Parallelism', config.Parallelism],
      ['Delay', seconds(config.Delay)],
      ['On failure', config.FailureAction],
      ['Monitoring Period', seconds(config.Monitor)],
      ['Max failure ratio', config.MaxFailureRatio],
      ['Update order', config.Order],
    ],
    INDENT,
  );
}

function nameOfNetwork(id: string, networks: readonly SwarmNetwork[]): string {
  return networks.find(network => network.Id === id || network.Name === id)?.Name ?? id;
}

export function describeService(service: SwarmService, snapshot: SwarmSnapshot, index: ClusterIndex): Lines {
  const spec = service.Spec;
  const template = spec.TaskTemplate;
  const container = template.ContainerSpec ?? {};
  const health = index.healthByService.get(service.ID);
  const mode = serviceMode(service);
  const lines: Lines = fields([
    ['ID', service.ID],
    ['Name', spec.Name],
    ['Stack', stackOf(spec.Labels)],
    ['Mode', mode === 'replicated' ? 'Replicated' : mode],
    ['Replicas', spec.Mode.Replicated?.Replicas],
    ['MaxConcurrent', spec.Mode.ReplicatedJob ? (spec.Mode.ReplicatedJob.MaxConcurrent ?? 1) : undefined],
    ['TotalCompletions', spec.Mode.ReplicatedJob ? totalCompletions(service) : undefined],
    ['Tasks', health ? (health.job ? jobCountText(health.job) : `${health.running} running of ${health.desired} desired`) : undefined],
    ['Created', service.CreatedAt],
    ['Updated', service.UpdatedAt],
  ]);
  if (health?.job) lines.push(...section('Job', fields(jobFields(health.job), INDENT)));
  lines.push(...section('Labels', labels(spec.Labels)));
  if (service.UpdateStatus?.State) {
    lines.push(
      ...section(
        'UpdateStatus',
        fields(
          [
            ['Outcome', updateSentence(service, index.tasksByService.get(service.ID) ?? [], task => taskName(task, index))],
            ['State', service.UpdateStatus.State],
            ['Started', service.UpdateStatus.StartedAt],
            ['Completed', service.UpdateStatus.CompletedAt],
            ['Message', service.UpdateStatus.Message],
          ],
          INDENT,
        ),
      ),
    );
  }
  lines.push(...lastUpdateLines(service, INDENT));
  const placement = template.Placement;
  lines.push(
    ...always(
      'Placement',
      [
        ...(placement?.Constraints ?? []).map(constraint => `${INDENT}Constraint: ${constraint}`),
        ...(placement?.Preferences ?? []).map(preference => `${INDENT}Preference: spread=${preference.Spread?.SpreadDescriptor ?? ''}`),
        ...fields([['Max replicas per node', placement?.MaxReplicas || undefined]], INDENT),
      ],
      '(no constraints: any node)',
    ),
  );
  lines.push(...always('UpdateConfig', updateConfigLines(spec.UpdateConfig), '(not set: the engine defaults)'));
  lines.push(...always('RollbackConfig', updateConfigLines(spec.RollbackConfig), '(not set: the engine defaults)'));
  lines.push(
    ...section('ContainerSpec', [
      ...fields(
        [
          ['Image', container.Image],
          ['Command', container.Command?.join(' ')],
          ['Args', container.Args?.join(' ')],
          ['Dir', container.Dir],
          ['User', container.User],
          ['Hostname', container.Hostname],
          ['TTY', container.TTY || undefined],
        ],
        INDENT,
      ),
      ...(container.Env?.length ? [`${INDENT}Env:`, ...container.Env.map(entry => `${INDENT}${INDENT}${entry}`)] : []),
    ]),
  );
  lines.push(
    ...always(
      'Mounts',
      (container.Mounts ?? []).map(
        mount => `${INDENT}${mount.Type ?? 'volume'} ${mount.Source ?? '(anonymous)'} → ${mount.Target ?? ''}${mount.ReadOnly ? ' (read-only)' : ''}`,
      ),
      '(none)',
    ),
  );
  const limits = template.Resources?.Limits;
  const reservations = template.Resources?.Reservations;
  lines.push(
    ...always(
      'Resources',
      fields(
        [
          ['Limits CPU', cpus(limits?.NanoCPUs)],
          ['Limits Memory', bytes(limits?.MemoryBytes)],
          ['Limits Pids', limits?.Pids || undefined],
          ['Reservations CPU', cpus(reservations?.NanoCPUs)],
          ['Reservations Memory', bytes(reservations?.MemoryBytes)],
        ],
        INDENT,
      ),
      '(no limits or reservations)',
    ),
  );
  const restart = template.RestartPolicy;
  lines.push(
    ...section(
      'RestartPolicy',
      fields(
        [
          ['Condition', restart?.Condition],
          ['Delay', seconds(restart?.Delay)],
          ['Max attempts', restart?.MaxAttempts],
          ['Window', seconds(restart?.Window)],
        ],
        INDENT,
      ),
    ),
  );
  const networks = snapshot.networks ?? [];
  lines.push(
    ...always(
      'Networks',
      (template.Networks ?? []).map(attachment => {
        const aliases = attachment.Aliases?.length ? ` (aliases: ${attachment.Aliases.join(', ')})` : '';
        return `${INDENT}${nameOfNetwork(attachment.Target, networks)}${aliases}`;
      }),
      '(none)',
    ),
  );
  const ports = service.Endpoint?.Ports ?? spec.EndpointSpec?.Ports ?? [];
  lines.push(
    ...always(
      'Ports',
      ports.map(
        port =>
          `${INDENT}${port.PublishedPort ?? '(none)'} → ${port.TargetPort ?? ''}/${port.Protocol ?? 'tcp'}, publish mode ${port.PublishMode ?? 'ingress'}`,
      ),
      '(none published)',
    ),
  );
  if (spec.EndpointSpec?.Mode && spec.EndpointSpec.Mode !== 'vip') lines.push(...fields([['Endpoint Mode', spec.EndpointSpec.Mode]]));
  lines.push(
    ...always(
      'Secrets',
      (container.Secrets ?? []).map(secret => `${INDENT}${secret.SecretName ?? secret.SecretID} → ${secret.File?.Name ?? ''}`),
      '(none)',
    ),
  );
  lines.push(
    ...always(
      'Configs',
      (container.Configs ?? []).map(config => `${INDENT}${config.ConfigName ?? config.ConfigID} → ${config.File?.Name ?? '(runtime)'}`),
      '(none)',
    ),
  );
  return lines;
}

export function describeNode(node: SwarmNode, index: ClusterIndex): Lines {
  const description = node.Description;
  const lines = fields([
    ['ID', node.ID],
    ['Name', node.Spec.Name],
    ['Hostname', description?.Hostname],
    ['Joined at', node.CreatedAt],
  ]);
  lines.push(...section('Labels', labels(node.Spec.Labels)));
  lines.push(
    ...section(
      'Status',
      fields(
        [
          ['State', node.Status.State],
          ['Message', node.Status.Message],
          ['Availability', node.Spec.Availability],
          ['Address', node.Status.Addr],
        ],
        INDENT,
      ),
    ),
  );
  if (node.ManagerStatus) {
    lines.push(
      ...section(
        'Manager Status',
        fields(
          [
            ['Address', node.ManagerStatus.Addr],
            ['Raft Status', node.ManagerStatus.Reachability],
            ['Leader', node.ManagerStatus.Leader ? 'Yes' : 'No'],
          ],
          INDENT,
        ),
      ),
    );
  } else if (managerStatus(node)) {
    lines.push(...fields([['Manager Status', managerStatus(node)]]));
  }
  lines.push(
    ...section(
      'Platform',
      fields(
        [
          ['Operating System', description?.Platform?.OS],
          ['Architecture', description?.Platform?.Architecture],
        ],
        INDENT,
      ),
    ),
  );
  lines.push(
    ...section(
      'Resources',
      fields(
        [
          ['CPUs', cpus(description?.Resources?.NanoCPUs)],
          ['Memory', bytes(description?.Resources?.MemoryBytes)],
          ['Running tasks', index.runningTasksByNode.get(node.ID) ?? 0],
        ],
        INDENT,
      ),
    ),
  );
  lines.push(...section('Engine', fields([['Version', description?.Engine?.EngineVersion]], INDENT)));
  lines.push(...section('Engine Labels', labels(description?.Engine?.Labels)));
  return lines;
}

export function describeTask(task: SwarmTask, index: ClusterIndex): Lines {
  const service = index.servicesById.get(task.ServiceID);
  const node = task.NodeID ? index.nodesById.get(task.NodeID) : undefined;
  const lines = fields([
    ['ID', task.ID],
    ['Name', taskName(task, index)],
    ['Service', service?.Spec.Name ?? task.ServiceID],
    ['Slot', task.Slot],
    ['Node', node ? nodeName(node) : task.NodeID],
    ['Image', task.Spec?.ContainerSpec?.Image],
    ['Desired state', task.DesiredState],
    ['Created', task.CreatedAt],
    ['Updated', task.UpdatedAt],
  ]);
  lines.push(
    ...section(
      'Status',
      fields(
        [
          ['State', task.Status.State],
          ['Since', task.Status.Timestamp],
          ['Message', task.Status.Message],
          ['Error', task.Status.Err],
          ['Container', task.Status.ContainerStatus?.ContainerID],
          ['Exit code', task.Status.ContainerStatus?.ExitCode],
        ],
        INDENT,
      ),
    ),
  );
  return lines;
}

export function describeStack(stack: Stack, index: ClusterIndex): Lines {
  const lines = fields([['Name', stack.name]]);
  lines.push(
    ...always(
      'Services',
      stack.services.map(service => {
        const health = index.healthByService.get(service.ID);
        return `${INDENT}${service.Spec.Name}  ${health ? `${health.running}/${health.desired}` : ''}  ${service.Spec.TaskTemplate.ContainerSpec?.Image ?? ''}`;
      }),
      '(none)',
    ),
  );
  lines.push(...always('Networks', indented(stack.networks.map(network => network.Name)), '(none)'));
  lines.push(...always('Secrets', indented(stack.secrets.map(secret => secret.Spec.Name)), '(none)'));
  lines.push(...always('Configs', indented(stack.configs.map(config => config.Spec.Name)), '(none)'));
  return lines;
}

export function describeNetwork(network: SwarmNetwork, snapshot: SwarmSnapshot): Lines {
  const users = objectUsers(snapshot).servicesByNetwork.get(network.Id) ?? [];
  const lines = fields([
    ['ID', network.Id],
    ['Name', network.Name],
    ['Driver', network.Driver],
    ['Scope', network.Scope],
    ['Stack', stackOf(network.Labels)],
    ['Flags', networkFlags(network)],
    ['Subnet', networkSubnets(network)],
    [
      'Gateway',
      (network.IPAM?.Config ?? [])
        .map(config => config.Gateway)
        .filter(Boolean)
        .join(', '),
    ],
    ['IPAM driver', network.IPAM?.Driver],
    ['Created', network.Created],
  ]);
  lines.push(...section('Options', labels(network.Options)));
  lines.push(...section('Labels', labels(network.Labels)));
  lines.push(...section('Services', indented(users.map(service => service.Spec.Name))));
  return lines;
}

function storedObjectLines(object: SwarmSecret | SwarmConfig, users: readonly SwarmService[]): Lines {
  const lines = fields([
    ['ID', object.ID],
    ['Name', object.Spec.Name],
    ['Stack', stackOf(object.Spec.Labels)],
    ['Created', object.CreatedAt],
    ['Updated', object.UpdatedAt],
    ['Templating', object.Spec.Templating?.Name],
  ]);
  lines.push(...section('Labels', labels(object.Spec.Labels)));
  lines.push(...section('Services', users.length ? [`${INDENT}${userNames(users)}`] : []));
  return lines;
}

export function describeSecret(secret: SwarmSecret, snapshot: SwarmSnapshot): Lines {
  const users = objectUsers(snapshot).servicesBySecret.get(secret.ID) ?? [];
  return [...storedObjectLines(secret, users), ...fields([['Driver', secret.Spec.Driver?.Name]]), '', "(the engine never returns a secret's value)"];
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

export function describeConfig(config: SwarmConfig, snapshot: SwarmSnapshot): Lines {
  const users = objectUsers(snapshot).servicesByConfig.get(config.ID) ?? [];
  const content = configContent(config);
  const lines = storedObjectLines(config, users);
  if (content === undefined) return [...lines, '', 'Data: (none)'];
  const note = CONTROL.test(content) ? ' (holds control characters: shown as ^X, not run)' : '';
  return [...lines, '', `Data (${Buffer.byteLength(content)} bytes)${note}:`, ...content.replace(/\n$/, '').split('\n')];
}
