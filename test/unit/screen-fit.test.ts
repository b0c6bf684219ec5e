import {describe, expect, it} from 'vitest';
import {activeBindings} from '../../source/app/bindings.js';
import {HELP_GAP, layoutHelp} from '../../source/keymap/help-layout.js';
import {helpSections, hintLine} from '../../source/keymap/keymap.js';
import type {ViewKind} from '../../source/keymap/names.js';
import {paneOf, panes} from '../../source/views/panes/registry.js';

// Every pane the registry holds: a new list's pane is checked without being named here.
const views = Object.keys(panes) as ViewKind[];
const bindingsOn = (view: ViewKind, readOnly = false) => activeBindings({view, sortShortcuts: paneOf(view).sortShortcuts, readOnly});

/** The bar as HintBar draws it: `<key> label` and two spaces each. */
const drawn = (hints: Array<{key: string; label: string}>) =>
  hints
    .map(hint => `<${hint.key}> ${hint.label}  `)
    .join('')
    .trimEnd();

describe('the hint bar', () => {
  it('always ends with help and quit, on every pane, at 80 and 120 columns and narrower', () => {
    for (const view of views) {
      for (const width of [40, 80, 120]) {
        const bar = drawn(hintLine(bindingsOn(view), width));
        expect(bar, `${view} at ${width}`).toMatch(/<\?> help {2}<q> quit$/);
        expect(bar.length, `${view} at ${width}`).toBeLessThanOrEqual(width);
      }
    }
  });

  it('drops other hints from the end of the keymap order, keeping the first ones', () => {
    const wide = hintLine(bindingsOn('services'), 400).map(hint => hint.label);
    const narrow = hintLine(bindingsOn('services'), 80).map(hint => hint.label);
    const kept = narrow.filter(label => label !== 'help' && label !== 'quit');
    expect(kept.length).toBeGreaterThan(2);
    expect(kept).toEqual(wide.filter(label => label !== 'help' && label !== 'quit').slice(0, kept.length));
  });
});

describe('the help screen', () => {
  const sections = helpSections(bindingsOn('services'));
  const names = (lines: Array<{text: string; heading?: boolean}>) => lines.filter(line => line.heading).map(line => line.text);

  it('keeps each section whole in one column, the columns leaving a gap', () => {
    for (const [width, height] of [
      [80, 17],
      [120, 33],
      [200, 12],
    ] as const) {
      const layout = layoutHelp(sections, width, height);
      for (const section of sections) {
        const holding = layout.columns.filter(column => column.some(line => line.text === section.group.toUpperCase()));
        expect(holding).toHaveLength(1);
        const column = holding[0]!;
        const start = column.findIndex(line => line.text === section.group.toUpperCase());
        // Every row of the section follows its heading in the same column.
        expect(column.slice(start + 1, start + 1 + section.rows.length).every(line => !line.heading && line.text.length > 0)).toBe(true);
      }
      expect(layout.columns.length * layout.columnWidth + (layout.columns.length - 1) * HELP_GAP).toBeLessThanOrEqual(width);
      expect(layout.columns.every(column => column.every(line => line.text.length <= layout.columnWidth))).toBe(true);
      expect(names(layout.columns.flat())).toEqual(sections.map(section => section.group.toUpperCase()));
    }
  });

  it('uses one column when it fits, and is taller than the screen (so it scrolls) only when the width cannot hold it', () => {
    expect(layoutHelp(sections, 200, 60).columns).toHaveLength(1);
    const small = layoutHelp(sections, 80, 17);
    expect(small.columns).toHaveLength(2);
    expect(small.height).toBeGreaterThan(17);
    const large = layoutHelp(sections, 160, 33);
    expect(large.height).toBeLessThanOrEqual(33);
  });
});
