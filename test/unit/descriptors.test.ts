// The pane descriptors and operation objects are the single place the keymap,
// help, `:` commands and read-only mode come from: these check the derivation.
import {describe, expect, it} from 'vitest';
import {activeBindings} from '../../source/app/bindings.js';
import {COMMAND_HELP, runCommand} from '../../source/app/commands.js';
import {operations} from '../../source/app/operations/index.js';
import {helpSections} from '../../source/keymap/keymap.js';
import type {ViewKind} from '../../source/keymap/names.js';
import {newFrame, topFrame} from '../../source/shell/navigation.js';
import {createUiStore} from '../../source/shell/ui-store.js';
import {operationTargets, selectedRow} from '../../source/views/panes/selection.js';
import {paneByAlias, panes} from '../../source/views/panes/registry.js';
import {labSnapshot, serviceNamed} from '../support/fixtures.js';

const kinds = Object.keys(panes) as ViewKind[];

describe('pane descriptors', () => {
  it('open their pane from every alias, and nothing else does', () => {
    for (const kind of kinds) {
      for (const alias of panes[kind].aliases) {
        expect(paneByAlias(alias)).toBe(kind);
        const ui = createUiStore('services');
        runCommand(ui, alias, {quit: () => {}});
        expect(topFrame(ui.getState().stack).view).toBe(kind);
      }
    }
    expect(paneByAlias('rollout')).toBeUndefined();
    const ui = createUiStore('services');
    runCommand(ui, 'servcies', {quit: () => {}});
    expect(ui.getState().flash?.text).toBe(
      'unknown command :servcies — try :nodes, :services, :tasks, :stacks, :networks, :secrets, :configs, :volumes, :events or :swarm',
    );
    // :ctx (docker contexts) and :events are newer panes and commands: the empty prompt lists them too.
    expect(COMMAND_HELP).toBe('nodes · services · tasks · stacks · networks · secrets · configs · volumes · events · swarm · ctx · help · quit');
  });

  it('give each pane the reading keys its descriptor can answer', () => {
    for (const kind of kinds) {
      const keys = activeBindings({view: kind, sortShortcuts: [], readOnly: true}).flatMap(binding => binding.keys);
      expect(keys.includes('enter'), kind).toBe(panes[kind].drill !== undefined);
      expect(keys.includes('l'), kind).toBe(panes[kind].logTarget !== undefined);
      expect(keys.includes('d'), kind).toBe(panes[kind].document !== undefined);
    }
  });

  it('select rows by ID, typed by the pane, and name what operations act on', () => {
    const snapshot = labSnapshot();
    const web = serviceNamed(snapshot, 'web');
    const onServices = {...newFrame('services'), selectedId: web.ID};
    expect(selectedRow('services', onServices, snapshot)?.Spec.Name).toBe('web');
    expect(selectedRow('nodes', onServices, snapshot)).toBeUndefined();
    expect(operationTargets(onServices, snapshot).service?.ID).toBe(web.ID);
    const tasksOfWeb = newFrame('tasks', {serviceId: web.ID});
    expect(operationTargets(tasksOfWeb, snapshot)).toEqual({service: web});
    const onNodes = newFrame('nodes');
    expect(operationTargets(onNodes, snapshot).node).toBe(selectedRow('nodes', onNodes, snapshot));
    expect(operationTargets(onNodes, snapshot).service).toBeUndefined();
  });
});

describe('operation objects', () => {
  it('each put their key on their panes, in help, and nowhere in read-only mode', () => {
    for (const operation of operations) {
      for (const pane of operation.panes) {
        const writable = activeBindings({view: pane, sortShortcuts: [], readOnly: false});
        const bound = writable.find(binding => binding.action.type === 'operate' && binding.action.operation === operation.id);
        expect(bound?.keys, `${operation.id} on ${pane}`).toEqual(operation.keys);
        const listed = helpSections(writable).flatMap(section => section.rows.map(row => row.description));
        expect(listed.includes(operation.description), `${operation.id} in help on ${pane}`).toBe(!operation.listedOn || operation.listedOn.includes(pane));
        const readOnly = activeBindings({view: pane, sortShortcuts: [], readOnly: true});
        expect(readOnly.some(binding => binding.action.type === 'operate')).toBe(false);
      }
      for (const pane of kinds.filter(kind => !operation.panes.includes(kind))) {
        const bindings = activeBindings({view: pane, sortShortcuts: [], readOnly: false});
        expect(bindings.some(binding => binding.action.type === 'operate' && binding.action.operation === operation.id)).toBe(false);
      }
    }
  });

  it('have one key per pane: no two operations share a key on a pane', () => {
    for (const kind of kinds) {
      const keys = operations.filter(operation => operation.panes.includes(kind)).flatMap(operation => operation.keys);
      expect(new Set(keys).size, kind).toBe(keys.length);
    }
  });
});
