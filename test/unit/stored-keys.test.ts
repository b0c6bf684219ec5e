// The keys of secrets and configs: n, e and Ctrl-d are on both panes, listed in
// help and the hint bar, and gone (and refused, saying so) in --readonly.

import {describe, expect, it} from 'vitest';
import {activeBindings, readOnlyRefusal} from '../../source/app/bindings.js';
import {helpSections, hintLine} from '../../source/keymap/keymap.js';
import type {ViewKind} from '../../source/keymap/names.js';
import {paneOf} from '../../source/views/panes/registry.js';

const options = (view: ViewKind, readOnly: boolean) => ({view, sortShortcuts: paneOf(view).sortShortcuts, readOnly});
const operated = (view: ViewKind, readOnly: boolean) =>
  activeBindings(options(view, readOnly))
    .filter(binding => binding.action.type === 'operate')
    .map(binding => `${binding.keys.join('/')} ${(binding.action as {operation: string}).operation}`);

describe('secret and config keys', () => {
  it.each(['secrets', 'configs'] as const)('%s: n creates, e rotates, Ctrl-d removes; help and hints list them', view => {
    expect(operated(view, false)).toEqual(['n createStored', 'e rotateStored', 'ctrl-d removeStored']);
    const help = helpSections(activeBindings(options(view, false)))
      .flatMap(section => section.rows)
      .map(row => `${row.keys} ${row.description}`);
    expect(help).toEqual(
      expect.arrayContaining([
        'n New, from a file or $EDITOR (never shown)',
        'e Rotate to name.v2 and move its services',
        expect.stringMatching(/^Ctrl-d Remove \(refused while a service uses it\)$/),
      ]),
    );
    const hints = hintLine(activeBindings(options(view, false)), 200).map(hint => `${hint.key} ${hint.label}`);
    expect(hints).toEqual(expect.arrayContaining(['n new', 'e rotate']));
  });

  it.each(['secrets', 'configs'] as const)('%s in --readonly: none of them, and each key says why', view => {
    expect(operated(view, true)).toEqual([]);
    const hints = hintLine(activeBindings(options(view, true)), 200).map(hint => hint.key);
    expect(hints).not.toContain('n');
    expect(hints).not.toContain('e');
    for (const key of ['n', 'e', 'ctrl-d']) expect(readOnlyRefusal(options(view, true), key)).toMatch(/^read-only: /);
  });

  it('are not on other panes', () => {
    expect(operated('networks', false)).toEqual([]);
  });
});
