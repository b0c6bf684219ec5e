import type {SwarmClient} from '../docker/client.js';
import type {OperationId} from '../keymap/names.js';
import type {NodeAvailability} from '../docker/capabilities.js';
import type {SwarmNode, SwarmService, SwarmSnapshot} from '../docker/types.js';
import {indexSnapshot, serviceMode} from '../model/cluster-index.js';
import {describeError} from '../docker/errors.js';
import {formatDuration, parseDuration, parseImage, parseParallelism, parseReplicas} from '../model/validation.js';
import {imageWithoutDigest} from '../render/format.js';
import {nodeName} from '../render/nodes.js';
import type {Stack} from '../model/object-users.js';
import {type TextEditor, startEdit} from './edit.js';
import {serviceImage} from '../render/services.js';
import type {TaskEntry} from '../render/tasks.js';
import {listRows, rowIds} from '../views/resource-spec.js';
import {viewSpecs} from '../views/registry.js';
import {type FormVerdict, openDialog} from '../shell/dialogs.js';
import {openRollout, selectedIndex, topFrame} from '../shell/navigation.js';
import {type UiStore, flash} from '../shell/ui-store.js';

export interface OperationContext {
  ui: UiStore;
  client: SwarmClient;
  snapshot: SwarmSnapshot | undefined;
  /** Asks for a refresh now, so the panes show the change as the swarm carries it out. */
  refresh: () => void;
  /** Runs $EDITOR for `e`; absent where there is no terminal to give it. */
  editor?: TextEditor;
  /** The newest snapshot, for a flow that outlives the key that started it (an edit offered again). */
  latest?: () => SwarmSnapshot | undefined;
}

function selectedRow(ctx: Pick<OperationContext, 'ui' | 'snapshot'>): unknown {
  if (!ctx.snapshot) return undefined;
  const frame = topFrame(ctx.ui.getState().stack);
  const spec = viewSpecs[frame.view];
  const rows = listRows(spec, ctx.snapshot, frame);
  return rows[selectedIndex(rowIds(spec, rows), frame)];
}

/**
 * The service an action is about: the selected one, the one whose tasks or
 * rollout are listed, or the selected task's.
 */
export function targetService(ctx: Pick<OperationContext, 'ui' | 'snapshot'>): SwarmService | undefined {
  if (!ctx.snapshot) return undefined;
  const frame = topFrame(ctx.ui.getState().stack);
  const index = indexSnapshot(ctx.snapshot);
  if (frame.view === 'services') return selectedRow(ctx) as SwarmService | undefined;
  if (frame.view === 'rollout') return frame.scope?.serviceId ? index.servicesById.get(frame.scope.serviceId) : undefined;
  if (frame.view === 'tasks') {
    const serviceId = frame.scope?.serviceId ?? (selectedRow(ctx) as TaskEntry | undefined)?.task.ServiceID;
    return serviceId ? index.servicesById.get(serviceId) : undefined;
  }
  return undefined;
}

/** The operator started a rollout: show it, task by task. */
function followRollout(ctx: OperationContext, service: SwarmService): void {
  ctx.ui.setState(state => ({stack: openRollout(state.stack, service.ID)}));
}

function targetNode(ctx: OperationContext): SwarmNode | undefined {
  const frame = topFrame(ctx.ui.getState().stack);
  return frame.view === 'nodes' ? (selectedRow(ctx) as SwarmNode | undefined) : undefined;
}

/** Sends one request, saying what is happening, then how it went; the console keeps running either way. */
function perform(ctx: OperationContext, doing: string, done: string, request: () => Promise<void>): void {
  flash(ctx.ui, `${doing}…`);
  request().then(
    () => {
      flash(ctx.ui, done, 'ok');
      ctx.refresh();
    },
    (error: unknown) => {
      flash(ctx.ui, `${doing} failed: ${describeError(error)}`, 'error');
      ctx.refresh();
    },
  );
}

function taskCounts(ctx: OperationContext, service: SwarmService): {running: number; desired: number} {
  const health = ctx.snapshot && indexSnapshot(ctx.snapshot).healthByService.get(service.ID);
  return health ?? {running: 0, desired: service.Spec.Mode.Replicated?.Replicas ?? 0};
}

