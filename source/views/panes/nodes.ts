import type {SwarmNode} from '../../docker/types.js';
import {indexSnapshot} from '../../model/cluster-index.js';
import {naturalCompare} from '../../model/natural-compare.js';
import {describeNode} from '../../render/describe.js';
import {nodeColumns, nodeName, nodeSearchText, nodeSortShortcuts} from '../../render/nodes.js';
import {newFrame} from '../../shell/navigation.js';
import type {PaneDescriptor, TaskDemand} from './pane.js';

function byHostname(a: SwarmNode, b: SwarmNode): number {
  return naturalCompare(nodeName(a), nodeName(b));
}

// Counting each node's tasks needs every running task.
const runningTasks = (): TaskDemand => ({scope: {kind: 'running'}, urgent: true});

export const nodesPane: PaneDescriptor<SwarmNode> = {
  kind: 'nodes',
  noun: 'nodes',
  aliases: ['nodes', 'node', 'no'],
  columns: nodeColumns,
  sortShortcuts: nodeSortShortcuts,
  heads: snapshot => [...snapshot.nodes].sort(byHostname),
  id: node => node.ID,
  searchText: node => nodeSearchText(node),
  crumb: () => 'nodes',
  taskDemand: runningTasks,
  coveredBy: scope => scope.kind === 'all' || scope.kind === 'running',
  drill: node => newFrame('tasks', {nodeId: node.ID}),
  drillLabel: 'tasks on this node',
  targets: node => ({node}),
  document: {
    noun: 'node',
    find: (snapshot, id) => {
      const node = snapshot.nodes.find(candidate => candidate.ID === id);
      return node && {name: nodeName(node), describe: () => describeNode(node, indexSnapshot(snapshot)), raw: () => node};
    },
  },
  detail: node => (node.Status.State !== 'ready' && node.Status.Message ? `${nodeName(node)}: ${node.Status.Message}` : undefined),
};
