// What a pane is made of. Each resource kind (nodes, services, tasks, …) has
// exactly one descriptor in this folder, and every other part of the console
// (`:` commands, Enter, `d`/`y`, `l`, the tasks a refresh reads, what an
// operation acts on) asks the descriptor rather than keeping a table of its own.

import type {DecodedListName} from '../../docker/decode/set-aside.js';
import {setAsideText} from '../../docker/lists.js';
import type {LogTarget} from '../../docker/logs.js';
import type {SwarmNode, SwarmService, SwarmSnapshot, TaskScope} from '../../docker/types.js';
import type {Binding} from '../../keymap/keymap.js';
import type {ViewKind} from '../../keymap/names.js';
import {type ClusterIndex, indexSnapshot} from '../../model/cluster-index.js';
import type {Stack} from '../../model/object-users.js';
import type {StoredObject} from '../../model/stored-versions.js';
import type {StoredKind} from '../../docker/stored-objects.js';
import {type Cell, type ColumnSpec, type RenderContext, type SortShortcut, compareValues} from '../../render/columns.js';
import type {Frame, Scope} from '../../shell/navigation.js';
import type {DisplayText} from '../../render/text.js';
import type {VolumeRow} from '../../render/volumes.js';

/** Which tasks a refresh reads while a frame of this pane shows. */
export interface TaskDemand {
  scope: TaskScope;
  /**
   * The pane cannot be drawn right without these tasks: read them now rather than
   * at the next refresh. The services pane's need (the selected service's tasks, for
   * its error line) follows the selection and is not urgent.
   */
  urgent: boolean;
}

/** What operations act on, as found from a pane's selected row (or, for a scoped pane, its frame). */
export interface OperationTargets {
  service?: SwarmService;
  node?: SwarmNode;
  stack?: Stack;
  stored?: StoredObject;
  store?: {kind: StoredKind};
  volume?: VolumeRow;
}

/** An object as `d` (describe) and `y` (YAML) show it. */
export interface DocumentObject {
  name: string;
  describe(): string[];
  /** The object as the API returns it. */
  raw(): unknown;
}

export interface DocumentHooks {
  /** Singular noun for titles: "service". */
  noun: string;
  /** The object a row ID names, found again in a (newer) snapshot. */
  find(snapshot: SwarmSnapshot, id: string): DocumentObject | undefined;
  /** The scope the document's frame reads tasks for, when its pane's lacks some it shows (a task's slot on other nodes). */
  scope?(snapshot: SwarmSnapshot, id: string): Scope | undefined;
}