function scale(ctx: OperationContext, service: SwarmService): void {
  const name = service.Spec.Name;
  const current = service.Spec.Mode.Replicated?.Replicas;
  if (current === undefined) {
    flash(ctx.ui, `${name} is a ${serviceMode(service)} service: it runs one task per eligible node and can't be scaled`, 'error');
    return;
  }
  openDialog(ctx.ui, {
    kind: 'form',
    title: `Scale ${name}`,
    focus: 0,
    fields: [{name: 'replicas', label: 'replicas', value: String(current), hint: `now ${current}`}],
    submit: (values): FormVerdict => {
      const replicas = parseReplicas(values['replicas'] ?? '');
      if (!replicas.ok) return {errors: {replicas: replicas.error}};
      if (replicas.value === current) {
        flash(ctx.ui, `${name} already has ${current} replicas: nothing sent`);
        return {accepted: true};
      }
      perform(ctx, `scaling ${name} to ${replicas.value}`, `${name} scaled to ${replicas.value}`, () =>
        ctx.client.services.scale(service.ID, replicas.value),
      );
      return {accepted: true};
    },
  });
}

function setImage(ctx: OperationContext, service: SwarmService): void {
  const name = service.Spec.Name;
  const update = service.Spec.UpdateConfig;
  openDialog(ctx.ui, {
    kind: 'form',
    title: `Set the image of ${name} (a rolling update)`,
    focus: 0,
    fields: [
      {name: 'image', label: 'image', value: serviceImage(service)},
      {name: 'parallelism', label: 'parallelism', value: String(update?.Parallelism ?? 1), hint: 'tasks at a time, 0 = all'},
      {name: 'delay', label: 'delay', value: formatDuration(update?.Delay), hint: 'between batches, e.g. 10s'},
    ],
    submit: (values): FormVerdict => {
      const image = parseImage(values['image'] ?? '');
      const parallelism = parseParallelism(values['parallelism'] ?? '');
      const delay = parseDuration(values['delay'] ?? '');
      const errors: Record<string, string> = {};
      if (!image.ok) errors['image'] = image.error;
      if (!parallelism.ok) errors['parallelism'] = parallelism.error;
      if (!delay.ok) errors['delay'] = delay.error;
      if (!image.ok || !parallelism.ok || !delay.ok) return {errors};
      perform(ctx, `updating ${name} to ${image.value}`, `${name} is rolling out ${image.value}`, () =>
        ctx.client.services.setImage(service.ID, image.value, {parallelism: parallelism.value, delayNs: delay.value}),
      );
      followRollout(ctx, service);
      return {accepted: true};
    },
  });
}

function restart(ctx: OperationContext, service: SwarmService): void {
  const name = service.Spec.Name;
  const send = () => {
    perform(ctx, `restarting ${name}`, `${name} restarting: its tasks are being replaced`, () => ctx.client.services.restart(service.ID));
    followRollout(ctx, service);
  };
  // Whether to ask depends on the replicas the service has, not on how many happen to run right now.
  const {desired} = taskCounts(ctx, service);
  if (desired <= 1) {
    send();
    return;
  }
  openDialog(ctx.ui, {
    kind: 'confirm',
    question: `Restart ${name}?`,
    details: [`All ${desired} tasks will be replaced, as docker service update --force does.`],
    tone: 'warn',
    confirm: send,
  });
}

function rollback(ctx: OperationContext, service: SwarmService): void {
  const name = service.Spec.Name;
  const previous = service.PreviousSpec;
  if (!previous) {
    flash(ctx.ui, `${name} has no previous spec to roll back to`, 'error');
    return;
  }
  const details: string[] = [];
  const before = imageWithoutDigest(previous.TaskTemplate.ContainerSpec?.Image);
  if (before !== serviceImage(service)) details.push(`image ${serviceImage(service)} → ${before}`);
  const replicasNow = service.Spec.Mode.Replicated?.Replicas;
  const replicasBefore = previous.Mode.Replicated?.Replicas;
  if (replicasNow !== replicasBefore && replicasBefore !== undefined) details.push(`replicas ${replicasNow} → ${replicasBefore}`);
  if (details.length === 0) details.push('the previous spec differs in settings not shown here');
  openDialog(ctx.ui, {
    kind: 'confirm',
    question: `Roll back ${name} to its previous spec?`,
    details,
    tone: 'warn',
    confirm: () => {
      perform(ctx, `rolling back ${name}`, `${name} rolling back`, () => ctx.client.services.rollback(service.ID));
      followRollout(ctx, service);
    },
  });
}

