import {memo, useMemo, useRef} from 'react';
import {Box} from 'ink';
import type {Cell, ColumnSpec, RenderContext, Tone} from '../render/columns.js';
import type {SortOrder} from '../render/columns.js';
import {type DisplayText, display, displayWidth, fit, inert, joinText} from '../render/text.js';
import {Line, Span} from './Line.js';
import {COLUMN_GAP, layoutColumns, scrollOffset} from './table-layout.js';
import {roleColor, toneColor} from './theme.js';

export interface TableProps<T> {
  columns: readonly ColumnSpec<T>[];
  rows: readonly T[];
  rowId: (row: T) => string;
  selectedIndex: number;
  /** Lines available, the column titles included. */
  height: number;
  width: number;
  ctx: RenderContext;
  sort?: SortOrder;
  /** Dims every row: the data is from before the connection was lost. */
  stale?: boolean;
}

interface Segment {
  text: DisplayText;
  tone?: Tone;
}

// Content widths are measured on a bounded sample, so a pane with tens of
// thousands of rows lays out in constant time and columns don't jump as you scroll.
const MEASURE_SAMPLE = 500;

function measure<T>(columns: readonly ColumnSpec<T>[], rows: readonly T[], ctx: RenderContext, from: number, to: number) {
  const widths = columns.map(() => 0);
  const sample = rows.length <= MEASURE_SAMPLE ? rows : [...rows.slice(0, MEASURE_SAMPLE), ...rows.slice(from, to)];
  for (const row of sample) {
    columns.forEach((column, index) => {
      const width = displayWidth(column.render(row, ctx).text);
      if (width > widths[index]!) widths[index] = width;
    });
  }
  return widths;
}

function segmentsFor(cells: readonly Cell[], widths: readonly number[], aligns: readonly ('left' | 'right')[]): Segment[] {
  const segments: Segment[] = [];
  cells.forEach((cell, slot) => {
    const text = joinText([fit(cell.text, widths[slot]!, aligns[slot]), slot < cells.length - 1 ? GAP : EMPTY]);
    const last = segments[segments.length - 1];
    if (last && last.tone === cell.tone) last.text = joinText([last.text, text]);
    else segments.push({text, tone: cell.tone});
  });
  return segments;
}

const GAP = inert(' '.repeat(COLUMN_GAP));
const EMPTY = display``;

const Row = memo(
  function Row({segments, selected, stale}: {signature: string; segments: Segment[]; selected: boolean; stale: boolean}) {
    return (
      <Line inverse={selected && !roleColor('selection')} backgroundColor={selected ? roleColor('selection') : undefined} dimColor={stale}>
        {segments.map((segment, index) => (
          <Span key={index} color={selected ? undefined : toneColor(segment.tone)}>
            {segment.text}
          </Span>
        ))}
      </Line>
    );
  },
  (previous, next) =>
    previous.signature === next.signature && previous.selected === next.selected && previous.stale === next.stale,
);

/** A windowed table: lays out columns to the width and renders only the rows that fit. */
export function Table<T>({columns, rows, rowId, selectedIndex, height, width, ctx, sort, stale = false}: TableProps<T>) {
  const bodyHeight = Math.max(0, height - 1);
  const offsetRef = useRef(0);
  const offset = scrollOffset(offsetRef.current, Math.max(0, selectedIndex), rows.length, bodyHeight);
  offsetRef.current = offset;
  const visible = rows.slice(offset, offset + bodyHeight);

  const natural = useMemo(
    () => measure(columns, rows, ctx, offset, offset + bodyHeight),
    // Re-measured when the data or the window changes, not on every keypress.
    [columns, rows, ctx, offset, bodyHeight],
  );
  const slots = useMemo(() => layoutColumns(columns, natural, width), [columns, natural, width]);
  const aligns = slots.map(slot => columns[slot.column]!.align ?? 'left');
  const widths = slots.map(slot => slot.width);

  const titleCells = slots.map(slot => {
    const column = columns[slot.column]!;
    const arrow = sort?.columnId === column.id ? (sort.descending ? '↓' : '↑') : '';
    // Titles are the console's own words, drawn through the same sanitizer as everything else.
    return {text: inert(column.title + arrow)};
  });
  const titleLine = joinText(segmentsFor(titleCells, widths, aligns).map(segment => segment.text));

  return (
    <Box flexDirection="column" height={height}>
      <Line bold color={roleColor('tableHeader')}>
        {titleLine}
      </Line>
      {visible.map((row, position) => {
        const cells = slots.map(slot => columns[slot.column]!.render(row, ctx));
        const segments = segmentsFor(cells, widths, aligns);
        const signature = segments.map(segment => `${segment.tone ?? ''}\u0001${segment.text}`).join('\u0002');
        return (
          <Row
            key={rowId(row)}
            signature={signature}
            segments={segments}
            selected={offset + position === selectedIndex}
            stale={stale}
          />
        );
      })}
    </Box>
  );
}
