// A log line as drawn: who wrote it (`service.slot@node`, or `service.node`
// for a global service's task), in a colour that stays with the task, a mark
// for stderr, the time if wanted, and the text made inert. Nothing a container
// writes reaches the terminal as a control sequence: every C0 and C1 control,
// DEL, and CR are shown as visible text (^[, ^G, ^M, \x9b…) by `inert()`;
// tabs are expanded to spaces.

import type {LogLine} from '../model/log-buffer.js';
import type {Tone} from './columns.js';
import {type DisplayText, display, highlight, inert} from './text.js';

/** Ink colour names; no red (it means stderr and errors here). */
export const TASK_PALETTE = ['cyan', 'green', 'yellow', 'magenta', 'blue', 'cyanBright', 'greenBright', 'yellowBright', 'magentaBright', 'blueBright'] as const;
export type TaskColor = (typeof TASK_PALETTE)[number];

export interface LogSegment {
  text: DisplayText;
  /** An ink colour for the segment. */
  color?: TaskColor;
  tone?: Tone;
  dim?: boolean;
  /** A search match: draw inverse. */
  match?: boolean;
}

/** What is known of the task that wrote a line, to name it. */
export interface TaskIdentity {
  service: string;
  /** Replicated services' slot; absent for a global service's task. */
  slot?: number;
  /** The node's hostname, else its ID. */
  node?: string;
  /** Names a task whose slot is not known yet: its short ID. */
  instance?: string;
}

/** The same task ID always gets the same colour (FNV-1a over the ID). */
export function taskColor(taskId: string): TaskColor {
  let hash = 0x811c9dc5;
  for (let i = 0; i < taskId.length; i++) {
    hash ^= taskId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return TASK_PALETTE[hash % TASK_PALETTE.length]!;
}

/** `web.2@node-1` for a replica, `agent.node-1` for a global task, as the docker CLI names them. */
export function taskPrefix(task: TaskIdentity): DisplayText {
  const service = task.service.replace(/[\t\r\n]+/g, ' ');
  const node = task.node?.replace(/[\t\r\n]+/g, ' ');
  if (task.slot !== undefined && task.slot > 0) return inert(node ? `${service}.${task.slot}@${node}` : `${service}.${task.slot}`);
  if (task.instance) return inert(node ? `${service}.${task.instance}@${node}` : `${service}.${task.instance}`);
  return inert(node ? `${service}.${node}` : service);
}

export interface LogLineRenderOptions {
  /** Names the line's task; without it (or without a task ID) there is no prefix. */
  identify?: (line: LogLine) => TaskIdentity | undefined;
  timestamps?: boolean;
  /** Pads the prefix to this many columns so texts line up. */
  prefixWidth?: number;
  /** Search term whose matches in the text are marked. */
  needle?: string;
  caseSensitive?: boolean;
}

export const STDERR_MARK = '▌';
/** The mark and its space, as drawn before a stderr line (a skin may colour it apart from errors). */
export const STDERR_SEGMENT = display`${STDERR_MARK} `;
const GUTTER = display`  `;

/**
 * Segments for one line, in order: [time] [prefix] [stderr mark or space] text.
 * stderr lines carry a red mark before the text and the text in the warn tone;
 * a truncated line ends with a muted `… [N bytes cut]`.
 */
export function renderLogLine(line: LogLine, options: LogLineRenderOptions = {}): LogSegment[] {
  const segments: LogSegment[] = [];
  if (options.timestamps && line.timestamp) segments.push({text: display`${shortTimestamp(line.timestamp)} `, dim: true});
  const identity = line.taskId ? options.identify?.(line) : undefined;
  if (identity) {
    const prefix = taskPrefix(identity);
    const padded = options.prefixWidth !== undefined && prefix.length < options.prefixWidth ? prefix.padEnd(options.prefixWidth) : prefix;
    segments.push({text: display`${padded} `, color: taskColor(line.taskId!)});
  }
  const stderr = line.stream === 'stderr';
  segments.push(stderr ? {text: STDERR_SEGMENT, tone: 'error'} : {text: GUTTER});
  const text = logText(line.text);
  for (const part of highlight(text, options.needle ?? '', {caseSensitive: options.caseSensitive})) {
    const segment: LogSegment = {text: part.text};
    if (stderr) segment.tone = 'warn';
    if (part.match) segment.match = true;
    segments.push(segment);
  }
  if (line.truncatedBytes > 0) segments.push({text: display`… [${line.truncatedBytes} bytes cut]`, tone: 'muted'});
  return segments;
}

/** The line as plain text (for copying, width checks, tests). */
export function logLineText(line: LogLine, options: LogLineRenderOptions = {}): string {
  return renderLogLine(line, options)
    .map(segment => segment.text)
    .join('');
}

/** A container's text made safe to draw: inert, its tabs spaces to 8-column stops. */
export function logText(text: string): DisplayText {
  return inert(text);
}

/** `2025-06-02T09:00:00.123456789Z` → `2025-06-02T09:00:00.123Z`, milliseconds being plenty to read. */
export function shortTimestamp(stamp: string): DisplayText {
  return inert(
    stamp.replace(
      /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/,
      (_, base: string, fraction: string | undefined, zone: string) => `${base}.${(fraction ?? '').padEnd(3, '0').slice(0, 3)}${zone}`,
    ),
  );
}