/**
 * Resumes a paused update (or rollback) the way the docker CLI does: the
 * service's spec is sent again unchanged, which clears the pause. (Engine
 * 20.10 then leaves the update status empty and replaces no more tasks by
 * itself, exactly as after `docker service update` with no flags.)
 */
function resumeUpdate(ctx: OperationContext, service: SwarmService): void {
  const name = service.Spec.Name;
  const state = service.UpdateStatus?.State;
  if (state !== 'paused' && state !== 'rollback_paused') {
    flash(ctx.ui, `${name} has no paused update to resume${state ? ` (its update is ${state.replace('_', ' ')})` : ''}`, 'warn');
    return;
  }
  const image = service.Spec.TaskTemplate.ContainerSpec?.Image ?? '';
  const details = [`Its spec (image ${serviceImage(service)}) is sent again unchanged, as docker service update does.`];
  if (service.UpdateStatus?.Message) details.push(`It paused: ${service.UpdateStatus.Message}`);
  openDialog(ctx.ui, {
    kind: 'confirm',
    question: `Resume the paused ${state === 'paused' ? 'update' : 'rollback'} of ${name}?`,
    details,
    tone: 'warn',
    confirm: () => {
      // The image as stored (digest and all), so the spec goes back exactly as it is.
      perform(ctx, `resuming the update of ${name}`, `${name} update resumed`, () => ctx.client.services.setImage(service.ID, image));
      followRollout(ctx, service);
    },
  });
}

function removeService(ctx: OperationContext, service: SwarmService): void {
  const name = service.Spec.Name;
  const tasks = taskCounts(ctx, service).running;
  openDialog(ctx.ui, {
    kind: 'confirm',
    question: `Remove service ${name}?`,
    details: [`Its ${tasks} running task${tasks === 1 ? '' : 's'} will be stopped. This can't be undone.`],
    tone: 'error',
    confirm: () => perform(ctx, `removing ${name}`, `${name} removed`, () => ctx.client.services.remove(service.ID)),
  });
}

const availabilityWords: Record<NodeAvailability, {doing: string; done: string}> = {
  active: {doing: 'activating', done: 'active: it takes new tasks again'},
  pause: {doing: 'pausing', done: 'paused: it keeps its tasks but takes no new ones'},
  drain: {doing: 'draining', done: 'draining: its tasks are moving to other nodes'},
};

function setAvailability(ctx: OperationContext, node: SwarmNode, availability: NodeAvailability): void {
  const name = nodeName(node);
  if (node.Spec.Availability === availability) {
    flash(ctx.ui, `${name} is already ${availability}: nothing sent`);
    return;
  }
  const words = availabilityWords[availability];
  const send = () => perform(ctx, `${words.doing} ${name}`, `${name} ${words.done}`, () => ctx.client.nodes.setAvailability(node.ID, availability));
  if (availability !== 'drain') {
    send();
    return;
  }
  const tasks = ctx.snapshot ? (indexSnapshot(ctx.snapshot).runningTasksByNode.get(node.ID) ?? 0) : 0;
  const details = [`Its ${tasks} running task${tasks === 1 ? '' : 's'} will be moved to other nodes.`];
  if (node.Spec.Role === 'manager') details.push('It stays a manager: draining stops tasks, not its raft membership.');
  openDialog(ctx.ui, {kind: 'confirm', question: `Drain ${name}?`, details, tone: 'warn', confirm: send});
}

/** Warnings for demoting `node`, worked out before the engine would refuse. */
export function demotionWarnings(nodes: readonly SwarmNode[], node: SwarmNode): string[] {
  const managers = nodes.filter(candidate => candidate.ManagerStatus);
  const reachable = managers.filter(candidate => candidate.ManagerStatus?.Reachability === 'reachable');
  const isReachable = node.ManagerStatus?.Reachability === 'reachable';
  const reachableAfter = reachable.length - (isReachable ? 1 : 0);
  const managersAfter = managers.length - 1;
  const quorumAfter = Math.floor(managersAfter / 2) + 1;
  if (reachableAfter === 0) {
    return [`⚠ ${nodeName(node)} is the last reachable manager: the swarm would have no manager left (the engine refuses this).`];
  }
  if (reachableAfter < quorumAfter) {
    return [`⚠ Quorum would be lost: ${reachableAfter} of ${managersAfter} managers reachable, ${quorumAfter} needed.`];
  }
  const warnings: string[] = [];
  if (managersAfter % 2 === 0) warnings.push(`${managersAfter} managers remain: an even count adds no fault tolerance.`);
  return warnings;
}

