// `:ctx`: the contexts screen, and what a switch does to the UI: on success the
// console keeps the pane it was on (its filter too), starting fresh there, since
// the IDs it held belong to the other swarm; on failure nothing changes and the
// error is said in full.

import type {DockerContextEntry} from '../docker/contexts.js';
import {newFrame, pushScreen} from '../shell/navigation.js';
import {type UiStore, flash} from '../shell/ui-store.js';
import {ContextsScreen} from '../views/contexts/ContextsScreen.js';

export interface ContextHost {
  list(): DockerContextEntry[];
  /** The context in use now, "" when the engine came from --host or DOCKER_HOST. */
  current(): string;
  /** Connects to the context's engine and moves the console onto it; rejects, changing nothing, when it cannot. */
  switchTo(name: string): Promise<{endpoint: string}>;
}

export function openContexts(ui: UiStore, host: ContextHost | undefined): void {
  if (!host) {
    flash(ui, 'contexts cannot be switched here', 'warn');
    return;
  }
  let switching = false;
  const screen = new ContextsScreen({
    list: () => host.list(),
    current: () => host.current(),
    switchTo: name => {
      if (switching) return;
      switching = true;
      flash(ui, `connecting to context ${name}…`);
      host.switchTo(name).then(
        ({endpoint}) => {
          ui.setState(state => {
            const under = state.stack.filter(frame => frame.screen !== screen).at(-1);
            const pane = under && !under.screen ? under : state.stack[0]!;
            return {stack: [{...newFrame(pane.view === 'rollout' ? 'services' : pane.view), filter: pane.filter}], prompt: undefined};
          });
          flash(ui, `now on context ${name}: ${endpoint}`, 'ok');
        },
        (error: unknown) => {
          switching = false;
          flash(ui, `cannot switch to context ${name}: ${error instanceof Error ? error.message : String(error)}`, 'error');
        },
      );
    },
  });
  ui.setState(state => ({stack: pushScreen(state.stack, screen)}));
}
