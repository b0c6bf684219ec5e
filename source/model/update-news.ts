// Watches every service's rollout across refreshes and tells, whichever pane
// is showing, when one starts and how it ended ("web updated in 41 s").

import type {SwarmService, SwarmSnapshot, SwarmTask} from '../docker/types.js';
import type {ClusterStore} from './cluster-store.js';
import {indexSnapshot} from './cluster-index.js';
import {type RolloutNews, type UpdateMark, rolloutNews, updateMark} from './rollout-progress.js';
import type {ClusterIndex} from './cluster-index.js';
import type {TaskNamer} from './update-cause.js';

/** Names a task the way the panes do; the model's own namer knows no node names. */
export type IndexTaskNamer = (task: SwarmTask, index: ClusterIndex) => string;

export class UpdateTracker {
  /** Each service's mark, with the service object it was taken from. */
  private marks?: Map<string, {service: SwarmService; mark: UpdateMark}>;
  private lastServices?: readonly SwarmService[];
  private readonly rollbackReasons = new Map<string, string>();

  constructor(private readonly nameTask?: IndexTaskNamer) {}

  /** The news between the previous snapshot and this one; the first snapshot only sets the baseline. */
  observe(snapshot: SwarmSnapshot): RolloutNews[] {
    const previous = this.marks;
    // A service read again unchanged is the same object (the lists keep it): its mark cannot
    // have moved, so only the services that changed are looked at (a few of 2,000 a refresh).
    if (previous && snapshot.services === this.lastServices) return [];
    this.lastServices = snapshot.services;
    const marks = new Map<string, {service: SwarmService; mark: UpdateMark}>();
    const news: RolloutNews[] = [];
    const index = indexSnapshot(snapshot);
    const nameOf: TaskNamer | undefined = this.nameTask && (task => this.nameTask!(task, index));
    for (const service of snapshot.services) {
      const kept = previous?.get(service.ID);
      if (kept?.service === service) {
        marks.set(service.ID, kept);
        continue;
      }
      const mark = updateMark(service);
      marks.set(service.ID, {service, mark});
      if (!previous) continue;
      // A service created after the first read has no history to announce, but its first update does.
      const before = kept?.mark ?? {};
      if (mark.state === 'rollback_started' && mark.message) this.rollbackReasons.set(service.ID, mark.message);
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