export interface PaneDescriptor<Row> {
  kind: ViewKind;
  /** Plural noun for messages: "services". */
  noun: string;
  /** Names the `:` prompt knows the pane by; the first is the one help lists. Empty: no command opens it. */
  aliases: readonly string[];
  columns: ColumnSpec<Row>[];
  sortShortcuts: SortShortcut[];
  /** The top-level rows in scope, before filtering and sorting. */
  heads(snapshot: SwarmSnapshot, index: ClusterIndex, frame: Frame): Row[];
  /** Rows listed under a head (a slot's past tasks), kept with it through sorting. */
  children?(head: Row, frame: Frame): readonly Row[];
  id(item: Row): string;
  searchText(item: Row, index: ClusterIndex): string;
  /** Which tasks a refresh reads for a frame of this pane. Absent: none (counts come with the services). */
  taskDemand?(frame: Frame, snapshot: SwarmSnapshot | undefined): TaskDemand;
  /** Whether tasks read for `scope` are every task a frame of this pane lists. Absent: any scope serves. */
  coveredBy?(scope: TaskScope, frame: Frame): boolean;
  /** False while the snapshot lacks what the frame lists (its tasks are still being read). Default true. */
  ready?(snapshot: SwarmSnapshot, frame: Frame): boolean;
  /** Where Enter leads from a row, if anywhere. */
  drill?(item: Row, index: ClusterIndex): Frame | undefined;
  /** What help says Enter shows: "its tasks". */
  drillLabel?: string;
  /** The breadcrumb of a frame of this pane: "tasks of web", inert (it may name a node or a stack). */
  crumb(frame: Frame, index: ClusterIndex | undefined): DisplayText;
  /** What the pane says when it lists nothing (no filter in force). */
  emptyText?(frame: Frame): string;
  /** Whose logs `l` opens for a row: the service's (all its tasks) or one task's. */
  logTarget?(item: Row): LogTarget | undefined;
  /** `d` and `y` on a row: absent, the pane has no documents. */
  document?: DocumentHooks;
  /** What operations act on, from the selected row (absent when nothing is selected). Absent: nothing. */
  targets?(item: Row | undefined, frame: Frame, index: ClusterIndex): OperationTargets;
  /** Keys of this pane alone that only read (`h` on tasks, `o` on services). */
  bindings?: Binding[];
  /** Its rows come from the nodes' own engines too (`snapshot.reach`): they are listed again when a round of node reads lands. */
  readsReach?: true;
  /** The engine lists its rows come from: objects of them that could not be read are named above the table. */
  readsFrom?: readonly DecodedListName[];
  /** Why this pane's objects could not be read, if they could not: shown instead of an empty table. */
  unreadable?(snapshot: SwarmSnapshot): string | undefined;
  /** Text about the selected row that does not fit a cell, shown in full below the table. */
  detail?(item: Row, ctx: RenderContext): string | undefined;
  /** Lines drawn above the table (a rollout's progress), each a row of cells made inert already. */
  summary?(frame: Frame, ctx: RenderContext, width: number): Cell[][];
}

/** Tasks read in `scope` list a task pane scoped to a service or a node only if they are that service's or node's. */
export function scopedTasksCovered(scope: TaskScope, frame: Frame): boolean {
  if (scope.kind === 'all') return true;
  if (frame.scope?.serviceId) return scope.kind === 'service' && scope.serviceId === frame.scope.serviceId;
  if (frame.scope?.nodeId) return scope.kind === 'node' && scope.nodeId === frame.scope.nodeId;
  return false;
}

