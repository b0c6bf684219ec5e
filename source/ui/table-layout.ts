import type {ColumnSpec} from '../render/columns.js';
import {displayWidth} from '../render/text.js';

export const COLUMN_GAP = 2;

/** Columns at this priority or above are extras: dropped before others are cut short. */
export const OPTIONAL_PRIORITY = 3;

export interface ColumnSlot {
  /** Index into the column specs. */
  column: number;
  width: number;
}

function minimumWidth(column: ColumnSpec<unknown>): number {
  return column.width ?? column.minWidth ?? displayWidth(column.title);
}

function preferredWidth(column: ColumnSpec<unknown>, natural: number): number {
  if (column.width !== undefined) return column.width;
  const wanted = Math.max(natural, displayWidth(column.title));
  return Math.max(minimumWidth(column), Math.min(wanted, column.maxWidth ?? Number.POSITIVE_INFINITY));
}

function totalWidth(widths: readonly number[]): number {
  return widths.reduce((sum, width) => sum + width, 0) + COLUMN_GAP * Math.max(0, widths.length - 1);
}

/**
 * Fits columns into `available` cells: drops empty and optional columns while
 * the preferred widths overflow, then the least important while even the
 * minimum widths do, shrinks toward the minimums, then lets
 * flexible columns take the spare room their content can use.
 */
export function layoutColumns(
  // Any row type: only the column's widths and flags are read here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: readonly ColumnSpec<any>[],
  naturalWidths: readonly number[],
  available: number,
): ColumnSlot[] {
  let kept = columns.map((_, index) => index);
  const minimumOf = (index: number) => minimumWidth(columns[index]!);

  // Columns with nothing to show in any row go first, then the least important.
  const dropRank = (index: number) => ((naturalWidths[index] ?? 0) === 0 ? 1000 : 0) + columns[index]!.priority;
  const preferredOf = (index: number) => preferredWidth(columns[index]!, naturalWidths[index] ?? 0);
  const dropOne = (eligible: (index: number) => boolean): boolean => {
    let drop = -1;
    for (const index of kept) {
      if (eligible(index) && (drop === -1 || dropRank(index) >= dropRank(drop))) drop = index;
    }
    if (drop === -1) return false;
    kept = kept.filter(index => index !== drop);
    return true;
  };
  while (totalWidth(kept.map(preferredOf)) > available) {
    if (!dropOne(index => columns[index]!.priority >= OPTIONAL_PRIORITY || (naturalWidths[index] ?? 0) === 0)) break;
  }
  while (kept.length > 1 && totalWidth(kept.map(minimumOf)) > available) {
    if (!dropOne(index => columns[index]!.priority > 0)) break;
  }

  const widths = kept.map(index => preferredWidth(columns[index]!, naturalWidths[index] ?? 0));
  let overflow = totalWidth(widths) - available;

  // Flexible columns give way first (the widest of them), then the rest.
  const isFlexible = (slot: number) => Boolean(columns[kept[slot]!]!.flex);
  while (overflow > 0) {
    let widest = -1;
    for (let slot = 0; slot < kept.length; slot++) {
      const slack = widths[slot]! - minimumOf(kept[slot]!);
      if (slack <= 0) continue;
      const better = widest === -1 || (isFlexible(slot) && !isFlexible(widest)) || (isFlexible(slot) === isFlexible(widest) && widths[slot]! > widths[widest]!);
      if (better) widest = slot;
    }
    if (widest === -1) break;
    const cut = Math.min(overflow, widths[widest]! - minimumOf(kept[widest]!), Math.max(1, Math.ceil(overflow / 2)));
    widths[widest] = widths[widest]! - cut;
    overflow -= cut;
  }
  if (overflow > 0 && widths.length > 0) {
    widths[widths.length - 1] = Math.max(1, widths[widths.length - 1]! - overflow);
  }

  let spare = available - totalWidth(widths);
  // A dropped column that has something to show comes back, most important first, where the room left holds it whole.
  const dropped = columns
    .map((_, index) => index)
    .filter(index => !kept.includes(index) && (naturalWidths[index] ?? 0) > 0)
    .sort((a, b) => columns[a]!.priority - columns[b]!.priority);
  for (const index of dropped) {
    const width = preferredOf(index);
    if (width + COLUMN_GAP > spare) continue;
    const slot = kept.findIndex(other => other > index);
    const at = slot === -1 ? kept.length : slot;
    kept = [...kept.slice(0, at), index, ...kept.slice(at)];
    widths.splice(at, 0, width);
    spare -= width + COLUMN_GAP;
  }
  for (let slot = 0; slot < kept.length && spare > 0; slot++) {
    const column = columns[kept[slot]!]!;
    if (!column.flex || column.width !== undefined) continue;
    const wants = Math.max(0, (naturalWidths[kept[slot]!] ?? 0) - widths[slot]!);
    const grant = Math.min(wants, spare);
    widths[slot] = widths[slot]! + grant;
    spare -= grant;
  }

  return kept.map((column, slot) => ({column, width: widths[slot]!}));
}

/** The first visible row so that `selected` stays in view, moving the window as little as possible. */
export function scrollOffset(previous: number, selected: number, count: number, height: number): number {
  if (height <= 0 || count <= height) return 0;
  const maxOffset = count - height;
  let offset = Math.min(Math.max(previous, 0), maxOffset);
  if (selected < offset) offset = selected;
  else if (selected >= offset + height) offset = selected - height + 1;
  return Math.min(Math.max(offset, 0), maxOffset);
}
