// Watches every service's rollout across refreshes and tells, whichever pane
// is showing, when one starts and how it ended ("web updated in 41 s").

import type {SwarmSnapshot, SwarmTask} from '../docker/types.js';
import type {ClusterStore} from './cluster-store.js';
import {indexSnapshot} from './cluster-index.js';
import {type RolloutNews, type UpdateMark, rolloutNews, updateMark} from './rollout-progress.js';
import type {ClusterIndex} from './cluster-index.js';
import type {TaskNamer} from './update-cause.js';

/** Names a task the way the panes do; the model's own namer knows no node names. */
export type IndexTaskNamer = (task: SwarmTask, index: ClusterIndex) => string;

export class UpdateTracker {
  private marks?: Map<string, UpdateMark>;
  private readonly rollbackReasons = new Map<string, string>();

  constructor(private readonly nameTask?: IndexTaskNamer) {}

  /** The news between the previous snapshot and this one; the first snapshot only sets the baseline. */
  observe(snapshot: SwarmSnapshot): RolloutNews[] {
    const previous = this.marks;
    const marks = new Map<string, UpdateMark>();
    const news: RolloutNews[] = [];
    const index = indexSnapshot(snapshot);
    for (const service of snapshot.services) {
      const mark = updateMark(service);
      marks.set(service.ID, mark);
      if (!previous) continue;
      // A service created after the first read has no history to announce, but its first update does.
      const before = previous.get(service.ID) ?? {};
      if (mark.state === 'rollback_started' && mark.message) this.rollbackReasons.set(service.ID, mark.message);
      const nameOf: TaskNamer | undefined = this.nameTask && (task => this.nameTask!(task, index));
      const item = rolloutNews(before, service, index.tasksByService.get(service.ID) ?? [], this.rollbackReasons.get(service.ID), nameOf);
      if (item) news.push(item);
      if (item?.kind === 'ended') this.rollbackReasons.delete(service.ID);
    }
    this.marks = marks;
    return news;
  }
}

/** Calls `onNews` for each rollout that starts or ends; returns the unsubscribe. */
export function watchRollouts(store: ClusterStore, onNews: (news: RolloutNews) => void, nameTask?: IndexTaskNamer): () => void {
  const tracker = new UpdateTracker(nameTask);
  const initial = store.getState().snapshot;
  if (initial) tracker.observe(initial);
  return store.subscribe((state, previous) => {
    if (!state.snapshot || state.snapshot === previous.snapshot) return;
    for (const news of tracker.observe(state.snapshot)) onNews(news);
  });
}
