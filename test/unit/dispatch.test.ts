import {describe, expect, it, vi} from 'vitest';
import {type KeyContext, handleKey, splitKeys} from '../../source/app/dispatch.js';
import {topFrame} from '../../source/shell/navigation.js';
import {createUiStore} from '../../source/shell/ui-store.js';
import {recordingClient} from '../support/fake-client.js';
import {labSnapshot} from '../support/fixtures.js';

function context(overrides: Partial<KeyContext> = {}): KeyContext {
  const snapshot = labSnapshot();
  return {
    client: recordingClient(snapshot).client,
    snapshot: () => snapshot,
    pageSize: () => 5,
    readOnly: false,
    quit: vi.fn(),
    refresh: vi.fn(),
    ...overrides,
  } as KeyContext;
}

function typeKeys(ui: ReturnType<typeof createUiStore>, ctx: KeyContext, text: string) {
  for (const press of splitKeys(text, text)) handleKey(ui, press, ctx);
}

describe('key dispatch', () => {
  it('splits a burst of typed characters into keys, but not named keys', () => {
    expect(splitKeys(':nodes', ':nodes').map(press => press.name)).toEqual([':', 'n', 'o', 'd', 'e', 's']);
    expect(splitKeys('enter', '\r')).toEqual([{name: 'enter', text: '\r'}]);
    expect(splitKeys('j', 'j')).toEqual([{name: 'j', text: 'j'}]);
  });

  it('routes each key of a burst by the mode the previous key left', () => {
    const ui = createUiStore('services');
    const ctx = context();
    typeKeys(ui, ctx, ':nodes');
    expect(ui.getState().prompt).toEqual({kind: 'command', text: 'nodes'});
    handleKey(ui, {name: 'enter', text: '\r'}, ctx);
    expect(ui.getState().prompt).toBeUndefined();
    expect(topFrame(ui.getState().stack).view).toBe('nodes');
  });

  it('filters as the filter is typed, keeps it on Enter, and clears it on Esc', () => {
    const ui = createUiStore('services');
    const ctx = context();
    typeKeys(ui, ctx, '/web');
    expect(topFrame(ui.getState().stack).filter).toBe('web');
    handleKey(ui, {name: 'enter', text: '\r'}, ctx);
    expect(topFrame(ui.getState().stack).filter).toBe('web');
    typeKeys(ui, ctx, '/x');
    handleKey(ui, {name: 'esc', text: ''}, ctx);
    expect(topFrame(ui.getState().stack).filter).toBe('');
  });

  it('says what is wrong with an unknown command and changes nothing', () => {
    const ui = createUiStore('services');
    const ctx = context();
    typeKeys(ui, ctx, ':bogus');
    handleKey(ui, {name: 'enter', text: '\r'}, ctx);
    expect(ui.getState().flash?.text).toContain('unknown command :bogus');
    expect(ui.getState().stack).toHaveLength(1);
    expect(topFrame(ui.getState().stack).view).toBe('services');
  });

  it('moves by ID, drills into the selected service and comes back to it', () => {
    const ui = createUiStore('services');
    const ctx = context();
    handleKey(ui, {name: 'j', text: 'j'}, ctx);
    const selected = topFrame(ui.getState().stack).selectedId;
    expect(selected).toBeDefined();
    handleKey(ui, {name: 'enter', text: '\r'}, ctx);
    const tasks = topFrame(ui.getState().stack);
    expect(tasks.view).toBe('tasks');
    expect(tasks.scope?.serviceId).toBe(selected);
    handleKey(ui, {name: 'esc', text: ''}, ctx);
    expect(topFrame(ui.getState().stack)).toMatchObject({view: 'services', selectedId: selected});
  });

  it('quits on ctrl-c whatever the mode', () => {
    const ui = createUiStore('services');
    const quit = vi.fn();
    const ctx = context({quit});
    typeKeys(ui, ctx, '/we');
    handleKey(ui, {name: 'ctrl-c', text: 'c'}, ctx);
    expect(quit).toHaveBeenCalledOnce();
  });
});

describe('a burst with control characters', () => {
  it('decodes enter, backspace and ctrl keys inside the burst', () => {
    expect(splitKeys('/we\r', '/we\r').map(press => press.name)).toEqual(['/', 'w', 'e', 'enter']);
    expect(splitKeys('ab\u007f\u0015', 'ab\u007f\u0015').map(press => press.name)).toEqual(['a', 'b', 'backspace', 'ctrl-u']);
  });

  it('applies a whole typed filter line in one go', () => {
    const ui = createUiStore('services');
    const ctx = context();
    for (const press of splitKeys('/crashy\r', '/crashy\r')) handleKey(ui, press, ctx);
    expect(ui.getState().prompt).toBeUndefined();
    expect(topFrame(ui.getState().stack).filter).toBe('crashy');
  });
});
