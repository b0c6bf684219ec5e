import {describe, expect, it} from 'vitest';
import type {ColumnSpec} from '../../source/render/columns.js';
import {COLUMN_GAP, layoutColumns, scrollOffset} from '../../source/ui/table-layout.js';
import {inert} from '../../source/render/text.js';

const column = (id: string, spec: Partial<ColumnSpec<unknown>>): ColumnSpec<unknown> => ({
  id,
  title: id.toUpperCase(),
  priority: 0,
  render: () => ({text: inert('')}),
  ...spec,
});

describe('layoutColumns', () => {
  const columns = [
    column('name', {minWidth: 6, flex: 1, priority: 0}),
    column('image', {minWidth: 8, priority: 1}),
    column('ports', {minWidth: 10, priority: 4}),
    column('error', {minWidth: 5, flex: 1, priority: 1}),
  ];

  it('gives every column its content width when there is room', () => {
    const slots = layoutColumns(columns, [10, 12, 10, 20], 120);
    expect(slots.map(slot => slot.width)).toEqual([10, 12, 10, 20]);
  });

  it('brings back a dropped column where the room left after the others holds it, most important first', () => {
    const specs = [
      column('name', {minWidth: 4, flex: 1, priority: 0}),
      column('image', {minWidth: 8, flex: 1, priority: 1}),
      column('ports', {priority: 4}),
      column('id', {width: 12, priority: 6}),
      column('age', {priority: 2}),
    ];
    // Preferred widths overflow 80: id goes (the least important), then ports (30) as well. That leaves
    // 80 - (10+40+3+4) = 23 cells: id (12 + gap) fits there, so it comes back; ports does not.
    const slots = layoutColumns(specs, [10, 40, 30, 12, 3], 80);
    expect(slots.map(slot => specs[slot.column]!.id)).toEqual(['name', 'image', 'id', 'age']);
    expect(slots.map(slot => slot.width)).toEqual([10, 40, 12, 3]);
  });

  it('drops the least important column first when even minimums do not fit', () => {
    const slots = layoutColumns(columns, [10, 12, 10, 20], 6 + 8 + 5 + 2 * COLUMN_GAP + 4);
    expect(slots.map(slot => columns[slot.column]!.id)).toEqual(['name', 'image', 'error']);
  });

  it('never exceeds the available width', () => {
    for (const width of [20, 40, 60, 80, 100]) {
      const slots = layoutColumns(columns, [30, 40, 20, 200], width);
      const used = slots.reduce((sum, slot) => sum + slot.width, 0) + COLUMN_GAP * (slots.length - 1);
      expect(used).toBeLessThanOrEqual(width);
    }
  });

  it('lets a flexible column grow into spare room up to its content', () => {
    const slots = layoutColumns([column('name', {minWidth: 4, maxWidth: 10}), column('error', {minWidth: 5, maxWidth: 10, flex: 1})], [8, 60], 80);
    expect(slots[0]!.width).toBe(8);
    expect(slots[1]!.width).toBe(60);
  });

  it('keeps fixed widths', () => {
    const slots = layoutColumns([column('id', {width: 12})], [25], 80);
    expect(slots[0]!.width).toBe(12);
  });
});

describe('scrollOffset', () => {
  it('does not scroll while the selection is in view', () => {
    expect(scrollOffset(0, 5, 100, 10)).toBe(0);
  });
  it('scrolls just enough to show a selection below the window', () => {
    expect(scrollOffset(0, 12, 100, 10)).toBe(3);
  });
  it('scrolls up to a selection above the window', () => {
    expect(scrollOffset(20, 4, 100, 10)).toBe(4);
  });
  it('never leaves empty space at the end', () => {
    expect(scrollOffset(95, 99, 100, 10)).toBe(90);
    expect(scrollOffset(50, 3, 5, 10)).toBe(0);
  });
});

describe('layoutColumns with empty columns', () => {
  it('drops a column with nothing in it before a more important one that has content', () => {
    const columns = [
      column('name', {minWidth: 8, flex: 1, priority: 0}),
      column('image', {minWidth: 10, priority: 1}),
      column('ports', {minWidth: 5, priority: 1}),
      column('age', {minWidth: 3, priority: 2}),
    ];
    const slots = layoutColumns(columns, [9, 13, 0, 3], 9 + 13 + 3 + 2 * COLUMN_GAP);
    expect(slots.map(slot => columns[slot.column]!.id)).toEqual(['name', 'image', 'age']);
  });
});

describe('layoutColumns with optional columns', () => {
  it('drops optional extras before cutting important columns short', () => {
    const columns = [
      column('id', {width: 12, priority: 6}),
      column('hostname', {minWidth: 8, flex: 1, priority: 0}),
      column('availability', {minWidth: 5, priority: 1}),
      column('engine', {minWidth: 6, priority: 5}),
    ];
    const natural = [12, 10, 12, 14];
    const slots = layoutColumns(columns, natural, 10 + 12 + 14 + 2 * COLUMN_GAP);
    expect(slots.map(slot => [columns[slot.column]!.id, slot.width])).toEqual([
      ['hostname', 10],
      ['availability', 12],
      ['engine', 14],
    ]);
  });
});
