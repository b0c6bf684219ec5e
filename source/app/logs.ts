import type {SwarmSnapshot} from '../docker/types.js';
import {indexSnapshot} from '../model/cluster-index.js';
import {DEFAULT_LOG_CAPACITY} from '../model/log-buffer.js';
import {taskName} from '../render/tasks.js';
import {LogScreen} from '../views/logs/log-screen.js';
import {lineIdentifier} from '../views/logs/log-identity.js';
import {listRows, rowIds} from '../views/resource-spec.js';
import {viewSpecs} from '../views/registry.js';
import type {KeyContext} from './dispatch.js';
import {pushScreen, selectedIndex, topFrame} from '../shell/navigation.js';
import {type UiStore, flash} from '../shell/ui-store.js';

export const DEFAULT_LOG_TAIL = 200;

/** `l`: the logs of the selected service (all its tasks, through the manager) or task. */
export function openLogs(ui: UiStore, snapshot: SwarmSnapshot | undefined, context: KeyContext): void {
  if (!snapshot) return;
  const frame = topFrame(ui.getState().stack);
  const spec = viewSpecs[frame.view];
  const rows = listRows(spec, snapshot, frame);
  const row = rows[selectedIndex(rowIds(spec, rows), frame)];
  const target = row === undefined ? undefined : spec.logTarget?.(row);
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
  });
  const serviceId = service?.ID ?? task?.ServiceID;
  ui.setState(state => ({stack: pushScreen(state.stack, screen, {view: 'tasks', scope: serviceId ? {serviceId} : undefined})}));
}
