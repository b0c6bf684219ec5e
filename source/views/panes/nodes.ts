import type {SwarmNode} from '../../docker/types.js';
import {indexSnapshot} from '../../model/cluster-index.js';
import {naturalCompare} from '../../model/natural-compare.js';
import {describeNode} from '../../render/describe.js';
import {nodeColumns, nodeName, nodeSearchText, nodeSortShortcuts} from '../../render/nodes.js';
import {newFrame} from '../../shell/navigation.js';
import {describeNodeReach} from '../../render/describe-reach.js';
import {listSource} from './list-source.js';
import type {PaneDescriptor, TaskDemand} from './pane.js';
import {display} from '../../render/text.js';

function byHostname(a: SwarmNode, b: SwarmNode): number {
  return naturalCompare(nodeName(a), nodeName(b));
}

// Counting each node's tasks needs every running task.
const runningTasks = (): TaskDemand => ({scope: {kind: 'running'}, urgent: true});

const source = listSource('nodes');

export const nodesPane: PaneDescriptor<SwarmNode> = {
  kind: 'nodes',
  readsFrom: source.readsFrom,
  noun: 'nodes',
  aliases: ['nodes', 'node', 'no'],
  columns: nodeColumns,
  sortShortcuts: nodeSortShortcuts,
  heads: snapshot => [...source.objects(snapshot)].sort(byHostname),
  id: node => node.ID,
  searchText: node => nodeSearchText(node),
  crumb: () => display`nodes`,
  taskDemand: runningTasks,
  coveredBy: scope => scope.kind === 'all' || scope.kind === 'running',
  drill: node => newFrame('tasks', {nodeId: node.ID}),
  drillLabel: 'tasks on this node',
  targets: node => ({node}),
  document: {
    noun: 'node',
    find: (snapshot, id) => {
      const node = snapshot.nodes.find(candidate => candidate.ID === id);
      return (
        node && {
          name: nodeName(node),
          describe: () => [
            ...describeNode(node, indexSnapshot(snapshot)),
            ...describeNodeReach(snapshot.reach?.nodes.get(id), snapshot.reach?.nodeUsage.get(id)),
          ],
          raw: () => node,
        }
      );
    },
  },
  detail: (node, ctx) => {
    if (node.Status.State !== 'ready' && node.Status.Message) return `${nodeName(node)}: ${node.Status.Message}`;
    // reach: why the node's own engine could not be reached, in full
    const reach = ctx.reach?.nodes.get(node.ID);
    return reach?.status === 'unreachable'
      ? `${nodeName(node)} engine not reached${reach.endpoint ? ` at ${reach.endpoint}` : ''}: ${reach.reason}`
      : undefined;
  },
};
