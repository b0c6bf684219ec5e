import type {RolloutNews} from '../model/rollout-progress.js';
import {openRollout, topFrame} from '../shell/navigation.js';
import {type UiStore, flashNotice} from '../shell/ui-store.js';

/** How long after swarmtop itself changed a service a rollout starting on it counts as its own. */
const OWN_CHANGE_MS = 30_000;

/**
 * Puts rollouts' news in front of the operator. An update started from another
 * terminal is a notice in the status line ("web is updating — o watches it"),
 * and `o` opens its rollout while the notice shows: the operator is never moved
 * from what they were doing. Only an operator who chose to follow rollouts
 * (`followRollouts: true`) has the rollout view open by itself, and then only
 * while the services pane is simply showing (no dialog, prompt, help, describe
 * or logs screen). An update this console sent is left alone: `i`, `r` and
 * `Ctrl-l` open the view themselves, and an edit keeps its own status line.
 * How a rollout ended is said wherever the operator is.
 */
export class UpdateNotices {
  private readonly sent = new Map<string, number>();

  constructor(
    private readonly ui: UiStore,
    private readonly now: () => number = Date.now,
    private readonly followRollouts = false,
  ) {}

  /** swarmtop sent a change to this service (operations say so themselves, before sending). */
  noteOwnChange(serviceId: string): void {
    this.sent.set(serviceId, this.now());
  }

  show(news: RolloutNews): void {
    const ui = this.ui;
    if (news.kind === 'ended') {
      this.sent.delete(news.serviceId);
      flashNotice(ui, news.text, news.tone);
      return;
    }
    const sentAt = this.sent.get(news.serviceId);
    if (sentAt !== undefined && this.now() - sentAt < OWN_CHANGE_MS) return;
    const state = ui.getState();
    const top = topFrame(state.stack);
    // Already in view: the view says it.
    if (top.view === 'rollout' && top.scope?.serviceId === news.serviceId) return;
    const idle = !state.dialog && !state.prompt && state.mode === 'normal';
    if (this.followRollouts && idle && top.view === 'services' && !top.screen) {
      ui.setState(current => ({stack: openRollout(current.stack, news.serviceId)}));
      flashNotice(ui, `${news.text}: showing its rollout (Esc goes back)`, news.tone);
      return;
    }
    flashNotice(ui, `${news.text} — o watches it`, news.tone, news.serviceId);
  }
}
