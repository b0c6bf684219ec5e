// Volumes live per node: a node's local volumes come from its own engine (node reach,
// read while this pane shows), the swarm's cluster (CSI) volumes from the manager's
// list. A node that could not be reached is named above the table, never skipped.
import type {NodeVolumes, ReachSnapshot} from '../../docker/reach.js';
import type {SwarmNode, SwarmSnapshot, SwarmVolume} from '../../docker/types.js';
import {naturalCompare} from '../../model/natural-compare.js';
import {volumeKey, volumeUsers} from '../../model/volume-users.js';
import type {Cell} from '../../render/columns.js';
import {clusterCell} from '../../render/columns.js';
import {type VolumeRow, clusterVolumeState, describeVolume, volumeColumns, volumeRowId, volumeSearchText, volumeSortShortcuts} from '../../render/volumes.js';
import {inert} from '../../render/text.js';
import {listSource} from './list-source.js';
import type {PaneDescriptor, TaskDemand} from './pane.js';

const source = listSource('volumes');

function hostname(node: SwarmNode | undefined, nodeId: string): string {
  return node?.Description?.Hostname || nodeId.slice(0, 12);
}

function isCluster(volume: SwarmVolume): boolean {
  return volume.ClusterVolume !== undefined;
}

/** Every volume as a row: each reached node's own, the manager's cluster volumes, and (no node read yet) the manager's local ones. */
export function volumeRows(snapshot: SwarmSnapshot, reach: ReachSnapshot | undefined): VolumeRow[] {
  const users = volumeUsers(snapshot);
  const nodes = new Map(snapshot.nodes.map(node => [node.ID, node]));
  const rows: VolumeRow[] = [];
  const perNode = reach?.volumes;
  for (const [nodeId, read] of perNode ?? []) {
    if (!('volumes' in read)) continue;
    const node = hostname(nodes.get(nodeId), nodeId);
    for (const volume of read.volumes) {
      if (isCluster(volume)) continue;
      rows.push({id: volumeRowId(volume.Name, nodeId), volume, nodeId, node, users: users.get(volumeKey(volume.Name, nodeId)) ?? []});
    }
  }
  for (const volume of source.objects(snapshot)) {
    if (isCluster(volume)) {
      const published = (volume.ClusterVolume?.PublishStatus ?? []).map(status => hostname(nodes.get(status.NodeID ?? ''), status.NodeID ?? '?'));
      rows.push({id: volumeRowId(volume.Name, undefined), volume, node: published.join(', '), users: users.get(volumeKey(volume.Name, undefined)) ?? []});
    } else if (!perNode) {
      // No node's own engine read (node reach off, or not yet): the manager's local volumes, on "the manager".
      rows.push({id: `manager/${volume.Name}`, volume, node: 'manager', users: []});
    }
  }
  return rows.sort((a, b) => naturalCompare(a.volume.Name, b.volume.Name) || naturalCompare(a.node, b.node));
}

