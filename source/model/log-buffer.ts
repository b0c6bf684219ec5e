// Log lines as the view keeps them: a bounded ring with stable sequence
// numbers, and the splitter that turns byte chunks into lines.
//
// Line rules (LineSplitter):
// - Lines end at LF. A CR right before the LF (TTY output is CRLF) is dropped.
//   Any other CR stays in the text: a bare CR must never return the cursor, so
//   it is kept as a character and drawn inert (^M) like every control byte.
// - Bytes are split at LF before decoding (LF never occurs inside a UTF-8
//   sequence), so a character cut across chunks decodes whole; invalid bytes
//   become U+FFFD, never an exception.
// - A line keeps at most `maxLineBytes` bytes (16 KiB); the rest is counted
//   in `truncatedBytes` and dropped as it arrives, so a megabyte without a
//   newline costs 16 KiB of memory and one pass over the bytes.

import {LOG_STREAM_LIMIT} from '../docker/limits.js';
import type {LogStreamName} from '../docker/logs.js';

export const DEFAULT_LOG_CAPACITY = 5000;
export const DEFAULT_MAX_LINE_BYTES = LOG_STREAM_LIMIT.lineBytes;

export interface SplitLine {
  text: string;
  /** Bytes cut off the end of an over-long line; 0 when whole. */
  truncatedBytes: number;
}

export interface LogLine {
  /** Monotonic, never reused: the view anchors its scroll position on it. */
  seq: number;
  stream: LogStreamName;
  /** The line as the container wrote it, without the engine's prefixes. Not yet inert. */
  text: string;
  truncatedBytes: number;
  timestamp?: string;
  timeMs?: number;
  timeNs?: number;
  taskId?: string;
  nodeId?: string;
  serviceId?: string;
}

export type NewLogLine = Omit<LogLine, 'seq'>;

/** A fixed-capacity ring of lines; appending to a full ring evicts the oldest. */
export class LogBuffer {
  readonly capacity: number;
  private readonly slots: Array<LogLine | undefined>;
  private head = 0;
  private count = 0;
  private next = 0;

  constructor(options: {capacity?: number} = {}) {
    const capacity = options.capacity ?? DEFAULT_LOG_CAPACITY;
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`log buffer capacity must be a whole number, 1 or more (got ${capacity})`);
    this.capacity = capacity;
    this.slots = new Array<LogLine | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Sequence number of the oldest line kept (equals `endSeq` when empty). */
  get firstSeq(): number {
    return this.next - this.count;
  }

  /** Sequence number the next line will get. */
  get endSeq(): number {
    return this.next;
  }

  /** Lines evicted so far. */
  get dropped(): number {
    return this.next - this.count;
  }

  append(line: NewLogLine): LogLine {
    const stored: LogLine = {...line, seq: this.next++};
    if (this.count < this.capacity) {
      this.slots[(this.head + this.count) % this.capacity] = stored;
      this.count++;
    } else {
      this.slots[this.head] = stored;
      this.head = (this.head + 1) % this.capacity;
    }
    return stored;
  }

  /** The line with this sequence number, if it is still kept. */
  get(seq: number): LogLine | undefined {
    if (!Number.isInteger(seq) || seq < this.firstSeq || seq >= this.next) return undefined;
    return this.slots[(this.head + (seq - this.firstSeq)) % this.capacity];
  }

  /** Up to `count` lines from `fromSeq` on (clamped to what is kept), oldest first. */
  range(fromSeq: number, count: number): LogLine[] {
    const start = Math.max(Math.floor(fromSeq), this.firstSeq);
    const end = Math.min(start + Math.max(0, Math.floor(count)), this.next);
    const lines: LogLine[] = [];
    for (let seq = start; seq < end; seq++) lines.push(this.get(seq)!);
    return lines;
  }

  /** The last `count` lines, oldest first. */
  tail(count: number): LogLine[] {
    const take = Math.min(Math.max(0, Math.floor(count)), this.count);
    return this.range(this.next - take, take);
  }

  toArray(): LogLine[] {
    return this.range(this.firstSeq, this.count);
  }

  /** Empties the ring; sequence numbers carry on from where they were. */
  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}

const LF = 0x0a;
const CR = 0x0d;

/** Turns one stream's byte chunks into lines, keeping a partial line between chunks. */
export class LineSplitter {
  private readonly maxLineBytes: number;
  private readonly decoder = new TextDecoder('utf-8', {fatal: false, ignoreBOM: true});
  private readonly parts: Uint8Array[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(options: {maxLineBytes?: number} = {}) {
    this.maxLineBytes = Math.max(1, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  }

  /** Bytes held for the line not yet ended (at most `maxLineBytes`). */
  get pendingBytes(): number {
    return this.kept;
  }

  /** The complete lines in `chunk` (with what came before it). */
  push(chunk: Uint8Array): SplitLine[] {
    const lines: SplitLine[] = [];
    let start = 0;
    while (start <= chunk.length) {
      const end = chunk.indexOf(LF, start);
      if (end === -1) {
        this.keep(chunk.subarray(start));
        break;
      }
      this.keep(chunk.subarray(start, end));
      lines.push(this.take(true));
      start = end + 1;
    }
    return lines;
  }

  /** The unterminated last line, if any (at the end of a stream). */
  flush(): SplitLine | undefined {
    if (this.kept === 0 && this.dropped === 0) return undefined;
    return this.take(false);
  }

  private keep(bytes: Uint8Array): void {
    if (!bytes.length) return;
    const room = this.maxLineBytes - this.kept;
    if (room <= 0) {
      this.dropped += bytes.length;
      return;
    }
    // Copied: the caller's buffer may be reused once push returns.
    // (Uint8Array's slice: a Buffer's slice would share the memory.)
    const part = Uint8Array.prototype.slice.call(bytes, 0, Math.min(room, bytes.length));
    this.parts.push(part);
    this.kept += part.length;
    this.dropped += bytes.length - part.length;
  }

  private take(ended: boolean): SplitLine {
    let bytes: Uint8Array = this.parts.length === 1 ? this.parts[0]! : concat(this.parts, this.kept);
    let truncatedBytes = this.dropped;
    // CRLF: the CR belongs to the line ending. Only when the line is whole: a
    // CR at the cut of a truncated line was not before the LF.
    if (ended && truncatedBytes === 0 && bytes.length && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, -1);
    if (truncatedBytes > 0) {
      const whole = completeUtf8Length(bytes);
      truncatedBytes += bytes.length - whole;
      bytes = bytes.subarray(0, whole);
    }
    this.parts.length = 0;
    this.kept = 0;
    this.dropped = 0;
    return {text: this.decoder.decode(bytes), truncatedBytes};
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// Where a cut in valid UTF-8 leaves no partial character behind: a sequence
// begun in the last three bytes but not finished is left out (so a truncated
// line does not end in U+FFFD for a character the cap split).
function completeUtf8Length(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let back = 1; back <= Math.min(3, length); back++) {
    const byte = bytes[length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation: keep looking for the lead byte
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? length - back : length;
  }
  return length;
}