function setRole(ctx: OperationContext, node: SwarmNode, role: 'manager' | 'worker'): void {
  const name = nodeName(node);
  if (node.Spec.Role === role) {
    flash(ctx.ui, `${name} is already a ${role}: nothing sent`);
    return;
  }
  const send = () =>
    perform(ctx, role === 'manager' ? `promoting ${name}` : `demoting ${name}`, `${name} is now a ${role}`, () =>
      ctx.client.nodes.setRole(node.ID, role),
    );
  if (role === 'manager') {
    send();
    return;
  }
  openDialog(ctx.ui, {
    kind: 'confirm',
    question: `Demote ${name} to a worker?`,
    details: [`It leaves the raft quorum and stops serving the API.`, ...demotionWarnings(ctx.snapshot?.nodes ?? [], node)],
    tone: 'warn',
    confirm: send,
  });
}

const serviceOperations: Partial<Record<OperationId, (ctx: OperationContext, service: SwarmService) => void>> = {
  scale,
  setImage,
  restart,
  rollback,
  resumeUpdate,
  removeService,
  editSpec: (ctx, service) => startEdit(ctx, ctx.editor, service),
};

const nodeOperations: Partial<Record<OperationId, (ctx: OperationContext, node: SwarmNode) => void>> = {
  pauseNode: (ctx, node) => setAvailability(ctx, node, 'pause'),
  activateNode: (ctx, node) => setAvailability(ctx, node, 'active'),
  drainNode: (ctx, node) => setAvailability(ctx, node, 'drain'),
  promoteNode: (ctx, node) => setRole(ctx, node, 'manager'),
  demoteNode: (ctx, node) => setRole(ctx, node, 'worker'),
};

/** Names, one line per kind, wrapped to a readable width so a long stack's list stays whole. */
function nameLines(kind: string, names: readonly string[]): string[] {
  if (names.length === 0) return [];
  const lines: string[] = [];
  let line = `  ${kind} (${names.length}): `;
  for (const [position, name] of names.entries()) {
    const piece = `${name}${position < names.length - 1 ? ', ' : ''}`;
    if (line.length + piece.length > 100 && !line.endsWith(': ')) {
      lines.push(line.trimEnd());
      line = '    ';
    }
    line += piece;
  }
  lines.push(line);
  return lines;
}

export function stackRemovalDetails(stack: Stack): string[] {
  return [
    ...nameLines('services', stack.services.map(service => service.Spec.Name)),
    ...nameLines('networks', stack.networks.map(network => network.Name)),
    ...nameLines('secrets', stack.secrets.map(secret => secret.Spec.Name)),
    ...nameLines('configs', stack.configs.map(config => config.Spec.Name)),
    "Their tasks will be stopped. This can't be undone.",
  ];
}

function removeStack(ctx: OperationContext, stack: Stack): void {
  const remover = ctx.client.stacks;
  if (!remover) {
    flash(ctx.ui, 'removing stacks is not available with this engine client', 'error');
    return;
  }
  openDialog(ctx.ui, {
    kind: 'confirm',
    question: `Remove stack ${stack.name} and everything in it?`,
    details: stackRemovalDetails(stack),
    tone: 'error',
    confirm: () =>
      perform(ctx, `removing stack ${stack.name}`, `stack ${stack.name} removed`, () =>
        remover.removeStack({
          services: stack.services.map(service => service.ID),
          networks: stack.networks.map(network => network.Id),
          secrets: stack.secrets.map(secret => secret.ID),
          configs: stack.configs.map(config => config.ID),
        }),
      ),
  });
}

export function startOperation(id: OperationId, ctx: OperationContext): void {
  if (id === 'removeStack') {
    const frame = topFrame(ctx.ui.getState().stack);
    const stack = frame.view === 'stacks' ? (selectedRow(ctx) as Stack | undefined) : undefined;
    if (stack) removeStack(ctx, stack);
    else flash(ctx.ui, 'select a stack first', 'warn');
    return;
  }
  const onService = serviceOperations[id];
  if (onService) {
    const service = targetService(ctx);
    if (service) onService(ctx, service);
    else flash(ctx.ui, 'select a service first', 'warn');
    return;
  }
  const onNode = nodeOperations[id];
  const node = targetNode(ctx);
  if (onNode && node) onNode(ctx, node);
  else flash(ctx.ui, 'select a node first', 'warn');
}
