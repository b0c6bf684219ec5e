import type {OperationId, ViewKind} from './names.js';
import type {SortShortcut} from '../render/columns.js';
import {displayKey} from './keys.js';

export type Action =
  | {type: 'move'; by: number}
  | {type: 'page'; by: number}
  | {type: 'top'}
  | {type: 'bottom'}
  | {type: 'drill'}
  | {type: 'back'}
  | {type: 'command'}
  | {type: 'filter'}
  | {type: 'help'}
  | {type: 'quit'}
  | {type: 'refresh'}
  | {type: 'toggleHistory'}
  | {type: 'rollout'}
  | {type: 'sort'; columnId: string}
  | {type: 'view'; view: ViewKind}
  | {type: 'operate'; operation: OperationId}
  | {type: 'logs'}
  /** A document about the selected row: `d` a readable summary, `y` the raw object as YAML. */
  | {type: 'document'; kind: 'describe' | 'yaml'}
  /** A command of the open screen (logs, describe), run by the screen itself. */
  | {type: 'screen'; command: string}
  /** A user's plugin (plugins.yml), by name. */
  | {type: 'plugin'; name: string}
  /** A user's hotkey (hotkeys.yml): a `:` command. */
  | {type: 'run'; command: string}
  /** The events pane: `p` freezes the list or lets it move again; `f` follows the newest event. */
  | {type: 'pauseEvents'}
  | {type: 'followEvents'};

export type BindingGroup = 'Navigation' | 'Views' | 'Resource' | 'Plugins' | 'General';

export interface Binding {
  keys: string[];
  description: string;
  action: Action;
  group: BindingGroup;
  /** Views the binding applies to; absent means every resource view. */
  views?: ViewKind[];
  /** Changes the swarm: absent from help and hints in read-only mode, and refused there. */
  dangerous?: boolean;
  /** What read-only mode says when the key is pressed anyway; default "would change the swarm". */
  readOnlyReason?: string;
  /** Works, but is not listed in help or hints. */
  hidden?: boolean;
  /** The word shown for this binding in the one-line hint bar; absent keeps it out of the bar. */
  hint?: string;
}

export const globalBindings: Binding[] = [
  {keys: ['k', 'up'], description: 'Move up', action: {type: 'move', by: -1}, group: 'Navigation'},
  {keys: ['j', 'down'], description: 'Move down', action: {type: 'move', by: 1}, group: 'Navigation'},
  {keys: ['g', 'home'], description: 'First row', action: {type: 'top'}, group: 'Navigation'},
  {keys: ['G', 'end'], description: 'Last row', action: {type: 'bottom'}, group: 'Navigation'},
  {keys: ['pgup', 'ctrl-b'], description: 'Page up', action: {type: 'page', by: -1}, group: 'Navigation'},
  {keys: ['pgdn', 'ctrl-f'], description: 'Page down', action: {type: 'page', by: 1}, group: 'Navigation'},
  {keys: ['esc'], description: 'Clear filter, then back', action: {type: 'back'}, group: 'Navigation', hint: 'back'},
  {keys: [':'], description: 'Command: :nodes :svc :stacks…', action: {type: 'command'}, group: 'General', hint: 'cmd'},
  {keys: ['/'], description: 'Filter rows (in logs and documents: lines)', action: {type: 'filter'}, group: 'General', hint: 'filter'},
  {keys: ['?'], description: 'Help', action: {type: 'help'}, group: 'General', hint: 'help'},
  {keys: ['1'], description: 'Nodes', action: {type: 'view', view: 'nodes'}, group: 'Views'},
  {keys: ['2'], description: 'Services', action: {type: 'view', view: 'services'}, group: 'Views'},
  {keys: ['3'], description: 'Tasks (all)', action: {type: 'view', view: 'tasks'}, group: 'Views'},
  {keys: ['ctrl-r'], description: 'Refresh now', action: {type: 'refresh'}, group: 'General'},
  {keys: ['q', 'ctrl-c'], description: 'Quit', action: {type: 'quit'}, group: 'General', hint: 'quit'},
];

