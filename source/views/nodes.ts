import {newFrame} from '../shell/navigation.js';
import type {SwarmNode} from '../docker/types.js';
import {nodeColumns, nodeName, nodeSearchText, nodeSortShortcuts} from '../render/nodes.js';
import {naturalCompare} from '../model/natural-compare.js';
import type {ResourceViewSpec} from './resource-spec.js';

function byHostname(a: SwarmNode, b: SwarmNode): number {
  return naturalCompare(nodeName(a), nodeName(b));
}

export const nodesView: ResourceViewSpec<SwarmNode> = {
  view: 'nodes',
  noun: 'nodes',
  columns: nodeColumns,
  sortShortcuts: nodeSortShortcuts,
  heads: snapshot => [...snapshot.nodes].sort(byHostname),
  id: node => node.ID,
  searchText: node => nodeSearchText(node),
  drill: node => newFrame('tasks', {nodeId: node.ID}),
  crumb: () => 'nodes',
  detail: node => (node.Status.State !== 'ready' && node.Status.Message ? `${nodeName(node)}: ${node.Status.Message}` : undefined),
};
