import {describe, expect, it} from 'vitest';
import {activeBindings, readOnlyRefusal, refusedInReadOnly} from '../../source/app/bindings.js';
import {findBinding, helpSections, hintLine, type Binding} from '../../source/keymap/keymap.js';
import {serviceSortShortcuts} from '../../source/render/services.js';
import {taskSortShortcuts} from '../../source/render/tasks.js';

describe('keymap', () => {
  it('binds the k9s navigation keys in every view', () => {
    for (const view of ['nodes', 'services', 'tasks'] as const) {
      const bindings = activeBindings({view, sortShortcuts: [], readOnly: false});
      expect(findBinding(bindings, 'j')?.action).toEqual({type: 'move', by: 1});
      expect(findBinding(bindings, 'up')?.action).toEqual({type: 'move', by: -1});
      expect(findBinding(bindings, 'G')?.action).toEqual({type: 'bottom'});
      expect(findBinding(bindings, ':')?.action).toEqual({type: 'command'});
      expect(findBinding(bindings, '/')?.action).toEqual({type: 'filter'});
      expect(findBinding(bindings, '?')?.action).toEqual({type: 'help'});
      expect(findBinding(bindings, 'ctrl-c')?.action).toEqual({type: 'quit'});
    }
  });

  it('offers drill-down only where there is somewhere to go', () => {
    expect(findBinding(activeBindings({view: 'services', sortShortcuts: [], readOnly: false}), 'enter')).toBeDefined();
    expect(findBinding(activeBindings({view: 'nodes', sortShortcuts: [], readOnly: false}), 'enter')).toBeDefined();
    expect(findBinding(activeBindings({view: 'tasks', sortShortcuts: [], readOnly: false}), 'enter')).toBeUndefined();
  });

  it('scopes the history toggle to tasks', () => {
    expect(findBinding(activeBindings({view: 'tasks', sortShortcuts: [], readOnly: false}), 'h')).toBeDefined();
    expect(findBinding(activeBindings({view: 'services', sortShortcuts: [], readOnly: false}), 'h')).toBeUndefined();
  });

  it('turns each pane’s sort shortcuts into bindings', () => {
    const bindings = activeBindings({view: 'services', sortShortcuts: serviceSortShortcuts, readOnly: false});
    expect(findBinding(bindings, 'N')?.action).toEqual({type: 'sort', columnId: 'name'});
    const taskBindings = activeBindings({view: 'tasks', sortShortcuts: taskSortShortcuts, readOnly: false});
    expect(findBinding(taskBindings, 'S')?.action).toEqual({type: 'sort', columnId: 'current'});
  });

  it('has no key bound twice in one view', () => {
    for (const view of ['nodes', 'services', 'tasks'] as const) {
      const keys = activeBindings({view, sortShortcuts: serviceSortShortcuts, readOnly: false}).flatMap(b => b.keys);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('drops dangerous bindings in read-only mode, from help and hints too, and says why a key does nothing', () => {
    const options = {view: 'services' as const, sortShortcuts: []};
    const writable = activeBindings({...options, readOnly: false});
    const readOnly = activeBindings({...options, readOnly: true});
    expect(findBinding(writable, 's')).toBeDefined();
    expect(findBinding(readOnly, 's')).toBeUndefined();
    expect(helpSections(writable).flatMap(section => section.rows.map(row => row.description))).toContain('Scale the service');
    expect(helpSections(readOnly).flatMap(section => section.rows.map(row => row.description))).not.toContain('Scale the service');
    expect(hintLine(writable, 200).map(hint => hint.label)).toContain('scale');
    expect(hintLine(readOnly, 200).map(hint => hint.label)).not.toContain('scale');
    expect(refusedInReadOnly({...options, readOnly: true}, 's')).toBe(true);
    expect(refusedInReadOnly({...options, readOnly: true}, 'x')).toBe(false);
    expect(refusedInReadOnly({...options, readOnly: false}, 's')).toBe(false);
  });

  it('says why read-only mode refuses a key, in the binding’s own words when it has them', () => {
    const reveal: Binding = {
      keys: ['x'],
      description: 'Reveal',
      action: {type: 'screen', command: 'tokens'},
      group: 'Resource',
      dangerous: true,
      readOnlyReason: 'would show the join tokens',
    };
    const options = {view: 'services' as const, sortShortcuts: serviceSortShortcuts, readOnly: true};
    const screenOptions = {...options, screen: [reveal]};
    expect(readOnlyRefusal(screenOptions, 'x')).toBe('read-only: x would show the join tokens, so it is off');
    expect(readOnlyRefusal({...options, readOnly: true}, 's')).toBe('read-only: s would change the swarm, so it is off');
    expect(readOnlyRefusal({...screenOptions, readOnly: false}, 'x')).toBeUndefined();
  });

  it('generates help from the bindings', () => {
    const sections = helpSections(activeBindings({view: 'tasks', sortShortcuts: taskSortShortcuts, readOnly: false}));
    const rows = sections.flatMap(section => section.rows);
    expect(rows).toContainEqual({keys: 'h', description: 'Show or hide past tasks'});
    expect(rows).toContainEqual({keys: 'k/↑', description: 'Move up'});
    expect(rows).toContainEqual({keys: 'Shift-S', description: 'Sort by state'});
  });

  it('fits the hint bar to the width', () => {
    const bindings = activeBindings({view: 'services', sortShortcuts: [], readOnly: false});
    const wide = hintLine(bindings, 200);
    const narrow = hintLine(bindings, 30);
    expect(wide.length).toBeGreaterThan(narrow.length);
    expect(narrow.reduce((sum, hint) => sum + hint.key.length + hint.label.length + 4, 0)).toBeLessThanOrEqual(30);
  });
});
