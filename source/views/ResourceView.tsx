import {Box} from 'ink';
import {type Frame, selectedIndex} from '../shell/navigation.js';
import type {SwarmSnapshot} from '../docker/types.js';
import type {LinkState, LoadState} from '../model/cluster-store.js';
import type {Cell, RenderContext} from '../render/columns.js';
import {type DisplayText, display, inert, wrapLines} from '../render/text.js';
import {Line, Span} from '../ui/Line.js';
import {Table} from '../ui/Table.js';
import {type TableText, tableText} from '../ui/table-text.js';
import {toneColor} from '../ui/theme.js';
import {type PaneDescriptor, isReady, listRows, rowIds, setAsideLine} from './panes/pane.js';

export interface ResourceInput<T> {
  spec: PaneDescriptor<T>;
  frame: Frame;
  snapshot?: SwarmSnapshot;
  ctx?: RenderContext;
  load: LoadState;
  link: LinkState;
  width: number;
  height: number;
  /** Where the table's window started when it was last drawn. */
  previousOffset: number;
}

/** What a resource pane draws, as data: compared with the last before anything is rendered. */
export type PaneText =
  | {kind: 'message'; text: DisplayText; tone?: 'muted' | 'error'; height: number}
  | {kind: 'empty'; summary: Cell[][]; text: DisplayText; height: number}
  | {kind: 'table'; summary: Cell[][]; table: TableText; detail: DisplayText[]; height: number; stale: boolean};

const MAX_DETAIL_LINES = 3;

function emptyText<T>(spec: PaneDescriptor<T>, frame: Frame): DisplayText {
  if (frame.filter) return display`No ${spec.noun} match /${frame.filter} — Esc clears the filter`;
  return inert(spec.emptyText?.(frame) ?? `No ${spec.noun} in this swarm`);
}

/** The text of a resource pane for a frame: a message, or its summary lines, table window and detail. */
export function paneText<T>({spec, frame, snapshot, ctx, load, link, width, height, previousOffset}: ResourceInput<T>): PaneText {
  if (!snapshot || !ctx) {
    return load === 'failed'
      ? {kind: 'message', text: display`Could not load ${spec.noun}: ${link.error ?? 'unknown error'}`, tone: 'error', height}
      : {kind: 'message', text: display`Loading ${spec.noun}…`, tone: 'muted', height};
  }
  if (!isReady(spec, snapshot, frame)) return {kind: 'message', text: display`Loading ${spec.noun}…`, tone: 'muted', height};
  const rows = listRows(spec, snapshot, frame);
  const unreadable = spec.unreadable?.(snapshot);
  if (rows.length === 0 && unreadable) return {kind: 'message', text: display`Could not read ${spec.noun}: ${unreadable}`, tone: 'error', height};
  // Objects the engine sent that could not be read are named first; the rest of the pane works.
  const setAside = setAsideLine(spec, snapshot);
  const status: Cell[][] = setAside ? [[{text: inert(setAside), tone: 'warn'}]] : [];
  // The summary never takes the whole pane: at least a header and a row of the table stay.
  const summary = [...status, ...(spec.summary?.(frame, ctx, width) ?? [])].slice(0, Math.max(0, height - 2));
  if (rows.length === 0) return {kind: 'empty', summary, text: emptyText(spec, frame), height};
  const selected = selectedIndex(rowIds(spec, rows), frame);
  const detail = spec.detail?.(rows[selected]!, ctx);
  const detailRoom = Math.min(MAX_DETAIL_LINES, height - summary.length - 2);
  const detailLines = detail && detailRoom > 0 ? wrapLines(inert(detail), width, detailRoom) : [];
  const table = tableText({
    columns: spec.columns,
    rows,
    rowId: spec.id,
    selectedIndex: selected,
    height: height - summary.length - detailLines.length,
    width,
    ctx,
    sort: frame.sort,
    previousOffset,
  });
  return {kind: 'table', summary, table, detail: detailLines, height, stale: link.status === 'lost'};
}

function Message({text, tone, height}: {text: DisplayText; tone?: 'muted' | 'error'; height: number}) {
  return (
    <Box height={height} flexDirection="column">
      <Line color={toneColor(tone)}>{text}</Line>
    </Box>
  );
}

function SummaryLines({lines}: {lines: Cell[][]}) {
  return (
    <>
      {lines.map((cells, line) => (
        <Line key={line}>
          {cells.map((cell, index) => (
            <Span key={index} color={toneColor(cell.tone)}>
              {cell.text}
            </Span>
          ))}
        </Line>
      ))}
    </>
  );
}

/** A resource pane drawn from its text (paneText). */
export function ResourceView({text}: {text: PaneText}) {
  if (text.kind === 'message') return <Message text={text.text} tone={text.tone} height={text.height} />;
  if (text.kind === 'empty') {
    return (
      <Box flexDirection="column" height={text.height}>
        <SummaryLines lines={text.summary} />
        <Message text={text.text} tone="muted" height={text.height - text.summary.length} />
      </Box>
    );
  }
  return (
    <Box flexDirection="column" height={text.height}>
      <SummaryLines lines={text.summary} />
      <Table text={text.table} stale={text.stale} />
      {text.detail.map((line, index) => (
        <Line key={index} color={toneColor('error')}>
          {line}
        </Line>
      ))}
    </Box>
  );
}
