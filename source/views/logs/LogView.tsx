import {useSyncExternalStore} from 'react';
import {Box} from 'ink';
import type {Tone} from '../../render/columns.js';
import {type LogSegment, STDERR_SEGMENT} from '../../render/log-line.js';
import {display, inert, wrapLines} from '../../render/text.js';
import {Line, Span} from '../../ui/Line.js';
import {colorEnabled, roleColor, toneColor} from '../../ui/theme.js';
import type {LogScreen} from './log-screen.js';

const stateTones: Record<string, Tone> = {streaming: 'ok', connecting: 'muted', reconnecting: 'warn', ended: 'muted', error: 'error'};

function Segment({segment, current}: {segment: LogSegment; current: boolean}) {
  return (
    <Span
      color={segment.color && colorEnabled ? segment.color : segment.text === STDERR_SEGMENT ? roleColor('stderr') : toneColor(segment.tone)}
      dimColor={segment.dim}
      inverse={segment.match}
      bold={segment.match && current}
      underline={segment.match && current}
    >
      {segment.text}
    </Span>
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
      <Line color={toneColor(tone)}>{inert(frame.summary)}</Line>
      {errorLines.map((line, index) => (
        <Line key={`error-${index}`} color={toneColor('error')}>
          {line}
        </Line>
      ))}
      {frame.rows.length === 0 ? (
        <Line color={toneColor('muted')}>
          {filter.trim()
            ? display`No line matches /${filter.trim()} — Esc clears the search`
            : frame.status.state === 'error'
              ? display` `
              : display`Waiting for log lines…`}
        </Line>
      ) : (
        frame.rows.map((row, index) => (
          <Line key={index}>
            {row.segments.map((segment, position) => (
              <Segment key={position} segment={segment} current={row.seq === frame.matchSeq} />
            ))}
          </Line>
        ))
      )}
    </Box>
  );
}
