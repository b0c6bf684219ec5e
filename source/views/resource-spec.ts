import type {ViewKind} from '../keymap/names.js';
import type {Frame} from '../shell/navigation.js';
import type {LogTarget} from '../docker/logs.js';
import type {SwarmSnapshot} from '../docker/types.js';
import {type ClusterIndex, indexSnapshot} from '../model/cluster-index.js';
import {type Cell, type ColumnSpec, type RenderContext, type SortShortcut, compareValues} from '../render/columns.js';

/** What a resource screen is made of; the screens themselves only add their columns and drill targets. */
export interface ResourceViewSpec<T> {
  view: ViewKind;
  /** Plural noun for messages: "services". */
  noun: string;
  columns: ColumnSpec<T>[];
  sortShortcuts: SortShortcut[];
  /** The top-level rows in scope, before filtering and sorting. */
  heads(snapshot: SwarmSnapshot, index: ClusterIndex, frame: Frame): T[];
  /** Rows listed under a head (a slot's past tasks), kept with it through sorting. */
  children?(head: T, frame: Frame): T[];
  id(item: T): string;
  searchText(item: T, index: ClusterIndex): string;
  /** False while the snapshot lacks what the frame lists (its tasks are still being read). Default true. */
  ready?(snapshot: SwarmSnapshot, frame: Frame): boolean;
  /** Where Enter leads from a row, if anywhere. */
  drill?(item: T, index: ClusterIndex): Frame | undefined;
  /** The breadcrumb of a frame of this view: "tasks of web". */
  crumb(frame: Frame, index: ClusterIndex | undefined): string;
  /** Whose logs `l` opens for a row: the service's (all its tasks) or one task's. */
  logTarget?(item: T): LogTarget | undefined;
  /** Why this pane's objects could not be read, if they could not: shown instead of an empty table. */
  unreadable?(snapshot: SwarmSnapshot): string | undefined;
  /** Text about the selected row that does not fit a cell, shown in full below the table. */
  detail?(item: T, ctx: RenderContext): string | undefined;
  /** Lines drawn above the table (a rollout's progress), each a row of cells made inert already. */
  summary?(frame: Frame, ctx: RenderContext, width: number): Cell[][];
}

function sortHeads<T>(spec: ResourceViewSpec<T>, heads: T[], frame: Frame, ctx: RenderContext): T[] {
  const column = frame.sort && spec.columns.find(candidate => candidate.id === frame.sort!.columnId);
  if (!column) return heads;
  const valueOf = column.sortValue ?? ((item: T) => column.render(item, ctx).text);
  const keyed = heads.map((item, position) => ({item, position, value: valueOf(item, ctx)}));
  const direction = frame.sort!.descending ? -1 : 1;
  keyed.sort((a, b) => direction * compareValues(a.value, b.value) || a.position - b.position);
  return keyed.map(entry => entry.item);
}

const cache = new WeakMap<SwarmSnapshot, Map<string, unknown[]>>();

function cacheKey(spec: ResourceViewSpec<unknown>, frame: Frame): string {
  return [
    spec.view,
    frame.scope?.serviceId ?? '',
    frame.scope?.nodeId ?? '',
    frame.scope?.stack ?? '',
    frame.filter,
    frame.sort ? `${frame.sort.columnId}:${frame.sort.descending}` : '',
    frame.showHistory,
  ].join('\u0000');
}

/** The rows a frame lists, in order. Memoised per snapshot, so keys and renders share one computation. */
export function listRows<T>(spec: ResourceViewSpec<T>, snapshot: SwarmSnapshot, frame: Frame): T[] {
  // Rows the snapshot holds only in part (another pane's tasks) are not listed, nor counted.
  if (spec.ready && !spec.ready(snapshot, frame)) return [];
  let perSnapshot = cache.get(snapshot);
  if (!perSnapshot) {
    perSnapshot = new Map();
    cache.set(snapshot, perSnapshot);
  }
  const key = cacheKey(spec as ResourceViewSpec<unknown>, frame);
  const cached = perSnapshot.get(key);
  if (cached) return cached as T[];

  const index = indexSnapshot(snapshot);
  // Sort values are clock-independent (ages sort by creation time), so any `now` serves here.
  const ctx: RenderContext = {now: Date.now(), index};
  const heads = sortHeads(spec, spec.heads(snapshot, index, frame), frame, ctx);
  const expanded = spec.children ? heads.flatMap(head => [head, ...spec.children!(head, frame)]) : heads;
  const needle = frame.filter.trim().toLowerCase();
  const rows = needle
    ? expanded.filter(item => spec.searchText(item, index).toLowerCase().includes(needle))
    : expanded;

  if (perSnapshot.size > 32) perSnapshot.clear();
  perSnapshot.set(key, rows);
  return rows;
}

const idCache = new WeakMap<readonly unknown[], string[]>();

/** The IDs of listed rows, computed once per list. */
export function rowIds<T>(spec: ResourceViewSpec<T>, rows: readonly T[]): string[] {
  let ids = idCache.get(rows);
  if (!ids) {
    ids = rows.map(row => spec.id(row));
    idCache.set(rows, ids);
  }
  return ids;
}
