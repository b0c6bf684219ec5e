import type {LogTarget} from '../docker/logs.js';
import type {SwarmSnapshot} from '../docker/types.js';
import type {ViewKind} from '../keymap/names.js';
import {indexSnapshot} from '../model/cluster-index.js';
import {DEFAULT_LOG_CAPACITY} from '../model/log-buffer.js';
import {taskName} from '../render/tasks.js';
import {LogScreen} from '../views/logs/log-screen.js';
import {lineIdentifier} from '../views/logs/log-identity.js';
import {panes} from '../views/panes/registry.js';
import {selectionIn} from '../views/panes/selection.js';
import type {KeyContext} from './dispatch.js';
import {type Frame, pushScreen, topFrame} from '../shell/navigation.js';
import {type UiStore, flash} from '../shell/ui-store.js';

export const DEFAULT_LOG_TAIL = 200;

function selectedLogTarget<K extends ViewKind>(kind: K, frame: Frame, snapshot: SwarmSnapshot): LogTarget | undefined {
  const row = selectionIn(kind, snapshot, frame).row;
  return row === undefined ? undefined : panes[kind].logTarget?.(row);
}

/** `l`: the logs of the selected service (all its tasks, through the manager) or task. */
export function openLogs(ui: UiStore, snapshot: SwarmSnapshot | undefined, context: KeyContext): void {
  if (!snapshot) return;
  const frame = topFrame(ui.getState().stack);
  const target = selectedLogTarget(frame.view, frame, snapshot);
  if (!target) {
    flash(ui, 'logs: select a service or a task first', 'warn');
    return;
  }
  if (!context.logSource) {
    flash(ui, 'logs are not available here', 'warn');
    return;
  }
  const index = indexSnapshot(snapshot);
  const task = target.kind === 'task' ? snapshot.tasks.find(candidate => candidate.ID === target.id) : undefined;
  const service = index.servicesById.get(target.kind === 'service' ? target.id : (task?.ServiceID ?? ''));
  const serviceName = service?.Spec.Name ?? target.id.slice(0, 12);
  const screen = new LogScreen({
    source: context.logSource,
    target,
    tty: service?.Spec.TaskTemplate?.ContainerSpec?.TTY === true,
    name: task ? taskName(task, index) : serviceName,
    identify: lineIdentifier(context.snapshot, serviceName),
    tail: context.logOptions?.tail ?? DEFAULT_LOG_TAIL,
    capacity: context.logOptions?.capacity ?? DEFAULT_LOG_CAPACITY,
    timestamps: context.logOptions?.timestamps,
    wrap: context.logOptions?.wrap,
  });
  const serviceId = service?.ID ?? task?.ServiceID;
  ui.setState(state => ({stack: pushScreen(state.stack, screen, {view: 'tasks', scope: serviceId ? {serviceId} : undefined})}));
}
