// The table's text: the window on screen, and column widths measured on the whole
// sample at most every 10 s while a big list changes, on the rows on screen between.
import {describe, expect, it} from 'vitest';
import type {ClusterIndex} from '../../source/model/cluster-index.js';
import type {ColumnSpec, RenderContext} from '../../source/render/columns.js';
import {inert} from '../../source/render/text.js';
import {tableText} from '../../source/ui/table-text.js';

interface Item {
  id: string;
  name: string;
}

let rendered = 0;
const columns: ColumnSpec<Item>[] = [
  {id: 'name', title: 'NAME', priority: 0, render: item => (rendered++, {text: inert(item.name)})},
  {id: 'id', title: 'ID', priority: 0, render: item => ({text: inert(item.id)})},
];
const items = (count: number, name: (i: number) => string): Item[] => Array.from({length: count}, (_, i) => ({id: `i${i}`, name: name(i)}));
const ctxAt = (now: number): RenderContext => ({now, index: {} as ClusterIndex});

function draw(rows: Item[], now: number, selectedIndex = 0) {
  rendered = 0;
  const text = tableText({columns, rows, rowId: row => row.id, selectedIndex, height: 11, width: 80, ctx: ctxAt(now), previousOffset: 0});
  return {text, rendered};
}

describe('the table as text', () => {
  it('draws only the window on screen, the selected row marked', () => {
    const {text} = draw(
      items(2000, i => `n${i}`),
      0,
      3,
    );
    expect(text.rows).toHaveLength(10);
    expect(text.rows.filter(row => row.selected).map(row => row.id)).toEqual(['i3']);
    expect(text.title).toMatch(/^NAME\s+ID/);
  });

  it('measures a big list whole at most every 10 s, and the rows on screen in between', () => {
    const first = draw(
      items(2000, i => `n${i}`),
      100_000,
    );
    expect(first.rendered).toBeGreaterThanOrEqual(500);
    // A new list a second later, with a longer name on screen: measured on screen, and the column grows.
    const next = draw(
      items(2000, i => (i === 2 ? 'a-much-longer-name' : `n${i}`)),
      101_000,
    );
    expect(next.rendered).toBeLessThan(30);
    expect(next.text.rows[2]!.segments.map(segment => segment.text).join('')).toContain('a-much-longer-name  i2');
    // Past 10 s: measured whole again.
    expect(
      draw(
        items(2000, i => `n${i}`),
        111_000,
      ).rendered,
    ).toBeGreaterThanOrEqual(500);
  });
});
