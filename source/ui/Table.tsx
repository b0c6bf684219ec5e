import {memo} from 'react';
import {Box} from 'ink';
import {Line, Span} from './Line.js';
import type {Segment, TableText} from './table-text.js';
import {roleColor, toneColor} from './theme.js';

/** What a row draws, as one string: a row whose text and tones are the same is not rendered again. */
export function rowSignature(segments: readonly Segment[]): string {
  return segments.map(segment => `${segment.tone ?? ''}\u0001${segment.text}`).join('\u0002');
}

const Row = memo(
  function Row({segments, selected, stale}: {signature: string; segments: Segment[]; selected: boolean; stale: boolean}) {
    return (
      <Line inverse={selected && !roleColor('selection')} backgroundColor={selected ? roleColor('selection') : undefined} dimColor={stale}>
        {segments.map((segment, index) => (
          <Span key={index} color={selected ? undefined : toneColor(segment.tone)}>
            {segment.text}
          </Span>
        ))}
      </Line>
    );
  },
  (previous, next) => previous.signature === next.signature && previous.selected === next.selected && previous.stale === next.stale,
);

/** A windowed table drawn from its text (table-text.ts): the title line and the rows that fit. */
export function Table({text, stale = false}: {text: TableText; stale?: boolean}) {
  return (
    <Box flexDirection="column" height={text.height}>
      <Line bold color={roleColor('tableHeader')}>
        {text.title}
      </Line>
      {text.rows.map(row => (
        <Row key={row.id} signature={rowSignature(row.segments)} segments={row.segments} selected={row.selected} stale={stale} />
      ))}
    </Box>
  );
}
