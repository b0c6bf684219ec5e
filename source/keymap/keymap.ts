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
  | {type: 'screen'; command: string};

export type BindingGroup = 'Navigation' | 'Views' | 'Resource' | 'General';

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

const drillTargets: Partial<Record<ViewKind, string>> = {services: 'its tasks', nodes: 'tasks on this node', stacks: "the stack's services"};

const documentViews: ViewKind[] = ['nodes', 'services', 'tasks', 'stacks', 'networks', 'secrets', 'configs'];

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
  {
    keys: ['h'],
    description: 'Show or hide past tasks',
    action: {type: 'toggleHistory'},
    group: 'Resource',
    views: ['tasks'],
    hint: 'history',
  },
  {
    keys: ['o'],
    description: "Show the service's rollout, slot by slot",
    action: {type: 'rollout'},
    group: 'Resource',
    views: ['services', 'tasks'],
    hint: 'rollout',
  },
];

/** Reading, not changing: present in read-only mode too. */
export const resourceBindings: Binding[] = [
  {keys: ['l'], description: 'Logs: follow the service (all tasks) or the task', action: {type: 'logs'}, group: 'Resource', views: ['services', 'tasks', 'rollout'], hint: 'logs'},
  {keys: ['d'], description: 'Describe', action: {type: 'document', kind: 'describe'}, group: 'Resource', views: documentViews, hint: 'describe'},
  {keys: ['y'], description: 'YAML of the object', action: {type: 'document', kind: 'yaml'}, group: 'Resource', views: documentViews, hint: 'yaml'},
];

const operate = (operation: OperationId): Action => ({type: 'operate', operation});

/** Everything that changes the swarm. Read-only mode removes all of these. */
export const operationBindings: Binding[] = [
  {keys: ['s'], description: 'Scale the service', action: operate('scale'), group: 'Resource', views: ['services', 'tasks'], dangerous: true, hint: 'scale'},
  {keys: ['i'], description: 'Set the image (rolling update)', action: operate('setImage'), group: 'Resource', views: ['services', 'tasks', 'rollout'], dangerous: true, hint: 'image'},
  {keys: ['r'], description: 'Restart: replace every task', action: operate('restart'), group: 'Resource', views: ['services'], dangerous: true},
  {keys: ['ctrl-l'], description: 'Roll back to the previous spec', action: operate('rollback'), group: 'Resource', views: ['services'], dangerous: true},
  {keys: ['e'], description: 'Edit the spec in $EDITOR (YAML)', action: operate('editSpec'), group: 'Resource', views: ['services'], dangerous: true, hint: 'edit'},
  // Listed in the rollout view's help, where a paused update is seen; works on the services pane too.
  {keys: ['u'], description: 'Resume a paused update: send the spec again', action: operate('resumeUpdate'), group: 'Resource', views: ['services'], dangerous: true, hidden: true},
  // The rollout view offers the same two in its hint bar: there they are what one is there for.
  {keys: ['ctrl-l'], description: 'Roll back to the previous spec', action: operate('rollback'), group: 'Resource', views: ['rollout'], dangerous: true, hint: 'roll back'},
  {keys: ['u'], description: 'Resume a paused update: send the spec again', action: operate('resumeUpdate'), group: 'Resource', views: ['rollout'], dangerous: true, hint: 'resume'},
  {keys: ['ctrl-d'], description: 'Remove the service', action: operate('removeService'), group: 'Resource', views: ['services'], dangerous: true},
  {keys: ['ctrl-d'], description: 'Remove the stack (services, networks, secrets, configs)', action: operate('removeStack'), group: 'Resource', views: ['stacks'], dangerous: true},
  {keys: ['c'], description: 'Cordon: pause, no new tasks', action: operate('pauseNode'), group: 'Resource', views: ['nodes'], dangerous: true},
  {keys: ['u'], description: 'Uncordon: make active', action: operate('activateNode'), group: 'Resource', views: ['nodes'], dangerous: true},
  {keys: ['r'], description: 'Drain: move its tasks away', action: operate('drainNode'), group: 'Resource', views: ['nodes'], dangerous: true, hint: 'drain'},
  {keys: ['+'], description: 'Promote to manager', action: operate('promoteNode'), group: 'Resource', views: ['nodes'], dangerous: true},
  {keys: ['-'], description: 'Demote to worker', action: operate('demoteNode'), group: 'Resource', views: ['nodes'], dangerous: true},
];

