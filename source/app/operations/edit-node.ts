// `e` on a node: its labels, availability, role and name in $EDITOR, through the
// edit flow services use (../edit.ts). Demoting a manager says first what it
// costs: the quorum, and the console's own connection when it goes through it.
import type {SwarmNode} from '../../docker/types.js';
import {indexSnapshot} from '../../model/cluster-index.js';
import {nodeName} from '../../render/nodes.js';
import {type EditWarnings, type EditableKind, startEdit} from '../edit.js';
import {type NodeSpecEdit, nodeSpecDiff, nodeYaml, parseNodeYaml} from '../edit-node.js';
import {demotionWarnings} from './node-role.js';
import type {NodeOperation, OperationContext} from './operation.js';

/** What to say before applying `spec` to `node`: demotion and drain, in the words of `-` and `r`. */
export function nodeEditWarnings(node: SwarmNode, spec: NodeSpecEdit, ctx: Pick<OperationContext, 'snapshot' | 'connectedNodeId'>): EditWarnings | undefined {
  const lines: string[] = [];
  const demoting = node.Spec.Role === 'manager' && spec.Role === 'worker';
  if (demoting) {
    lines.push('Demoting it: it leaves the raft quorum and stops serving the API.', ...demotionWarnings(ctx.snapshot?.nodes ?? [], node));
    if (ctx.connectedNodeId?.() === node.ID) {
      lines.push(
        `⚠ This console is connected through ${nodeName(node)}: once demoted it answers no more, and the console moves to another manager if one is reachable.`,
      );
    }
  }
  if (spec.Availability === 'drain' && node.Spec.Availability !== 'drain') {
    const tasks = ctx.snapshot ? (indexSnapshot(ctx.snapshot).runningTasksByNode.get(node.ID) ?? 0) : 0;
    lines.push(`Draining it: its ${tasks} running task${tasks === 1 ? '' : 's'} will be moved to other nodes.`);
  }
  if (lines.length === 0) return undefined;
  return {lines, severe: lines.some(line => line.startsWith('⚠'))};
}

export const nodeSpecEdit: EditableKind<SwarmNode, NodeSpecEdit> = {
  name: nodeName,
  yaml: nodeYaml,
  parse: parseNodeYaml,
  diff: nodeSpecDiff,
  warnings: nodeEditWarnings,
  current: (snapshot, node) => snapshot.nodes.find(candidate => candidate.ID === node.ID),
  send: (ctx, node, spec) => ctx.client.nodes.replaceSpec(node.ID, node.Version, spec),
};

export const editNode: NodeOperation = {
  id: 'editNode',
  keys: ['e'],
  description: 'Edit labels, availability, role in $EDITOR (YAML)',
  panes: ['nodes'],
  hint: 'edit',
  dangerous: true,
  target: 'node',
  // The edit asks its own question, with the diff and any warning, once the editor closes.
  run: (node, ctx) => startEdit(ctx, nodeSpecEdit, node),
};
