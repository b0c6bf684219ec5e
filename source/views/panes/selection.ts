// The one way to ask "what is selected here": by the frame's selected ID,
// found again in the newest rows, never by a remembered index.

import type {SwarmSnapshot} from '../../docker/types.js';
import type {ViewKind} from '../../keymap/names.js';
import {indexSnapshot} from '../../model/cluster-index.js';
import {type Frame, selectedIndex} from '../../shell/navigation.js';
import {type OperationTargets, listRows, rowIds} from './pane.js';
import {type PaneRows, panes} from './registry.js';

export interface Selection<Row> {
  rows: Row[];
  ids: string[];
  /** -1 when nothing is listed. */
  index: number;
  row: Row | undefined;
}

/** The rows of a frame of pane `kind` and which of them is selected. */
export function selectionIn<K extends ViewKind>(kind: K, snapshot: SwarmSnapshot, frame: Frame): Selection<PaneRows[K]> {
  const pane = panes[kind];
  const rows = listRows(pane, snapshot, frame);
  const ids = rowIds(pane, rows);
  const index = selectedIndex(ids, frame);
  return {rows, ids, index, row: rows[index]};
}

/** The selected row of `frame`, typed by its pane; undefined when the frame shows another pane. */
export function selectedRow<K extends ViewKind>(kind: K, frame: Frame, snapshot: SwarmSnapshot | undefined): PaneRows[K] | undefined {
  if (frame.view !== kind || frame.screen || !snapshot) return undefined;
  return selectionIn(kind, snapshot, frame).row;
}

/** The selected row's ID, whatever the pane. */
export function selectedId(frame: Frame, snapshot: SwarmSnapshot): string | undefined {
  const {ids, index} = selectionIn(frame.view, snapshot, frame);
  return ids[index];
}

/** What operations act on in `frame`: its pane's answer for the selected row. */
export function operationTargets(frame: Frame, snapshot: SwarmSnapshot | undefined): OperationTargets {
  if (!snapshot || frame.screen) return {};
  return targetsIn(frame.view, frame, snapshot);
}

function targetsIn<K extends ViewKind>(kind: K, frame: Frame, snapshot: SwarmSnapshot): OperationTargets {
  return panes[kind].targets?.(selectionIn(kind, snapshot, frame).row, frame, indexSnapshot(snapshot)) ?? {};
}
