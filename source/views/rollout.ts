import type {RolloutSlot} from '../model/rollout.js';
import {rolloutProgress, rolloutSlots} from '../model/rollout.js';
import {rolloutColumns, rolloutSummary} from '../render/rollout.js';
import {taskImage, taskName, taskNodeName} from '../render/tasks.js';
import type {ResourceViewSpec} from './resource-spec.js';

/** One service's rollout: a row per slot (per node, for a global service), the progress above them. */
export const rolloutView: ResourceViewSpec<RolloutSlot> = {
  view: 'rollout',
  noun: 'slots',
  columns: rolloutColumns,
  sortShortcuts: [],
  heads: (_snapshot, index, frame) => {
    const service = frame.scope?.serviceId ? index.servicesById.get(frame.scope.serviceId) : undefined;
    return service ? rolloutSlots(service, index.tasksByService.get(service.ID) ?? []) : [];
  },
  id: slot => slot.key,
  searchText: (slot, index) =>
    [taskName(slot.current, index), taskNodeName(slot.current, index), taskImage(slot.current), slot.current.Status.State, ...slot.errors].join(' '),
  crumb: (frame, index) => {
    const serviceId = frame.scope?.serviceId ?? '';
    return `rollout of ${index?.servicesById.get(serviceId)?.Spec.Name ?? serviceId.slice(0, 12)}`;
  },
  // Every error of the slot's tasks on the new spec, in full: they say why a rollout stalls.
  detail: (slot, ctx) => (slot.errors.length ? `${taskName(slot.current, ctx.index)}: ${[...new Set(slot.errors)].join(' · ')}` : undefined),
  summary: (frame, ctx, width) => {
    const service = frame.scope?.serviceId ? ctx.index.servicesById.get(frame.scope.serviceId) : undefined;
    if (!service) return [];
    return rolloutSummary(service, rolloutProgress(service, ctx.index, ctx.now), width);
  },
  logTarget: slot => ({kind: 'task', id: slot.current.ID}),
};
