import {Box, Text} from 'ink';
import {type Frame, selectedIndex} from '../app/navigation.js';
import type {SwarmSnapshot} from '../docker/types.js';
import type {LinkState, LoadState} from '../model/cluster-store.js';
import type {RenderContext} from '../render/columns.js';
import {inert, wrapLines} from '../render/text.js';
import {Table} from '../ui/Table.js';
import {toneColor} from '../ui/theme.js';
import {type ResourceViewSpec, listRows, rowIds} from './resource-spec.js';

export interface ResourceViewProps<T> {
  spec: ResourceViewSpec<T>;
  frame: Frame;
  snapshot?: SwarmSnapshot;
  ctx?: RenderContext;
  load: LoadState;
  link: LinkState;
  width: number;
  height: number;
}

const MAX_DETAIL_LINES = 3;

function Message({text, tone, height}: {text: string; tone?: 'muted' | 'error'; height: number}) {
  return (
    <Box height={height} flexDirection="column">
      <Text color={toneColor(tone)} wrap="truncate">
        {text}
      </Text>
    </Box>
  );
}

function emptyText(spec: ResourceViewSpec<unknown>, frame: Frame): string {
  if (frame.filter) return `No ${spec.noun} match /${frame.filter} — Esc clears the filter`;
  if (frame.scope?.serviceId) return 'This service has no tasks';
  if (frame.scope?.nodeId) return 'No tasks on this node';
  return `No ${spec.noun} in this swarm`;
}

export function ResourceView<T>({spec, frame, snapshot, ctx, load, link, width, height}: ResourceViewProps<T>) {
  if (!snapshot || !ctx) {
    return load === 'failed' ? (
      <Message text={`Could not load ${spec.noun}: ${inert(link.error ?? 'unknown error')}`} tone="error" height={height} />
    ) : (
      <Message text={`Loading ${spec.noun}…`} tone="muted" height={height} />
    );
  }
  if (spec.ready && !spec.ready(snapshot, frame)) {
    return <Message text={`Loading ${spec.noun}…`} tone="muted" height={height} />;
  }
  const rows = listRows(spec, snapshot, frame);
  if (rows.length === 0) {
    return <Message text={emptyText(spec as ResourceViewSpec<unknown>, frame)} tone="muted" height={height} />;
  }
  const selected = selectedIndex(rowIds(spec, rows), frame);
  const detail = spec.detail?.(rows[selected]!, ctx);
  const detailLines = detail ? wrapLines(inert(detail), width, MAX_DETAIL_LINES) : [];

  return (
    <Box flexDirection="column" height={height}>
      <Table
        columns={spec.columns}
        rows={rows}
        rowId={spec.id}
        selectedIndex={selected}
        height={height - detailLines.length}
        width={width}
        ctx={ctx}
        sort={frame.sort}
        stale={link.status === 'lost'}
      />
      {detailLines.map((line, index) => (
        <Text key={index} color={toneColor('error')} wrap="truncate">
          {line}
        </Text>
      ))}
    </Box>
  );
}
