import {useSyncExternalStore} from 'react';
import {Box, Text} from 'ink';
import type {Tone} from '../../render/columns.js';
import {type LogSegment, STDERR_MARK} from '../../render/log-line.js';

// The mark before a line written to stderr, which a skin may colour apart from errors.
const STDERR_SEGMENT = `${STDERR_MARK} `;
import {inert, wrapLines} from '../../render/text.js';
import {colorEnabled, roleColor, toneColor} from '../../ui/theme.js';
import type {LogScreen} from './log-screen.js';

const stateTones: Record<string, Tone> = {streaming: 'ok', connecting: 'muted', reconnecting: 'warn', ended: 'muted', error: 'error'};

function Segment({segment, current}: {segment: LogSegment; current: boolean}) {
  return (
    <Text
      color={segment.color && colorEnabled ? segment.color : segment.text === STDERR_SEGMENT ? roleColor('stderr') : toneColor(segment.tone)}
      dimColor={segment.dim}
      inverse={segment.match}
      bold={segment.match && current}
      underline={segment.match && current}
    >
      {segment.text}
    </Text>
  );
}

/** The log pane: a status line (and the engine's error in full, if any), then as many lines as fit. */
export function LogView({screen, width, height, filter}: {screen: LogScreen; width: number; height: number; filter: string}) {
  useSyncExternalStore(screen.subscribe, screen.version);
  const error = screen.error();
  const errorLines = error ? wrapLines(inert(error), width, 2) : [];
  const bodyHeight = Math.max(1, height - 1 - errorLines.length);
  const frame = screen.frame(filter, width, bodyHeight);
  const tone = frame.status.removed ? 'error' : stateTones[frame.status.state];
  return (
    <Box flexDirection="column" height={height}>
      <Text wrap="truncate" color={toneColor(tone)}>
        {inert(frame.summary)}
      </Text>
      {errorLines.map((line, index) => (
        <Text key={`error-${index}`} wrap="truncate" color={toneColor('error')}>
          {line}
        </Text>
      ))}
      {frame.rows.length === 0 ? (
        <Text color={toneColor('muted')} wrap="truncate">
          {filter.trim() ? `No line matches /${inert(filter.trim())} — Esc clears the search` : frame.status.state === 'error' ? ' ' : 'Waiting for log lines…'}
        </Text>
      ) : (
        frame.rows.map((row, index) => (
          <Text key={index} wrap="truncate">
            {row.segments.map((segment, position) => (
              <Segment key={position} segment={segment} current={row.seq === frame.matchSeq} />
            ))}
          </Text>
        ))
      )}
    </Box>
  );
}
