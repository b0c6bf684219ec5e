// `:swarm`: the cluster's settings, CA, managers and quorum, and the join
// commands, as a document that follows each refresh. Tokens stay masked until
// `x` reveals them; read-only mode has no such key.

import {pushScreen, topFrame} from '../../shell/navigation.js';
import type {UiStore} from '../../shell/ui-store.js';
import {setAsideLines} from '../../docker/lists.js';
import type {SwarmSnapshot} from '../../docker/types.js';
import {swarmLines} from '../../render/swarm.js';
import {DocumentScreen} from './DocumentScreen.js';
import {display} from '../../render/text.js';

export const REVEAL_KEY = 'x';

export function swarmScreen(snapshot: () => SwarmSnapshot | undefined, readOnly: boolean, now: () => number = Date.now): DocumentScreen {
  return new DocumentScreen({
    title: display`swarm`,
    lines: toggles => {
      const current = snapshot();
      return swarmLines(current?.swarm, current?.nodes ?? [], {
        now: now(),
        revealTokens: !readOnly && Boolean(toggles['tokens']),
        revealKey: readOnly ? undefined : REVEAL_KEY,
        unreadable: current?.unreadable?.swarm,
        setAside: setAsideLines(current?.setAside),
      });
    },
    toggles: [
      {
        name: 'tokens',
        keys: [REVEAL_KEY],
        description: 'Reveal or hide the join tokens',
        hint: 'tokens',
        dangerous: true,
        readOnlyReason: 'would show the join tokens',
      },
    ],
  });
}

export function openSwarmScreen(ui: UiStore, snapshot: () => SwarmSnapshot | undefined, readOnly: boolean): void {
  // `:swarm` twice does not stack two panes.
  if (topFrame(ui.getState().stack).screen?.title() === 'swarm') return;
  ui.setState(state => ({stack: pushScreen(state.stack, swarmScreen(snapshot, readOnly))}));
}
