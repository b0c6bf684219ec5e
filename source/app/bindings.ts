// The keymap in force on a pane, put together from the objects that own each
// key: the shell's global keys, the pane descriptor's (Enter, `l`/`d`/`y`, its
// own keys and sorts) and the operation objects'.

import {type Binding, bindingsFor, globalBindings, readOnlyMessage, screenKeymap, sortBindings} from '../keymap/keymap.js';
import type {ViewKind} from '../keymap/names.js';
import type {SortShortcut} from '../render/columns.js';
import type {Frame} from '../shell/navigation.js';
import {drillBindings, paneBindings, paneOf, panes, readingBindings} from '../views/panes/registry.js';
import {type UserKeys, checkUserKeys, installUserKeys, userBindings} from './user-keys.js';
import {operations} from './operations/index.js';
import type {Operation} from './operations/operation.js';

export interface KeymapOptions {
  view: ViewKind;
  sortShortcuts: readonly SortShortcut[];
  readOnly: boolean;
  /** The open screen's own bindings; then the table's bindings do not apply, only shell-wide ones. */
  screen?: readonly Binding[];
}

/** An operation's key on each of its panes: help and the hint bar may treat panes differently. */
function operationBindings(operation: Operation): Binding[] {
  return operation.panes.map(pane => ({
    keys: operation.keys,
    description: operation.description,
    action: {type: 'operate', operation: operation.id},
    group: 'Resource',
    views: [pane],
    dangerous: operation.dangerous,
    hidden: operation.listedOn ? !operation.listedOn.includes(pane) : undefined,
    hint: !operation.hintOn || operation.hintOn.includes(pane) ? operation.hint : undefined,
  }));
}

const allOperationBindings: readonly Binding[] = operations.flatMap(operationBindings);

// A notice of a rollout started elsewhere says "o watches it" on whatever pane shows it; a pane's own `o` comes first.
const noticeBinding: Binding = {keys: ['o'], description: 'Watch the rollout just announced', action: {type: 'rollout'}, group: 'General', hidden: true};

/** Every binding in force for a view, without those read-only mode removes. */
export function activeBindings(options: KeymapOptions): Binding[] {
  if (options.screen) return screenKeymap(options.screen, options.readOnly);
  return bindingsFor([...builtInBindings(options), ...userBindings(options.view)], options.view, options.readOnly);
}

/** swarmtop's own keys on a pane, before the user's plugins and hotkeys. */
function builtInBindings(options: KeymapOptions): Binding[] {
  const own = [
    ...drillBindings(options.view),
    ...readingBindings,
    ...allOperationBindings,
    ...globalBindings,
    ...paneBindings(options.view),
    ...sortBindings(options.sortShortcuts),
  ];
  const bindings = bindingsFor(own, options.view, false);
  return bindings.some(binding => binding.keys.includes('o')) ? bindings : [...bindings, noticeBinding];
}

/** Puts the user's aliases, hotkeys and plugins in force, refusing any key that one of swarmtop's own already holds. */
export function installUserKeysChecked(keys: UserKeys): void {
  const views = Object.keys(panes) as ViewKind[];
  checkUserKeys(keys, view => builtInBindings({view, sortShortcuts: paneOf(view).sortShortcuts, readOnly: false}), views);
  installUserKeys(keys);
}

/** True when `key` is bound to a mutating action that read-only mode removed. */
export function refusedInReadOnly(options: KeymapOptions, key: string): boolean {
  return readOnlyRefusal(options, key) !== undefined;
}

/** Why read-only mode refuses `key` here, or undefined when it does not. */
export function readOnlyRefusal(options: KeymapOptions, key: string): string | undefined {
  if (!options.readOnly) return undefined;
  return readOnlyMessage(activeBindings({...options, readOnly: false}), key);
}

/** The keymap in force for a frame: its screen's, or its pane's. */
export function keymapOptions(frame: Frame, readOnly: boolean): KeymapOptions {
  return {view: frame.view, sortShortcuts: paneOf(frame.view).sortShortcuts, readOnly, screen: frame.screen?.bindings()};
}
