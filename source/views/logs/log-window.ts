// Which log lines fill the pane, as screen rows. Pure: the log screen keeps
// an anchor (a line's sequence number and which edge of the pane it sits on)
// and this turns it, with the lines, the filter and the pane size, into rows.
// Anchoring on a sequence number rather than an offset keeps a paused view
// still while new lines arrive below it.

import type {LogLine} from '../../model/log-buffer.js';
import type {LogSegment} from '../../render/log-line.js';
import {logText} from '../../render/log-line.js';
import {display, displayWidth, inert} from '../../render/text.js';

/** Where the pane is pinned. Absent: following, the newest line at the bottom. */
export interface LogAnchor {
  seq: number;
  edge: 'top' | 'bottom';
}

export interface LogRow {
  seq: number;
  segments: LogSegment[];
  /** A wrapped line's second and later rows. */
  continuation: boolean;
}

export interface LogWindowInput {
  /** Lines in order, oldest first: already filtered. */
  lines: readonly LogLine[];
  anchor?: LogAnchor;
  width: number;
  height: number;
  wrap: boolean;
  render: (line: LogLine) => LogSegment[];
}

export interface LogWindow {
  rows: LogRow[];
  /** Sequence numbers of the first and last lines shown (whole or in part). */
  firstSeq?: number;
  lastSeq?: number;
  /** Lines above and below the pane. */
  above: number;
  below: number;
}

/** Case-insensitive literal match on the text as drawn (so `^[` can be searched for too). */
export function lineMatches(line: LogLine, needle: string): boolean {
  if (!needle) return true;
  return logText(line.text).toLowerCase().includes(needle.toLowerCase());
}

export function filterLines(lines: readonly LogLine[], needle: string): readonly LogLine[] {
  const term = needle.trim();
  return term ? lines.filter(line => lineMatches(line, term)) : lines;
}

/** The index of the line with `seq`, or of the nearest line after it (lines are in seq order). */
export function indexAtOrAfter(lines: readonly LogLine[], seq: number): number {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (lines[middle]!.seq < seq) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The index of the line with `seq`, or of the nearest line before it; -1 when none is. */
export function indexAtOrBefore(lines: readonly LogLine[], seq: number): number {
  const at = indexAtOrAfter(lines, seq);
  return at < lines.length && lines[at]!.seq === seq ? at : at - 1;
}

/** Cuts segments into rows of at most `width` columns; without `wrap`, one row cut at the edge. */
export function layoutSegments(segments: readonly LogSegment[], width: number, wrap: boolean): LogSegment[][] {
  const rows: LogSegment[][] = [[]];
  let used = 0;
  for (const segment of segments) {
    let piece = '';
    for (const char of segment.text) {
      const charWidth = char.charCodeAt(0) < 0x7f ? 1 : displayWidth(char);
      if (used + charWidth > width) {
        if (piece) rows[rows.length - 1]!.push({...segment, text: inert(piece)});
        piece = '';
        if (!wrap) return markCut(rows);
        rows.push([]);
        used = 0;
      }
      piece += char;
      used += charWidth;
    }
    if (piece) rows[rows.length - 1]!.push({...segment, text: inert(piece)});
  }
  return rows;
}

// An unwrapped line cut at the edge ends in `…`, so a cut is never mistaken for the line's end.
function markCut(rows: LogSegment[][]): LogSegment[][] {
  const row = rows[rows.length - 1]!;
  const last = row[row.length - 1];
  if (last) row[row.length - 1] = {...last, text: display`${[...last.text].slice(0, -1).join('')}…`};
  return rows;
}

function rowsOf(line: LogLine, input: LogWindowInput): LogRow[] {
  return layoutSegments(input.render(line), Math.max(1, input.width), input.wrap).map((segments, index) => ({
    seq: line.seq,
    segments,
    continuation: index > 0,
  }));
}

export function logWindow(input: LogWindowInput): LogWindow {
  const {lines, height} = input;
  if (lines.length === 0 || height <= 0) return {rows: [], above: 0, below: 0};
  const anchor = input.anchor;

  if (anchor?.edge === 'top') {
    const start = Math.min(indexAtOrAfter(lines, anchor.seq), lines.length - 1);
    const rows: LogRow[] = [];
    let index = start;
    for (; index < lines.length && rows.length < height; index++) rows.push(...rowsOf(lines[index]!, input));
    // Not enough below the anchor to fill the pane: show the end instead, as a pager does.
    if (rows.length < height && start > 0) return logWindow({...input, anchor: undefined});
    const shown = rows.slice(0, height);
    return {rows: shown, firstSeq: shown[0]?.seq, lastSeq: shown[shown.length - 1]?.seq, above: start, below: lines.length - index};
  }

  const end = anchor ? indexAtOrBefore(lines, anchor.seq) : lines.length - 1;
  if (end < 0) return logWindow({...input, anchor: {seq: lines[0]!.seq, edge: 'top'}});
  let rows: LogRow[] = [];
  let index = end;
  for (; index >= 0 && rows.length < height; index--) rows = [...rowsOf(lines[index]!, input), ...rows];
  // Anchored near the oldest line with newer ones below: fill the pane from the top instead.
  if (rows.length < height && index < 0 && end < lines.length - 1) return logWindow({...input, anchor: {seq: lines[0]!.seq, edge: 'top'}});
  const shown = rows.slice(Math.max(0, rows.length - height));
  return {rows: shown, firstSeq: shown[0]?.seq, lastSeq: shown[shown.length - 1]?.seq, above: index + 1, below: lines.length - 1 - end};
}
