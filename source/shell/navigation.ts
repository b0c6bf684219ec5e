// Where the user is: a stack of frames (services → tasks of web), each keeping
// its own selection, filter and sort. Pure functions over plain data (a frame
// may carry a screen, the one object that is not: it owns a stream or a document).

import type {ViewKind} from '../keymap/names.js';
import type {SortOrder} from '../render/columns.js';
import type {Screen} from './screen.js';

export interface Scope {
  serviceId?: string;
  nodeId?: string;
  /** The services of one stack (`com.docker.stack.namespace`). */
  stack?: string;
}

export interface Frame {
  view: ViewKind;
  scope?: Scope;
  /** The selected row's object ID: a refresh or re-sort keeps the same object selected. */
  selectedId?: string;
  /** Where the selection was last seen, to land nearby if that object disappears. */
  lastIndex: number;
  filter: string;
  sort?: SortOrder;
  showHistory: boolean;
  /** The events pane is paused: it lists events up to this sequence number only. */
  pausedAt?: number;
  /** Set for a non-table pane (logs, describe): the frame shows this instead of `view`'s table. */
  screen?: Screen;
}

export function newFrame(view: ViewKind, scope?: Scope): Frame {
  return {view, scope, lastIndex: 0, filter: '', showHistory: true};
}

export function topFrame(stack: readonly Frame[]): Frame {
  return stack[stack.length - 1]!;
}

export function updateTop(stack: readonly Frame[], change: Partial<Frame>): Frame[] {
  return [...stack.slice(0, -1), {...topFrame(stack), ...change}];
}

export function push(stack: readonly Frame[], frame: Frame): Frame[] {
  return [...stack, frame];
}

/**
 * Opens a screen over the current frame. `view` and `scope` say which cluster
 * data the screen draws on (a service's logs name lines by its tasks), so the
 * model reads what it needs; by default the parent's.
 */
export function pushScreen(stack: readonly Frame[], screen: Screen, over?: {view: ViewKind; scope?: Scope}): Frame[] {
  const parent = topFrame(stack);
  return [...stack, {...newFrame(over?.view ?? parent.view, over ? over.scope : parent.scope), screen}];
}

/** Screens in `before` that `after` no longer holds: they are to be disposed. */
export function droppedScreens(before: readonly Frame[], after: readonly Frame[]): Screen[] {
  const kept = new Set(after.map(frame => frame.screen).filter(Boolean));
  return before.flatMap(frame => (frame.screen && !kept.has(frame.screen) ? [frame.screen] : []));
}

/** Esc: first clears the filter, then leaves the frame; the root frame stays. */
export function back(stack: readonly Frame[]): Frame[] {
  const top = topFrame(stack);
  if (top.filter) return updateTop(stack, {filter: ''});
  return stack.length > 1 ? stack.slice(0, -1) : [...stack];
}

/** Opens a service's rollout on top of where the user is, unless it is what is showing already. */
export function openRollout(stack: readonly Frame[], serviceId: string): Frame[] {
  const top = topFrame(stack);
  if (top.view === 'rollout' && top.scope?.serviceId === serviceId) return [...stack];
  return push(stack, newFrame('rollout', {serviceId}));
}

/** `:services` and friends start a fresh stack at that view, keeping its last state if it is the root already. */
export function switchTo(stack: readonly Frame[], view: ViewKind): Frame[] {
  const root = stack[0]!;
  if (root.view === view && !root.scope) return [root];
  return [newFrame(view)];
}

export function toggleSort(frame: Frame, columnId: string): SortOrder {
  if (frame.sort?.columnId === columnId) return {columnId, descending: !frame.sort.descending};
  return {columnId, descending: false};
}

/**
 * The row index the selection sits on: the selected object's current position,
 * or, when it vanished, the nearest row to where it was.
 */
export function selectedIndex(ids: readonly string[], frame: Frame): number {
  if (ids.length === 0) return -1;
  if (frame.selectedId !== undefined) {
    const found = ids.indexOf(frame.selectedId);
    if (found !== -1) return found;
  }
  return Math.min(Math.max(frame.lastIndex, 0), ids.length - 1);
}

export function moveSelection(ids: readonly string[], target: number): Partial<Frame> {
  if (ids.length === 0) return {};
  const index = Math.min(Math.max(target, 0), ids.length - 1);
  return {selectedId: ids[index], lastIndex: index};
}
