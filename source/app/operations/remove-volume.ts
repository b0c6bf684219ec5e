import {volumeUserNames} from '../../render/volumes.js';
import {type VolumeOperation, perform} from './operation.js';

export const removeVolume: VolumeOperation = {
  id: 'removeVolume',
  keys: ['ctrl-d'],
  description: 'Remove an unused local volume on its node (refused while a task mounts it)',
  panes: ['volumes'],
  hint: 'remove',
  dangerous: true,
  target: 'volume',
  refuse: (row, ctx) => {
    const name = row.volume.Name;
    if (!row.nodeId) return {text: `${name} is a cluster volume, or its node is not known: only a node's local volume is removed here`, tone: 'error'};
    if (!ctx.nodeVolumes) return {text: `removing volumes needs the nodes' own engines, which this console does not reach`, tone: 'error'};
    if (row.users.length > 0) return {text: `volume ${name} on ${row.node} is in use by ${volumeUserNames(row.users)}: not removed`, tone: 'error'};
    if (!ctx.snapshot?.nodes.some(node => node.ID === row.nodeId)) return {text: `node ${row.node} is no longer in the swarm`, tone: 'error'};
    return undefined;
  },
  confirm: row => ({
    question: `Remove volume ${row.volume.Name} on ${row.node}?`,
    details: [
      'No task of a service mounts it. Its data is gone once removed: this cannot be undone.',
      'The node engine refuses it if a container there still uses it.',
    ],
    tone: 'error',
  }),
  run: (row, ctx) => {
    const node = ctx.snapshot?.nodes.find(candidate => candidate.ID === row.nodeId);
    if (!node || !ctx.nodeVolumes) return;
    const remover = ctx.nodeVolumes;
    perform(ctx, `removing volume ${row.volume.Name} on ${row.node}`, `volume ${row.volume.Name} removed from ${row.node}`, () =>
      remover.remove(node, row.volume.Name),
    );
  },
};
