// The volumes pane: each node's local volumes and the swarm's cluster (CSI) volumes,
// with the node each lives on and the tasks that mount it.
import type {SwarmVolume} from '../docker/types.js';
import type {VolumeUser} from '../model/volume-users.js';
import {type ColumnSpec, type SortShortcut, clusterCell} from './columns.js';

/** One volume where it lives: a node's local volume (`nodeId`), or a cluster volume (none). */
export interface VolumeRow {
  /** `<node ID>/<name>`, or `cluster/<name>`: a name is unique per node, not across the swarm. */
  id: string;
  volume: SwarmVolume;
  nodeId?: string;
  /** The node's hostname; for a cluster volume, where it is published. */
  node: string;
  users: readonly VolumeUser[];
}

export function volumeRowId(name: string, nodeId: string | undefined): string {
  return `${nodeId ?? 'cluster'}/${name}`;
}

/** The tasks that mount it, by name: "web.1, web.2". */
export function volumeUserNames(users: readonly VolumeUser[]): string {
  return users.map(user => user.task).join(', ');
}

/** A cluster volume's availability and sharing, as `docker volume ls --cluster` says them. */
export function clusterVolumeState(volume: SwarmVolume): string {
  const spec = volume.ClusterVolume?.Spec;
  return [spec?.Availability, spec?.AccessMode?.Sharing && `sharing ${spec.AccessMode.Sharing}`].filter(Boolean).join(', ');
}

export const volumeColumns: ColumnSpec<VolumeRow>[] = [
  {id: 'name', title: 'NAME', minWidth: 8, maxWidth: 40, flex: 1, priority: 0, render: ({volume}) => clusterCell(volume.Name, 'accent')},
  {id: 'driver', title: 'DRIVER', minWidth: 6, maxWidth: 20, priority: 2, render: ({volume}) => clusterCell(volume.Driver)},
  {id: 'node', title: 'NODE', minWidth: 4, maxWidth: 24, priority: 0, render: ({node}) => clusterCell(node)},
  {id: 'scope', title: 'SCOPE', minWidth: 5, priority: 3, render: ({volume}) => clusterCell(volume.Scope)},
  {
    id: 'users',
    title: 'USED BY',
    minWidth: 7,
    maxWidth: 60,
    flex: 2,
    priority: 1,
    render: ({users}) => (users.length > 0 ? clusterCell(volumeUserNames(users)) : clusterCell('unused', 'muted')),
    sortValue: ({users}) => users.length,
  },
];

export const volumeSortShortcuts: SortShortcut[] = [
  {key: 'N', columnId: 'name', label: 'name'},
  {key: 'O', columnId: 'node', label: 'node'},
  {key: 'U', columnId: 'users', label: 'users'},
];

export function volumeSearchText({volume, node, users}: VolumeRow): string {
  return [volume.Name, volume.Driver, volume.Scope ?? '', node, volumeUserNames(users), [...new Set(users.map(user => user.service))].join(' ')].join(' ');
}

function mapLines(title: string, map: Record<string, string> | undefined): string[] {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? [`${title}: none`] : [`${title}:`, ...entries.map(([key, value]) => `  ${key}=${value}`)];
}

/** Describe (d): where it lives, its options, labels, and who mounts it where. */
export function describeVolume(row: VolumeRow): string[] {
  const {volume} = row;
  const lines = [
    `Name: ${volume.Name}`,
    `Driver: ${volume.Driver}`,
    `Node: ${row.node || '-'}`,
    `Scope: ${volume.Scope ?? '-'}`,
    ...(volume.Mountpoint ? [`Mountpoint: ${volume.Mountpoint}`] : []),
    ...(volume.CreatedAt ? [`Created: ${volume.CreatedAt}`] : []),
    ...mapLines('Options', volume.Options),
    ...mapLines('Labels', volume.Labels),
  ];
  const cluster = volume.ClusterVolume;
  if (cluster) {
    lines.push(`Cluster volume: ${cluster.ID ?? '-'}${cluster.Spec?.Group ? ` (group ${cluster.Spec.Group})` : ''}`);
    lines.push(
      `  Availability: ${cluster.Spec?.Availability ?? '-'}; scope ${cluster.Spec?.AccessMode?.Scope ?? '-'}; sharing ${cluster.Spec?.AccessMode?.Sharing ?? '-'}`,
    );
    for (const status of cluster.PublishStatus ?? []) lines.push(`  Published on ${status.NodeID ?? '?'}: ${status.State ?? '-'}`);
  }
  if (row.users.length === 0) lines.push('Mounted by: no task');
  else lines.push('Mounted by:', ...row.users.map(user => `  ${user.task} (service ${user.service}) at ${user.target || '?'}`));
  return lines;
}