/** "1 node unreadable: no Spec": the objects of the pane's lists the last read set aside, or undefined. */
export function setAsideLine<T>(spec: PaneDescriptor<T>, snapshot: SwarmSnapshot): string | undefined {
  const parts: string[] = [];
  for (const list of spec.readsFrom ?? []) {
    const setAside = snapshot.setAside?.[list];
    if (setAside) parts.push(setAsideText(list, setAside));
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** Panes counted from the services' own task counts read no task at all. */
export const noTaskDemand = (): TaskDemand => ({scope: {kind: 'none'}, urgent: false});

/** The service a frame is scoped to (tasks of web, the rollout of web). */
export function frameService(frame: Frame, index: ClusterIndex): SwarmService | undefined {
  return frame.scope?.serviceId ? index.servicesById.get(frame.scope.serviceId) : undefined;
}

function sortHeads<T>(spec: PaneDescriptor<T>, heads: T[], frame: Frame, ctx: RenderContext): T[] {
  const column = frame.sort && spec.columns.find(candidate => candidate.id === frame.sort!.columnId);
  if (!column) return heads;
  const valueOf = column.sortValue ?? ((item: T) => column.render(item, ctx).text);
  const keyed = heads.map((item, position) => ({item, position, value: valueOf(item, ctx)}));
  const direction = frame.sort!.descending ? -1 : 1;
  keyed.sort((a, b) => direction * compareValues(a.value, b.value) || a.position - b.position);
  return keyed.map(entry => entry.item);
}

// Rows of every pane for one snapshot, by frame. The rows' type is known only to
// the descriptor that made them, so the cache is keyed by descriptor too. Unsorted rows
// are keyed by the snapshot's index instead, which a snapshot that differs only in the
// nodes' own readings (stats, every few seconds) shares with the one before: no pane's
// heads or search text read those, so 20,000 task rows are not listed again for them.
const cache = new WeakMap<object, WeakMap<object, Map<string, readonly unknown[]>>>();

function cacheKey(frame: Frame): string {
  return [
    frame.scope?.serviceId ?? '',
    frame.scope?.nodeId ?? '',
    frame.scope?.stack ?? '',
    frame.filter,
    frame.sort ? `${frame.sort.columnId}:${frame.sort.descending}` : '',
    frame.showHistory,
    frame.pausedAt ?? '',
  ].join('\u0000');
}

function rowCache<T>(spec: PaneDescriptor<T>, snapshot: SwarmSnapshot, frame: Frame): Map<string, readonly T[]> {
  const owner = frame.sort || spec.readsReach ? snapshot : indexSnapshot(snapshot);
  let perSnapshot = cache.get(owner);
  if (!perSnapshot) {
    perSnapshot = new WeakMap();
    cache.set(owner, perSnapshot);
  }
  let perSpec = perSnapshot.get(spec) as Map<string, readonly T[]> | undefined;
  if (!perSpec) {
    perSpec = new Map();
    perSnapshot.set(spec, perSpec);
  }
  return perSpec;
}

/** The rows a frame lists, in order. Memoised per snapshot, so keys and renders share one computation. */
export function listRows<T>(spec: PaneDescriptor<T>, snapshot: SwarmSnapshot, frame: Frame): T[] {
  // Rows the snapshot holds only in part (another pane's tasks) are not listed, nor counted.
  if (!isReady(spec, snapshot, frame)) return [];
  const perSpec = rowCache(spec, snapshot, frame);
  const key = cacheKey(frame);
  const cached = perSpec.get(key);
  if (cached) return cached as T[];

  const index = indexSnapshot(snapshot);
  // Sort values are clock-independent (ages sort by creation time), so any `now` serves here.
  const ctx: RenderContext = {now: Date.now(), index, ...(snapshot.reach && {reach: snapshot.reach})};
  const heads = sortHeads(spec, spec.heads(snapshot, index, frame), frame, ctx);
  const needle = frame.filter.trim().toLowerCase();
  const expanded = withChildren(spec, heads, frame, key, needle === '');
  const rows = needle ? expanded.filter(item => spec.searchText(item, index).toLowerCase().includes(needle)) : expanded;

  if (perSpec.size > 32) perSpec.clear();
  perSpec.set(key, rows);
  return rows;
}

// The rows of a list of heads with their children, per list: a pane's heads function hands
// back the same list while nothing in it moved (the all-tasks pane's does), and a head's
// children move only with its heads. So a snapshot that moved something else (a service's
// counts, the event ring) does not lay out 20,000 task rows again, and the rows keep their
// identity, and with it their IDs and the selection's place. Filtered rows are not kept:
// their search text reads names from the index.
const rowsByHeads = new WeakMap<readonly unknown[], {key: string; rows: readonly unknown[]}>();

function withChildren<T>(spec: PaneDescriptor<T>, heads: T[], frame: Frame, key: string, keep: boolean): T[] {
  const children = spec.children;
  if (!children) return heads;
  const kept = rowsByHeads.get(heads);
  if (keep && kept?.key === key) return kept.rows as T[];
  // A loop, not flatMap: at 20,000 rows an array per row costs more than the rows.
  const rows: T[] = [];
  for (const head of heads) {
    rows.push(head);
    for (const child of children(head, frame)) rows.push(child);
  }
  if (keep) rowsByHeads.set(heads, {key, rows});
  return rows;
}

/** False while the snapshot lacks rows the frame lists (another pane's tasks were read). */
export function isReady<T>(spec: PaneDescriptor<T>, snapshot: SwarmSnapshot, frame: Frame): boolean {
  return spec.ready ? spec.ready(snapshot, frame) : true;
}

const idCache = new WeakMap<readonly unknown[], string[]>();

/** The IDs of listed rows, computed once per list. */
export function rowIds<T>(spec: PaneDescriptor<T>, rows: readonly T[]): string[] {
  let ids = idCache.get(rows);
  if (!ids) {
    ids = rows.map(row => spec.id(row));
    idCache.set(rows, ids);
  }
  return ids;
}
