// The names the keymap and everything above it speak in: the panes a key can
// lead to and the operations a key can start. Their meaning lives higher up
// (pane descriptors in views/, operation objects in app/operations/).

import type {ListName} from '../docker/lists.js';

/**
 * A table pane. Each has one descriptor in views/panes/. Every engine list of
 * docker/lists.ts is one (so a new list wants its pane), and three panes are drawn
 * from what those lists hold.
 */
export type ViewKind = ListName | 'stacks' | 'rollout' | 'events';

/** An operation that changes the swarm. Each has one object in app/operations/. */
export type OperationId =
  | 'scale'
  | 'setImage'
  | 'restart'
  | 'rollback'
  | 'resumeUpdate'
  | 'removeService'
  | 'pauseNode'
  | 'activateNode'
  | 'drainNode'
  | 'promoteNode'
  | 'demoteNode'
  | 'removeStack'
  | 'deployStack'
  | 'editSpec'
  | 'editNode'
  | 'shell'
  | 'createStored'
  | 'rotateStored'
  | 'removeStored'
  | 'removeVolume';