export function sortBindings(shortcuts: readonly SortShortcut[]): Binding[] {
  return shortcuts.map(shortcut => ({
    keys: [shortcut.key],
    description: `Sort by ${shortcut.label}`,
    action: {type: 'sort', columnId: shortcut.columnId},
    group: 'Resource',
  }));
}

/** The bindings of `bindings` that apply on pane `view`, less those read-only mode removes. */
export function bindingsFor(bindings: readonly Binding[], view: ViewKind, readOnly: boolean): Binding[] {
  return bindings.filter(binding => (!binding.views || binding.views.includes(view)) && !(readOnly && binding.dangerous));
}

/** A screen's own keys first, so its `j`/`G`/`f` win over the shell's; then the shell-wide ones it leaves free. */
export function screenKeymap(screen: readonly Binding[], readOnly: boolean): Binding[] {
  const taken = new Set(screen.flatMap(binding => binding.keys));
  const shellWide = globalBindings.filter(binding => !binding.views && !binding.keys.every(key => taken.has(key)));
  return [...screen, ...shellWide].filter(binding => !(readOnly && binding.dangerous));
}

export function findBinding(bindings: readonly Binding[], key: string): Binding | undefined {
  return bindings.find(binding => binding.keys.includes(key));
}

/** What read-only mode says of `key`, given every binding it would have outside read-only mode. */
export function readOnlyMessage(writable: readonly Binding[], key: string): string | undefined {
  const binding = writable.find(candidate => candidate.dangerous && candidate.keys.includes(key));
  return binding && `read-only: ${key} ${binding.readOnlyReason ?? 'would change the swarm'}, so it is off`;
}

export function keyLabel(binding: Binding): string {
  return binding.keys.map(displayKey).join('/');
}

export interface HelpSection {
  group: BindingGroup;
  rows: Array<{keys: string; description: string}>;
}

const groupOrder: BindingGroup[] = ['Resource', 'Plugins', 'Navigation', 'General', 'Views'];

export function helpSections(bindings: readonly Binding[]): HelpSection[] {
  return groupOrder
    .map(group => ({
      group,
      rows: bindings
        .filter(binding => binding.group === group && !binding.hidden)
        .map(binding => ({keys: keyLabel(binding), description: binding.description})),
    }))
    .filter(section => section.rows.length > 0);
}

/** Hints that are always shown, last on the bar: how to get help and how to leave. */
const ESSENTIAL: ReadonlySet<Action['type']> = new Set(['help', 'quit']);

/** `<key> label` and the two spaces after it. */
function hintSize(hint: {key: string; label: string}): number {
  return hint.key.length + hint.label.length + 5;
}

/**
 * The hint bar: `<key> word` pairs that fit in `width`. Help and quit always
 * have their room, at the end; the others follow the pane's reading keys, then
 * the plugins, the operations and the shell's keys, each in keymap order, and
 * those that do not fit drop.
 */
export function hintLine(bindings: readonly Binding[], width: number): Array<{key: string; label: string}> {
  // The pane's reading keys first, the user's plugins next, then operations, then the shell's own keys.
  const rank = (binding: Binding) => (binding.group === 'Plugins' ? 1 : binding.action.type === 'operate' ? 2 : globalBindings.includes(binding) ? 3 : 0);
  const hinted = bindings.filter(binding => binding.hint && !binding.hidden).sort((a, b) => rank(a) - rank(b));
  const toHint = (binding: Binding) => ({key: displayKey(binding.keys[0]!), label: binding.hint!});
  const essential = hinted.filter(binding => ESSENTIAL.has(binding.action.type)).map(toHint);
  const hints: Array<{key: string; label: string}> = [];
  // The last hint's trailing spaces may fall off the edge.
  let used = essential.reduce((sum, hint) => sum + hintSize(hint), 0) - 2;
  for (const binding of hinted) {
    if (ESSENTIAL.has(binding.action.type)) continue;
    const hint = toHint(binding);
    if (used + hintSize(hint) > width) break;
    hints.push(hint);
    used += hintSize(hint);
  }
  return [...hints, ...essential];
}