function drillBinding(view: ViewKind): Binding[] {
  const target = drillTargets[view];
  if (!target) return [];
  return [{keys: ['enter'], description: `Show ${target}`, action: {type: 'drill'}, group: 'Navigation', hint: 'drill'}];
}

function sortBindings(shortcuts: readonly SortShortcut[]): Binding[] {
  return shortcuts.map(shortcut => ({
    keys: [shortcut.key],
    description: `Sort by ${shortcut.label}`,
    action: {type: 'sort', columnId: shortcut.columnId},
    group: 'Resource',
  }));
}

export interface KeymapOptions {
  view: ViewKind;
  sortShortcuts: readonly SortShortcut[];
  readOnly: boolean;
  /** The open screen's own bindings; then the table's bindings do not apply, only shell-wide ones. */
  screen?: readonly Binding[];
}

function appliesTo(binding: Binding, view: ViewKind): boolean {
  return !binding.views || binding.views.includes(view);
}

/** Every binding in force for a view, without those read-only mode removes. */
export function activeBindings(options: KeymapOptions): Binding[] {
  if (options.screen) {
    // A screen's keys come first, so its `j`/`G`/`f` win over the shell's.
    const taken = new Set(options.screen.flatMap(binding => binding.keys));
    const shellWide = globalBindings.filter(binding => !binding.views && !binding.keys.every(key => taken.has(key)));
    return [...options.screen, ...shellWide].filter(binding => !(options.readOnly && binding.dangerous));
  }
  return [
    ...drillBinding(options.view),
    ...resourceBindings,
    ...operationBindings,
    ...globalBindings,
    ...sortBindings(options.sortShortcuts),
  ]
    .filter(binding => appliesTo(binding, options.view))
    .filter(binding => !(options.readOnly && binding.dangerous));
}

export function findBinding(bindings: readonly Binding[], key: string): Binding | undefined {
  return bindings.find(binding => binding.keys.includes(key));
}

/** True when `key` is bound to a mutating action that read-only mode removed. */
export function refusedInReadOnly(options: KeymapOptions, key: string): boolean {
  return readOnlyRefusal(options, key) !== undefined;
}

/** Why read-only mode refuses `key` here, or undefined when it does not. */
export function readOnlyRefusal(options: KeymapOptions, key: string): string | undefined {
  if (!options.readOnly) return undefined;
  const all = activeBindings({...options, readOnly: false});
  const binding = all.find(candidate => candidate.dangerous && candidate.keys.includes(key));
  return binding && `read-only: ${key} ${binding.readOnlyReason ?? 'would change the swarm'}, so it is off`;
}

export function keyLabel(binding: Binding): string {
  return binding.keys.map(displayKey).join('/');
}

export interface HelpSection {
  group: BindingGroup;
  rows: Array<{keys: string; description: string}>;
}

const groupOrder: BindingGroup[] = ['Resource', 'Navigation', 'General', 'Views'];

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

/** The hint bar: `<key> word` pairs that fit in `width`, in keymap order. */
export function hintLine(bindings: readonly Binding[], width: number): Array<{key: string; label: string}> {
  const hints: Array<{key: string; label: string}> = [];
  let used = 0;
  for (const binding of bindings) {
    if (!binding.hint || binding.hidden) continue;
    const hint = {key: displayKey(binding.keys[0]!), label: binding.hint};
    const size = hint.key.length + hint.label.length + 4;
    if (used + size > width) break;
    hints.push(hint);
    used += size;
  }
  return hints;
}


export const commandAliases: Record<string, ViewKind> = {
  nodes: 'nodes',
  node: 'nodes',
  no: 'nodes',
  services: 'services',
  service: 'services',
  svc: 'services',
  se: 'services',
  tasks: 'tasks',
  task: 'tasks',
  ta: 'tasks',
  ps: 'tasks',
  stacks: 'stacks',
  stack: 'stacks',
  st: 'stacks',
  networks: 'networks',
  network: 'networks',
  net: 'networks',
  secrets: 'secrets',
  secret: 'secrets',
  configs: 'configs',
  config: 'configs',
};
