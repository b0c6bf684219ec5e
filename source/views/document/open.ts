// Opens describe and YAML documents on the selected row of a table pane. The
// document finds its object again by ID in the newest snapshot on every draw,
// so it follows the live object; if the object goes, it says so and keeps the
// last version it saw.

import type {ViewKind} from '../../keymap/names.js';
import type {Frame} from '../../shell/navigation.js';
import {pushScreen, selectedIndex, topFrame} from '../../shell/navigation.js';
import {type UiStore, flash} from '../../shell/ui-store.js';
import type {SwarmSnapshot} from '../../docker/types.js';
import {indexSnapshot} from '../../model/cluster-index.js';
import {type Stack, objectUsers} from '../../model/object-users.js';
import {
  describeConfig,
  describeNetwork,
  describeNode,
  describeSecret,
  describeService,
  describeStack,
  describeTask,
} from '../../render/describe.js';
import {nodeName} from '../../render/nodes.js';
import {taskName} from '../../render/tasks.js';
import {yamlLines} from '../../render/yaml.js';
import {listRows, rowIds} from '../resource-spec.js';
import {viewSpecs} from '../registry.js';
import {DocumentScreen} from './DocumentScreen.js';

export type DocumentKind = 'describe' | 'yaml';

/** How to find an object of a pane again in a snapshot, name it, and say what it is. */
interface Documented {
  noun: string;
  find(snapshot: SwarmSnapshot, id: string): unknown;
  name(object: unknown, snapshot: SwarmSnapshot): string;
  describe(object: unknown, snapshot: SwarmSnapshot): string[];
  /** The object as the API returns it. */
  raw(object: unknown): unknown;
}

type Row = Parameters<Documented['name']>[0];
const as = <T>(object: Row) => object as T;

const documented: Partial<Record<ViewKind, Documented>> = {
  nodes: {
    noun: 'node',
    find: (snapshot, id) => snapshot.nodes.find(node => node.ID === id),
    name: node => nodeName(as(node)),
    describe: (node, snapshot) => describeNode(as(node), indexSnapshot(snapshot)),
    raw: node => node,
  },
  services: {
    noun: 'service',
    find: (snapshot, id) => snapshot.services.find(service => service.ID === id),
    name: service => as<{Spec: {Name: string}}>(service).Spec.Name,
    describe: (service, snapshot) => describeService(as(service), snapshot, indexSnapshot(snapshot)),
    raw: service => service,
  },
  tasks: {
    noun: 'task',
    find: (snapshot, id) => snapshot.tasks.find(task => task.ID === id),
    name: (task, snapshot) => taskName(as(task), indexSnapshot(snapshot)),
    describe: (task, snapshot) => describeTask(as(task), indexSnapshot(snapshot)),
    raw: task => task,
  },
  stacks: {
    noun: 'stack',
    find: (snapshot, id) => objectUsers(snapshot).stacks.find(stack => stack.name === id),
    name: stack => as<Stack>(stack).name,
    describe: (stack, snapshot) => describeStack(as(stack), indexSnapshot(snapshot)),
    // A stack is no API object: its YAML is its members as the API returns them.
    raw: stack => {
      const {name, services, networks, secrets, configs} = as<Stack>(stack);
      return {Name: name, Services: services, Networks: networks, Secrets: secrets, Configs: configs};
    },
  },
  networks: {
    noun: 'network',
    find: (snapshot, id) => snapshot.networks?.find(network => network.Id === id),
    name: network => as<{Name: string}>(network).Name,
    describe: (network, snapshot) => describeNetwork(as(network), snapshot),
    raw: network => network,
  },
  secrets: {
    noun: 'secret',
    find: (snapshot, id) => snapshot.secrets?.find(secret => secret.ID === id),
    name: secret => as<{Spec: {Name: string}}>(secret).Spec.Name,
    describe: (secret, snapshot) => describeSecret(as(secret), snapshot),
    raw: secret => secret,
  },
  configs: {
    noun: 'config',
    find: (snapshot, id) => snapshot.configs?.find(config => config.ID === id),
    name: config => as<{Spec: {Name: string}}>(config).Spec.Name,
    describe: (config, snapshot) => describeConfig(as(config), snapshot),
    raw: config => config,
  },
};

/** The ID of the selected row of a table frame. */
export function selectedId(frame: Frame, snapshot: SwarmSnapshot): string | undefined {
  const spec = viewSpecs[frame.view];
  const rows = listRows(spec, snapshot, frame);
  const ids = rowIds(spec, rows);
  return ids[selectedIndex(ids, frame)];
}

/** A document that follows one object through snapshots. */
export function objectDocument(view: ViewKind, id: string, kind: DocumentKind, snapshot: () => SwarmSnapshot | undefined): DocumentScreen | undefined {
  const about = documented[view];
  const first = snapshot();
  const found = first && about?.find(first, id);
  if (!about || !first || !found) return undefined;
  const name = about.name(found, first);
  let lastSeen: {object: unknown; snapshot: SwarmSnapshot} = {object: found, snapshot: first};
  return new DocumentScreen({
    title: kind === 'describe' ? `describe ${about.noun} ${name}` : `yaml of ${about.noun} ${name}`,
    lines: () => {
      const current = snapshot();
      const object = current && about.find(current, id);
      if (current && object) lastSeen = {object, snapshot: current};
      const gone = object ? [] : [`(this ${about.noun} is no longer in the swarm: shown as last seen)`, ''];
      const body = kind === 'describe' ? about.describe(lastSeen.object, lastSeen.snapshot) : yamlLines(about.raw(lastSeen.object));
      return [...gone, ...body];
    },
  });
}

/** `d` / `y` on a table pane: opens the document about the selected row. */
export function openObjectDocument(ui: UiStore, kind: DocumentKind, snapshot: () => SwarmSnapshot | undefined): void {
  const frame = topFrame(ui.getState().stack);
  const current = snapshot();
  if (frame.screen || !current) return;
  if (!documented[frame.view]) {
    flash(ui, `nothing to ${kind === 'describe' ? 'describe' : 'show as YAML'} on the ${viewSpecs[frame.view].noun} pane`, 'warn');
    return;
  }
  const id = selectedId(frame, current);
  const screen = id === undefined ? undefined : objectDocument(frame.view, id, kind, snapshot);
  if (!screen) {
    flash(ui, `select a ${documented[frame.view]!.noun} first`, 'warn');
    return;
  }
  ui.setState(state => ({stack: pushScreen(state.stack, screen)}));
}
