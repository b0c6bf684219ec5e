// What an operation is: one object per thing that changes the swarm, in a file
// of its own. Keys, the panes it works on, whether it is dangerous, what it
// asks first and what it sends are all here; the keymap, help, hint bar and
// read-only mode are derived from these objects (see ../bindings.ts).

import type {SwarmClient} from '../../docker/client.js';
import {describeError} from '../../docker/errors.js';
import type {SwarmNode, SwarmService, SwarmSnapshot, SwarmTask} from '../../docker/types.js';
import type {OperationId, ViewKind} from '../../keymap/names.js';
import {type ServiceHealth, indexSnapshot} from '../../model/cluster-index.js';
import type {Stack} from '../../model/object-users.js';
import type {StoredObject} from '../../model/stored-versions.js';
import type {StoredKind} from '../../docker/stored-objects.js';
import type {Tone} from '../../render/columns.js';
import {openRollout} from '../../shell/navigation.js';
import {type UiStore, flash, flashPending} from '../../shell/ui-store.js';
import type {TextEditor} from '../edit.js';
import type {TaskShell} from '../task-shell.js';
import type {NodeVolumeRemover} from '../node-volumes.js';
import type {VolumeRow} from '../../render/volumes.js';

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
  /**
   * This console is about to change a service: a rollout that then starts on it
   * is its own doing, not news from elsewhere.
   */
  noteServiceChange: (serviceId: string) => void;
  /** Opens a shell in a task's container (`x`); absent where nodes can't be reached (demo, tests). */
  taskShell?: TaskShell;
  /** The node whose engine the console reads through now (it changes when the console moves to another manager). */
  connectedNodeId?: () => string | undefined;
  /** Removes a node's own volume through its engine; absent where nodes can't be reached. */
  nodeVolumes?: NodeVolumeRemover;
}

/** What an operation acts on, by kind. */
export interface OperationTargetOf {
  service: SwarmService;
  node: SwarmNode;
  stack: Stack;
  task: SwarmTask;
  /** A secret or config row. */
  stored: StoredObject;
  /** The secrets or configs pane itself, for what needs no row (creating one). */
  store: {kind: StoredKind};
  /** A volume row: where it lives and who mounts it. */
  volume: VolumeRow;
}

export type TargetKind = keyof OperationTargetOf;

/** A y/N question asked before an operation runs. */
export interface Confirmation {
  question: string;
  details: string[];
  tone: 'warn' | 'error';
}

/** Why nothing is sent (already drained, no previous spec), said instead of asking. */
export interface Refusal {
  text: string;
  tone: Tone;
}

interface OperationOn<K extends TargetKind> {
  id: OperationId;
  keys: string[];
  /** Help's words. */
  description: string;
  /** The panes whose key map has it. */
  panes: ViewKind[];
  /** Its word in the hint bar; absent keeps it out of the bar. */
  hint?: string;
  /** Panes where the hint shows; default every pane of `panes`. */
  hintOn?: ViewKind[];
  /** Panes where help lists it; default every pane of `panes` (it works on all of them). */
  listedOn?: ViewKind[];
  /** Changes the swarm: absent in read-only mode. */
  dangerous: boolean;
  target: K;
  refuse?(target: OperationTargetOf[K], ctx: OperationContext): Refusal | undefined;
  /** The question to ask first; undefined when there is nothing to ask. */
  confirm?(target: OperationTargetOf[K], ctx: OperationContext): Confirmation | undefined;
  /** Sends the change, or opens the form that will. */
  run(target: OperationTargetOf[K], ctx: OperationContext): void;
}

export type ServiceOperation = OperationOn<'service'>;
export type NodeOperation = OperationOn<'node'>;
export type StackOperation = OperationOn<'stack'>;
export type TaskOperation = OperationOn<'task'>;
export type StoredOperation = OperationOn<'stored'>;
export type StoreOperation = OperationOn<'store'>;
export type VolumeOperation = OperationOn<'volume'>;
export type Operation = ServiceOperation | NodeOperation | StackOperation | TaskOperation | StoredOperation | StoreOperation | VolumeOperation;

/** Sends one request, saying what is happening, then how it went; the console keeps running either way. */
export function perform(ctx: OperationContext, doing: string, done: string, request: () => Promise<void>): void {
  flashPending(ctx.ui, `${doing}…`);
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

/** `perform` for a change to a service, recorded as this console's own. */
export function changeService(ctx: OperationContext, service: SwarmService, doing: string, done: string, request: () => Promise<void>): void {
  ctx.noteServiceChange(service.ID);
  perform(ctx, doing, done, request);
}

/** The operator started a rollout: show it, task by task. */
export function followRollout(ctx: OperationContext, service: SwarmService): void {
  ctx.ui.setState(state => ({stack: openRollout(state.stack, service.ID)}));
}

export function taskCounts(ctx: OperationContext, service: SwarmService): ServiceHealth {
  const health = ctx.snapshot && indexSnapshot(ctx.snapshot).healthByService.get(service.ID);
  return health ?? {running: 0, desired: service.Spec.Mode.Replicated?.Replicas ?? 0};
}
