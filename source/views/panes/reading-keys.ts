// Keys that belong to one pane or a few and only read: they sit in those
// panes' descriptors, so read-only mode keeps them.
import type {Binding} from '../../keymap/keymap.js';

export const rolloutBinding: Binding = {
  keys: ['o'],
  description: "Show the service's rollout, slot by slot",
  action: {type: 'rollout'},
  group: 'Resource',
  hint: 'rollout',
};

export const historyBinding: Binding = {
  keys: ['h'],
  description: 'Show or hide past tasks',
  action: {type: 'toggleHistory'},
  group: 'Resource',
  hint: 'history',
};
