// Every pane, by kind. On the view side a new pane is one descriptor file, its
// row type and entry here, and its name in keymap/names.ts (the layers below
// know panes only by name); commands, help, reading keys, task reads, plugin
// scopes and the config's pane names all follow from the descriptors. A pane of
// an engine list needs no name there: its record in docker/lists.ts makes it a
// ViewKind, so leaving out its descriptor or row type here is a compile error, and
// its data (read, snapshot field, store) follows from the record.

import type {Binding} from '../../keymap/keymap.js';
import type {ViewKind} from '../../keymap/names.js';
import type {Stack} from '../../model/object-users.js';
import type {SwarmConfig, SwarmEventRow, SwarmNode, SwarmSecret, SwarmService} from '../../docker/types.js';
import type {RolloutSlot} from '../../model/rollout-progress.js';
import type {NetworkRow} from '../../render/networks.js';
import type {StoredObjectRow} from '../../render/secrets.js';
import type {VolumeRow} from '../../render/volumes.js';
import type {TaskEntry} from '../../render/tasks.js';
import {eventsPane} from './events.js';
import {networksPane} from './networks.js';
import {nodesPane} from './nodes.js';
import type {PaneDescriptor} from './pane.js';
import {rolloutPane} from './rollout.js';
import {servicesPane} from './services.js';
import {stacksPane} from './stacks.js';
import {configsPane, secretsPane} from './stored-objects.js';
import {tasksPane} from './tasks.js';
import {volumesPane} from './volumes.js';

/** The row each pane lists. */
export interface PaneRows {
  nodes: SwarmNode;
  services: SwarmService;
  tasks: TaskEntry;
  rollout: RolloutSlot;
  stacks: Stack;
  networks: NetworkRow;
  secrets: StoredObjectRow<SwarmSecret>;
  configs: StoredObjectRow<SwarmConfig>;
  volumes: VolumeRow;
  events: SwarmEventRow;
}

/** In the order `:` help lists them. */
export const panes: {[K in ViewKind]: PaneDescriptor<PaneRows[K]>} = {
  nodes: nodesPane,
  services: servicesPane,
  tasks: tasksPane,
  stacks: stacksPane,
  networks: networksPane,
  secrets: secretsPane,
  configs: configsPane,
  volumes: volumesPane,
  rollout: rolloutPane,
  events: eventsPane,
};

/** Any pane, for code that only lists, counts or names rows. */
export type AnyPane = PaneDescriptor<PaneRows[ViewKind]>;

export function paneOf(kind: ViewKind): AnyPane {
  return panes[kind];
}

const allPanes: readonly AnyPane[] = Object.values(panes);
const kinds: readonly ViewKind[] = allPanes.map(pane => pane.kind);

/** The pane a `:` name opens, if any. */
export function paneByAlias(name: string): ViewKind | undefined {
  return kinds.find(kind => panes[kind].aliases.includes(name));
}

/**
 * The panes that list swarm objects (their rows have documents, `d` and `y`): every
 * engine list's pane and stacks. A plugin's `all` scopes these, and the config names them.
 */
export const objectPanes: readonly ViewKind[] = kinds.filter(kind => panes[kind].document);

/** The first alias of every pane a command opens: "nodes", "services", … */
export const paneCommands: readonly string[] = kinds.flatMap(kind => panes[kind].aliases.slice(0, 1));

/** Enter, on panes that lead somewhere. */
export function drillBindings(kind: ViewKind): Binding[] {
  const label = panes[kind].drillLabel;
  if (!label) return [];
  return [{keys: ['enter'], description: `Show ${label}`, action: {type: 'drill'}, group: 'Navigation', hint: 'drill'}];
}

const logPanes = kinds.filter(kind => panes[kind].logTarget);
const documentPanes = kinds.filter(kind => panes[kind].document);

/** `l`, `d` and `y`: present on the panes whose descriptors can answer them. */
export const readingBindings: Binding[] = [
  {keys: ['l'], description: 'Logs: follow the service (all tasks) or the task', action: {type: 'logs'}, group: 'Resource', views: logPanes, hint: 'logs'},
  {keys: ['d'], description: 'Describe', action: {type: 'document', kind: 'describe'}, group: 'Resource', views: documentPanes, hint: 'describe'},
  {keys: ['y'], description: 'YAML of the object', action: {type: 'document', kind: 'yaml'}, group: 'Resource', views: documentPanes, hint: 'yaml'},
];

/** Keys of a pane's own (`h`, `o`), for the panes that have them. */
export function paneBindings(kind: ViewKind): Binding[] {
  return (panes[kind].bindings ?? []).map(binding => ({...binding, views: [kind]}));
}
