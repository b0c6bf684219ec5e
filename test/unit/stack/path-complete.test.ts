import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {completePath} from '../../../source/app/path-complete.js';
import {dialogKey, openDialog} from '../../../source/shell/dialogs.js';
import {createUiStore} from '../../../source/shell/ui-store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-complete-'));
mkdirSync(path.join(dir, 'shop'));
writeFileSync(path.join(dir, 'shop', 'compose.yml'), 'services: {}\n');
writeFileSync(path.join(dir, 'shop', 'compose.prod.yml'), 'services: {}\n');
writeFileSync(path.join(dir, '.hidden'), '');

describe('Tab completes a path', () => {
  it('completes a lone directory with its slash, then the shared part of the names in it', () => {
    expect(completePath('sh', dir)).toBe('shop/');
    expect(completePath('shop/c', dir)).toBe('shop/compose.');
    expect(completePath('shop/compose.p', dir)).toBe('shop/compose.prod.yml');
  });

  it('leaves what fits nothing, and hidden names unless asked for', () => {
    expect(completePath('nope', dir)).toBe('nope');
    expect(completePath('', dir)).toBe('shop/');
    expect(completePath('.h', dir)).toBe('.hidden');
  });

  it('in a form, Tab completes the focused field when it can and moves on when it cannot', () => {
    const ui = createUiStore();
    openDialog(ui, {
      kind: 'form',
      title: 't',
      focus: 0,
      submit: () => ({accepted: true}),
      fields: [
        {name: 'file', label: 'file', value: 'sh', complete: value => completePath(value, dir)},
        {name: 'stack', label: 'stack', value: ''},
      ],
    });
    dialogKey(ui, 'tab', '\t');
    const form = () => ui.getState().dialog as {focus: number; fields: Array<{value: string}>};
    expect(form().fields[0]!.value).toBe('shop/');
    expect(form().focus).toBe(0);
    dialogKey(ui, 'tab', '\t');
    dialogKey(ui, 'tab', '\t');
    expect(form().fields[0]!.value).toBe('shop/compose.');
    expect(form().focus).toBe(1);
  });
});
