import type {RolloutNews} from '../model/rollout.js';
import {openRollout, topFrame} from './navigation.js';
import {type UiStore, flash} from './ui-store.js';

/**
 * Puts a rollout's news in front of the operator. An update that starts while
 * the services pane is simply showing (no dialog, prompt or help open) opens
 * its rollout view, so an update started from another terminal can be watched
 * task by task; elsewhere the status line says so and how to open it.
 */
export function showRolloutNews(ui: UiStore, news: RolloutNews): void {
  if (news.kind === 'ended') {
    flash(ui, news.text, news.tone);
    return;
  }
  const state = ui.getState();
  const top = topFrame(state.stack);
  // Already in view (the operator started it here): the view says it, and the request's own outcome stays on the status line.
  if (top.view === 'rollout' && top.scope?.serviceId === news.serviceId) return;
  const idle = !state.dialog && !state.prompt && state.mode === 'normal';
  if (idle && top.view === 'services') {
    ui.setState(current => ({stack: openRollout(current.stack, news.serviceId)}));
    flash(ui, `${news.text}: showing its rollout (Esc goes back)`, news.tone);
    return;
  }
  flash(ui, `${news.text} (o on it shows the rollout)`, news.tone);
}