/** "2 nodes not reached: w3 (no route), w4 (timeout)": every node whose volumes could not be read, and how many were not asked. */
export function unreachedLine(snapshot: SwarmSnapshot, volumes: ReadonlyMap<string, NodeVolumes> | undefined): string | undefined {
  if (!volumes) return undefined;
  const nodes = new Map(snapshot.nodes.map(node => [node.ID, node]));
  const missed = [...volumes].flatMap(([nodeId, read]) => ('reason' in read ? [`${hostname(nodes.get(nodeId), nodeId)} (${read.reason})`] : []));
  // Nodes that are down are not asked; they are named too.
  for (const node of snapshot.nodes)
    if (node.Status.State !== 'ready' && !volumes.has(node.ID)) missed.push(`${hostname(node, node.ID)} (${node.Status.State})`);
  // Ready nodes past the pool's bound (or ready since the last round) are not asked: counted, not skipped in silence.
  const unread = snapshot.nodes.filter(node => node.Status.State === 'ready' && !volumes.has(node.ID)).length;
  const parts = [
    ...(missed.length > 0 ? [`${nodeCount(missed.length)} not reached: ${missed.join(', ')}`] : []),
    ...(unread > 0 ? [`${nodeCount(unread)} not read yet (more ready nodes than are reached at once, or newly ready)`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}

const nodeCount = (count: number) => `${count} ${count === 1 ? 'node' : 'nodes'}`;

/** "1 volume unreadable on w2: no Name": what a node's answer set aside. */
export function nodeSetAsideLines(snapshot: SwarmSnapshot, volumes: ReadonlyMap<string, NodeVolumes> | undefined): string[] {
  const nodes = new Map(snapshot.nodes.map(node => [node.ID, node]));
  return [...(volumes ?? [])].flatMap(([nodeId, read]) => {
    if (!('volumes' in read) || !read.setAside) return [];
    const why = Object.entries(read.setAside.reasons)
      .map(([reason, count]) => `${count} ${reason}`)
      .join(', ');
    return [`${read.setAside.count} ${read.setAside.count === 1 ? 'volume' : 'volumes'} unreadable on ${hostname(nodes.get(nodeId), nodeId)}: ${why}`];
  });
}

// Cluster (CSI) volumes came with API 1.42, Engine 23.0.
const CLUSTER_VOLUMES_ENGINE = 23;

/** Why there are no cluster volumes, when the managers' engines are too old to have them. */
export function clusterVolumesLine(snapshot: SwarmSnapshot): string | undefined {
  if (source.objects(snapshot).some(isCluster)) return undefined;
  const versions = snapshot.nodes.filter(node => node.Spec.Role === 'manager').map(node => node.Description?.Engine?.EngineVersion ?? '');
  const old = versions.filter(version => {
    const major = Number.parseInt(version, 10);
    return Number.isFinite(major) && major < CLUSTER_VOLUMES_ENGINE;
  });
  if (old.length === 0) return undefined;
  return `no cluster (CSI) volumes: they need API 1.42; managers run Engine ${[...new Set(old)].join(', ')}`;
}

const cells = (text: string, tone: Cell['tone']): Cell[] => [clusterCell(text, tone)];

export const volumesPane: PaneDescriptor<VolumeRow> = {
  kind: 'volumes',
  readsFrom: source.readsFrom,
  readsReach: true,
  noun: 'volumes',
  aliases: ['volumes', 'volume', 'vol'],
  columns: volumeColumns,
  sortShortcuts: volumeSortShortcuts,
  heads: snapshot => volumeRows(snapshot, snapshot.reach),
  id: row => row.id,
  searchText: row => volumeSearchText(row),
  crumb: () => inert('volumes'),
  // Users are the tasks meant to run: the running tasks of every service.
  taskDemand: (): TaskDemand => ({scope: {kind: 'running'}, urgent: true}),
  emptyText: () => 'No volumes on any node reached.',
  document: {
    noun: 'volume',
    find: (snapshot, id) => {
      const row = volumeRows(snapshot, snapshot.reach).find(candidate => candidate.id === id);
      return row && {name: row.volume.Name, describe: () => describeVolume(row), raw: () => row.volume};
    },
  },
  unreadable: source.unreadable,
  summary: (_frame, ctx) => {
    const snapshot = ctx.index.snapshot;
    if (!snapshot) return [];
    const volumes = ctx.reach?.volumes;
    const lines: Cell[][] = [];
    const unreached = unreachedLine(snapshot, volumes);
    if (unreached) lines.push(cells(unreached, 'warn'));
    for (const line of nodeSetAsideLines(snapshot, volumes)) lines.push(cells(line, 'warn'));
    const cluster = clusterVolumesLine(snapshot);
    if (cluster) lines.push(cells(cluster, 'muted'));
    return lines;
  },
  targets: row => (row ? {volume: row} : {}),
  detail: row => (row.volume.ClusterVolume ? clusterVolumeState(row.volume) || undefined : undefined),
};
