// What a table draws, worked out as data before anything is rendered: the title line
// and, for the window of rows on screen, each row's text cut into runs of one tone.
// The shell compares this with what it drew last and commits a frame only when the
// text differs, so a refresh that moved nothing on screen costs no render at all.
import type {Cell, ColumnSpec, RenderContext, SortOrder, Tone} from '../render/columns.js';
import {type DisplayText, display, displayWidth, fit, inert, joinText} from '../render/text.js';
import {COLUMN_GAP, type ColumnSlot, layoutColumns, scrollOffset} from './table-layout.js';

export interface Segment {
  text: DisplayText;
  tone?: Tone;
}

export interface TableRowText {
  id: string;
  segments: Segment[];
  selected: boolean;
}

export interface TableText {
  title: DisplayText;
  rows: TableRowText[];
  /** The first row on screen: where the window starts when the table is drawn again. */
  offset: number;
  /** Lines the table takes, the title included. */
  height: number;
}

export interface TableInput<T> {
  columns: readonly ColumnSpec<T>[];
  rows: readonly T[];
  rowId: (row: T) => string;
  selectedIndex: number;
  /** Lines available, the column titles included. */
  height: number;
  width: number;
  ctx: RenderContext;
  sort?: SortOrder;
  /** Where the window started the last time this table was drawn. */
  previousOffset: number;
}

// Content widths are measured on a bounded sample, so a pane with tens of
// thousands of rows lays out in constant time and columns don't jump as you scroll.
const MEASURE_SAMPLE = 500;

function measure<T>(columns: readonly ColumnSpec<T>[], rows: readonly T[], ctx: RenderContext, from: number, to: number): number[] {
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

interface Measured {
  columns: readonly ColumnSpec<never>[];
  rows: readonly unknown[];
  ctx: RenderContext;
  offset: number;
  bodyHeight: number;
  width: number;
  /** Widths of the whole sample, and when it was measured (ctx.now). */
  natural: number[];
  measuredAt: number;
  slots: ColumnSlot[];
}

/**
 * How long column widths measured on the whole sample stand while the rows change: in
 * between, a new list is measured on the rows on screen only, and a column grows to fit
 * them but does not shrink. At 2,000 services a rollout gives a new list every refresh,
 * and measuring 500 rows of it each time was most of the table's work.
 */
const REMEASURE_MS = 10_000;

// The last layout: re-measured when the data, the clock, the window or the width changes, not on every key.
let lastLayout: Measured | undefined;

function columnSlots<T>(
  columns: readonly ColumnSpec<T>[],
  rows: readonly T[],
  ctx: RenderContext,
  offset: number,
  bodyHeight: number,
  width: number,
): ColumnSlot[] {
  const last = lastLayout;
  if (
    last &&
    last.columns === columns &&
    last.rows === rows &&
    last.ctx === ctx &&
    last.offset === offset &&
    last.bodyHeight === bodyHeight &&
    last.width === width
  )
    return last.slots;
  const sameTable = last !== undefined && last.columns === columns && Math.abs(ctx.now - last.measuredAt) < REMEASURE_MS;
  let natural: number[];
  let measuredAt = ctx.now;
  if (sameTable && rows.length > MEASURE_SAMPLE) {
    const onScreen = measure(columns, rows.slice(offset, offset + bodyHeight), ctx, 0, 0);
    natural = last.natural.map((known, index) => Math.max(known, onScreen[index]!));
    measuredAt = last.measuredAt;
  } else natural = measure(columns, rows, ctx, offset, offset + bodyHeight);
  const slots =
    last && last.width === width && last.natural.every((known, index) => known === natural[index]) && last.columns === columns
      ? last.slots
      : layoutColumns(columns, natural, width);
  lastLayout = {columns: columns as readonly ColumnSpec<never>[], rows, ctx, offset, bodyHeight, width, natural, measuredAt, slots};
  return slots;
}

const GAP = inert(' '.repeat(COLUMN_GAP));
const EMPTY = display``;

export function segmentsFor(cells: readonly Cell[], widths: readonly number[], aligns: readonly ('left' | 'right')[]): Segment[] {
  const segments: Segment[] = [];
  cells.forEach((cell, slot) => {
    const text = joinText([fit(cell.text, widths[slot]!, aligns[slot]), slot < cells.length - 1 ? GAP : EMPTY]);
    const last = segments[segments.length - 1];
    if (last && last.tone === cell.tone) last.text = joinText([last.text, text]);
    else segments.push({text, tone: cell.tone});
  });
  return segments;
}

// The last table worked out, by its inputs: the shell asks again on every change of the
// store, and the same rows, clock and window give the same text, the same object.
let lastTable: {input: TableInput<never>; text: TableText} | undefined;

function sameInput<T>(a: TableInput<T>, b: TableInput<T>): boolean {
  return (
    a.columns === b.columns &&
    a.rows === b.rows &&
    a.rowId === b.rowId &&
    a.selectedIndex === b.selectedIndex &&
    a.height === b.height &&
    a.width === b.width &&
    a.ctx === b.ctx &&
    a.sort?.columnId === b.sort?.columnId &&
    a.sort?.descending === b.sort?.descending &&
    a.previousOffset === b.previousOffset
  );
}

/** A windowed table as text: columns laid out to the width, only the rows that fit. */
export function tableText<T>(input: TableInput<T>): TableText {
  const last = lastTable as {input: TableInput<T>; text: TableText} | undefined;
  if (last && sameInput(last.input, input)) return last.text;
  const text = windowText(input);
  lastTable = {input: input as unknown as TableInput<never>, text};
  return text;
}

function windowText<T>({columns, rows, rowId, selectedIndex, height, width, ctx, sort, previousOffset}: TableInput<T>): TableText {
  const bodyHeight = Math.max(0, height - 1);
  const offset = scrollOffset(previousOffset, Math.max(0, selectedIndex), rows.length, bodyHeight);
  const slots = columnSlots(columns, rows, ctx, offset, bodyHeight, width);
  const aligns = slots.map(slot => columns[slot.column]!.align ?? 'left');
  const widths = slots.map(slot => slot.width);
  const titleCells = slots.map(slot => {
    const column = columns[slot.column]!;
    const arrow = sort?.columnId === column.id ? (sort.descending ? '↓' : '↑') : '';
    // Titles are the console's own words, drawn through the same sanitizer as everything else.
    return {text: inert(column.title + arrow)};
  });
  const title = joinText(segmentsFor(titleCells, widths, aligns).map(segment => segment.text));
  const visible = rows.slice(offset, offset + bodyHeight);
  return {
    title,
    offset,
    height,
    rows: visible.map((row, position) => ({
      id: rowId(row),
      segments: segmentsFor(
        slots.map(slot => columns[slot.column]!.render(row, ctx)),
        widths,
        aligns,
      ),
      selected: offset + position === selectedIndex,
    })),
  };
}
