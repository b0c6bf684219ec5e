import {Box} from 'ink';
import {type Frame, selectedIndex} from '../shell/navigation.js';
import type {SwarmSnapshot} from '../docker/types.js';
import type {LinkState, LoadState} from '../model/cluster-store.js';
import type {Cell, RenderContext} from '../render/columns.js';
import {type DisplayText, display, inert, wrapLines} from '../render/text.js';
import {Line, Span} from '../ui/Line.js';
import {Table} from '../ui/Table.js';
import {toneColor} from '../ui/theme.js';
import {type PaneDescriptor, isReady, listRows, rowIds, setAsideLine} from './panes/pane.js';

export interface ResourceViewProps<T> {
  spec: PaneDescriptor<T>;
  frame: Frame;
  snapshot?: SwarmSnapshot;
  ctx?: RenderContext;
  load: LoadState;
  link: LinkState;
  width: number;
  height: number;
}

const MAX_DETAIL_LINES = 3;

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

function emptyText<T>(spec: PaneDescriptor<T>, frame: Frame): DisplayText {
  if (frame.filter) return display`No ${spec.noun} match /${frame.filter} — Esc clears the filter`;
  return inert(spec.emptyText?.(frame) ?? `No ${spec.noun} in this swarm`);
}

export function ResourceView<T>({spec, frame, snapshot, ctx, load, link, width, height}: ResourceViewProps<T>) {
  if (!snapshot || !ctx) {
    return load === 'failed' ? (
      <Message text={display`Could not load ${spec.noun}: ${link.error ?? 'unknown error'}`} tone="error" height={height} />
    ) : (
      <Message text={display`Loading ${spec.noun}…`} tone="muted" height={height} />
    );
  }
  if (!isReady(spec, snapshot, frame)) {
    return <Message text={display`Loading ${spec.noun}…`} tone="muted" height={height} />;
  }
  const rows = listRows(spec, snapshot, frame);
  const unreadable = spec.unreadable?.(snapshot);
  if (rows.length === 0 && unreadable) {
    return <Message text={display`Could not read ${spec.noun}: ${unreadable}`} tone="error" height={height} />;
  }
  // Objects the engine sent that could not be read are named first; the rest of the pane works.
  const setAside = setAsideLine(spec, snapshot);
  const status: Cell[][] = setAside ? [[{text: inert(setAside), tone: 'warn'}]] : [];
  // The summary never takes the whole pane: at least a header and a row of the table stay.
  const summary = [...status, ...(spec.summary?.(frame, ctx, width) ?? [])].slice(0, Math.max(0, height - 2));
  if (rows.length === 0) {
    return (
      <Box flexDirection="column" height={height}>
        <SummaryLines lines={summary} />
        <Message text={emptyText(spec, frame)} tone="muted" height={height - summary.length} />
      </Box>
    );
  }
  const selected = selectedIndex(rowIds(spec, rows), frame);
  const detail = spec.detail?.(rows[selected]!, ctx);
  const detailRoom = Math.min(MAX_DETAIL_LINES, height - summary.length - 2);
  const detailLines = detail && detailRoom > 0 ? wrapLines(inert(detail), width, detailRoom) : [];

  return (
    <Box flexDirection="column" height={height}>
      <SummaryLines lines={summary} />
      <Table
        columns={spec.columns}
        rows={rows}
        rowId={spec.id}
        selectedIndex={selected}
        height={height - summary.length - detailLines.length}
        width={width}
        ctx={ctx}
        sort={frame.sort}
        stale={link.status === 'lost'}
      />
      {detailLines.map((line, index) => (
        <Line key={index} color={toneColor('error')}>
          {line}
        </Line>
      ))}
    </Box>
  );
}
