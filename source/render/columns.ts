import type {ReachSnapshot} from '../docker/reach.js';
import type {ClusterIndex} from '../model/cluster-index.js';
import {naturalCompare} from '../model/natural-compare.js';
import {type DisplayText, inert} from './text.js';

/** `crash`: a crash-looping slot or service, in a colour of its own. */
export type Tone = 'ok' | 'warn' | 'error' | 'muted' | 'accent' | 'info' | 'notice' | 'crash';

export interface Cell {
  /** Drawn as it is: only `inert` and its helpers make a DisplayText. */
  text: DisplayText;
  tone?: Tone;
}

/** A pane's sort: which column, which way. */
export interface SortOrder {
  columnId: string;
  descending: boolean;
}

export interface RenderContext {
  now: number;
  index: ClusterIndex;
  /** What the nodes' own engines told (usage, health, reach); absent when nothing was read. */
  reach?: ReachSnapshot;
}

export interface ColumnSpec<T> {
  id: string;
  title: string;
  /** A fixed width. Without it the column sizes to its content within minWidth..maxWidth. */
  width?: number;
  minWidth?: number;
  maxWidth?: number;
  /** Share of the spare width this column takes; absent means none. */
  flex?: number;
  align?: 'left' | 'right';
  /** 0 is never dropped; on a narrow terminal the highest numbers go first. */
  priority: number;
  render(item: T, ctx: RenderContext): Cell;
  /** What sorting by this column compares; the rendered text when absent. */
  sortValue?(item: T, ctx: RenderContext): string | number;
}

/** A column's key for `shift+letter` sorting, declared beside the pane's columns. */
export interface SortShortcut {
  key: string;
  columnId: string;
  label: string;
}

/** A cell of text that came from the cluster: made inert, on one line. */
export function clusterCell(text: string | undefined, tone?: Tone): Cell {
  return {text: inert((text ?? '').replace(/[\t\r\n]+/g, ' ')), tone};
}

export function renderCells<T>(columns: readonly ColumnSpec<T>[], item: T, ctx: RenderContext): Cell[] {
  return columns.map(column => column.render(item, ctx));
}

export function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
    if (Number.isNaN(b)) return -1;
    return a - b;
  }
  return naturalCompare(String(a), String(b));
}
