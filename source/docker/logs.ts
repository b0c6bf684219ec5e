// Service and task logs from the Engine API (GET /services/{id}/logs and
// /tasks/{id}/logs), as a capability the model can fake in tests.
//
// Wire formats:
// - Without a TTY the engine multiplexes stdout and stderr into frames: an
//   8-byte header (byte 0 the stream, 1 stdout / 2 stderr, 0 stdin; bytes 1–3
//   zero; bytes 4–7 the big-endian payload length) and the payload.
// - With a TTY the bytes come raw (one merged stream, CRLF line endings).
// - `timestamps=1` prefixes each line with an RFC 3339 time and a space; then
//   `details=1` adds the log attributes, sorted by key, each key and value
//   URL-query-escaped, joined by commas, and a space. For swarm service logs
//   those are com.docker.swarm.node.id, com.docker.swarm.service.id and
//   com.docker.swarm.task.id (the daemon's WriteLogStream puts the time first:
//   `2025-06-02T09:00:00.000000001Z com.docker.swarm.node.id=…,… text`).

import type Dockerode from 'dockerode';
import {pathSegment, swarmId} from './ids.js';
import type {Modem, ResponseStream} from './modem.js';

export type LogStreamName = 'stdout' | 'stderr';

/** A piece of one stream's bytes; not necessarily a whole line, nor a whole frame. */
export interface LogChunk {
  stream: LogStreamName;
  data: Uint8Array;
}

export interface LogTarget {
  kind: 'service' | 'task';
  id: string;
}

export interface LogOptions {
  follow: boolean;
  /** Last N lines (per task); absent means all the engine kept. */
  tail?: number;
  /** Unix seconds (fractions allowed): only lines at or after this time. */
  since?: number;
  timestamps: boolean;
  /** The service or task has a TTY: the body is raw, not multiplexed. */
  tty: boolean;
  /** Ask for the swarm attributes (node, service and task IDs) on each line. Default true. */
  details?: boolean;
}

export interface Loggable {
  /**
   * Resolves once the engine has accepted the request (so a 404 rejects here),
   * with the body as chunks. With `follow` the iterable runs until the engine
   * ends the stream or `signal` aborts it.
   */
  openLogs(target: LogTarget, options: LogOptions, signal?: AbortSignal): Promise<AsyncIterable<LogChunk>>;
}

// --- frames ------------------------------------------------------------------

const HEADER_BYTES = 8;

/**
 * Splits a multiplexed body into stream-tagged chunks, whatever the chunking:
 * a header may be cut anywhere, a chunk may hold many frames, and a large
 * frame's payload is passed on piece by piece as it arrives (never buffered
 * whole). A header that cannot be a frame header (stream byte above 2 or
 * non-zero padding) means the body was not multiplexed after all: from there
 * on everything, the odd header bytes included, is passed on raw as stdout.
 * Never throws.
 */
export class FrameDemuxer {
  private readonly header = new Uint8Array(HEADER_BYTES);
  private headerFill = 0;
  private remaining = 0;
  private stream: LogStreamName = 'stdout';
  private raw = false;

  /** True once a malformed header switched the demuxer to pass-through. */
  get passThrough(): boolean {
    return this.raw;
  }

  /** Bytes of a frame still expected (header bytes held, or payload owed). */
  get pending(): number {
    return this.headerFill > 0 ? HEADER_BYTES - this.headerFill : this.remaining;
  }

  push(chunk: Uint8Array): LogChunk[] {
    const out: LogChunk[] = [];
    if (this.raw) {
      if (chunk.length) out.push({stream: 'stdout', data: chunk});
      return out;
    }
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        out.push({stream: this.stream, data: chunk.subarray(offset, offset + take)});
        this.remaining -= take;
        offset += take;
        continue;
      }
      const take = Math.min(HEADER_BYTES - this.headerFill, chunk.length - offset);
      this.header.set(chunk.subarray(offset, offset + take), this.headerFill);
      this.headerFill += take;
      offset += take;
      if (this.headerFill < HEADER_BYTES) break;
      this.headerFill = 0;
      const type = this.header[0]!;
      if (type > 2 || this.header[1] !== 0 || this.header[2] !== 0 || this.header[3] !== 0) {
        this.raw = true;
        out.push({stream: 'stdout', data: this.header.slice()});
        if (offset < chunk.length) out.push({stream: 'stdout', data: chunk.subarray(offset)});
        return out;
      }
      this.stream = type === 2 ? 'stderr' : 'stdout';
      this.remaining = ((this.header[4]! << 24) >>> 0) + (this.header[5]! << 16) + (this.header[6]! << 8) + this.header[7]!;
    }
    return out;
  }
}

/** A multiplexed body as stream-tagged chunks. */
export async function* demultiplex(source: AsyncIterable<Uint8Array>): AsyncGenerator<LogChunk> {
  const demuxer = new FrameDemuxer();
  for await (const chunk of source) {
    for (const piece of demuxer.push(chunk)) yield piece;
  }
}

/** A TTY body: no headers, everything is stdout. */
export async function* rawChunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<LogChunk> {
  for await (const chunk of source) {
    if (chunk.length) yield {stream: 'stdout', data: chunk};
  }
}

// --- line prefixes -----------------------------------------------------------

export interface LogPrefix {
  /** The engine's timestamp as sent. */
  timestamp?: string;
  /** Milliseconds since the epoch (whole). */
  timeMs?: number;
  /** The sub-millisecond part in nanoseconds (0–999,999), so lines order exactly. */
  timeNs?: number;
  /** The `details` attributes, decoded. */
  attrs?: Record<string, string>;
  nodeId?: string;
  serviceId?: string;
  taskId?: string;
  /** The line after the prefixes. */
  text: string;
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) /;
// key=value pairs, comma-separated, query-escaped: no spaces, commas or '=' inside.
const DETAILS = /^([^\s=,]+=[^\s,]*(?:,[^\s=,]+=[^\s,]*)*) /;

/** Parses an RFC 3339 time into whole milliseconds and the nanoseconds beyond. */
export function parseLogTime(stamp: string): {timeMs: number; timeNs: number} | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(stamp);
  if (!match) return undefined;
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  if (!Number.isFinite(seconds)) return undefined;
  const fraction = (match[2] ?? '').padEnd(9, '0');
  return {timeMs: seconds + Number(fraction.slice(0, 3)), timeNs: Number(fraction.slice(3))};
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * Takes the prefixes the engine was asked for off a line: the timestamp (when
 * `timestamps`), then the details attributes (when `details`). A prefix that
 * is not there is left in the text, never guessed at.
 */
export function parseLogPrefix(line: string, expect: {timestamps: boolean; details: boolean}): LogPrefix {
  let text = line;
  const result: LogPrefix = {text};
  if (expect.timestamps) {
    const match = TIMESTAMP.exec(text);
    if (match) {
      const stamp = match[0].slice(0, -1);
      const time = parseLogTime(stamp);
      if (time) {
        result.timestamp = stamp;
        result.timeMs = time.timeMs;
        result.timeNs = time.timeNs;
        text = text.slice(match[0].length);
      }
    }
  }
  if (expect.details) {
    const match = DETAILS.exec(text);
    if (match) {
      const attrs: Record<string, string> = {};
      for (const pair of match[1]!.split(',')) {
        const equals = pair.indexOf('=');
        attrs[decodeComponent(pair.slice(0, equals))] = decodeComponent(pair.slice(equals + 1));
      }
      result.attrs = attrs;
      if (attrs['com.docker.swarm.node.id']) result.nodeId = attrs['com.docker.swarm.node.id'];
      if (attrs['com.docker.swarm.service.id']) result.serviceId = attrs['com.docker.swarm.service.id'];
      if (attrs['com.docker.swarm.task.id']) result.taskId = attrs['com.docker.swarm.task.id'];
      text = text.slice(match[0].length);
    } else if (text.startsWith(' ')) {
      // No attributes at all: the engine still writes the separating space.
      text = text.slice(1);
    }
  }
  result.text = text;
  return result;
}

/** `since` as the Engine API takes it: unix seconds with up to nine decimals. */
export function formatSince(seconds: number): string {
  const whole = Math.floor(seconds);
  const nanos = Math.round((seconds - whole) * 1e9);
  if (nanos >= 1e9) return `${whole + 1}.000000000`;
  return `${whole}.${String(nanos).padStart(9, '0')}`;
}

// --- errors ------------------------------------------------------------------

/** The HTTP status of an engine error (dockerode sets `statusCode`), if any. */
export function errorStatus(error: unknown): number | undefined {
  const status = (error as {statusCode?: unknown} | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

// Dialled as a stream, docker-modem reads an error body into the message
// ("(HTTP code 404) no such service - service x not found ") but leaves `json`
// empty; put the engine's words back where describeError looks for them.
function withEngineMessage(error: unknown): unknown {
  if (!error || typeof error !== 'object') return error;
  const engine = error as {statusCode?: unknown; json?: unknown; message?: unknown};
  if (typeof engine.statusCode !== 'number' || (engine.json && typeof engine.json === 'object') || typeof engine.message !== 'string') return error;
  const match = /^\(HTTP code \d+\) [^]*? - ([^]*)$/.exec(engine.message);
  const message = match?.[1]?.trim();
  if (message) engine.json = {message};
  return error;
}

// --- dockerode -----------------------------------------------------------------

// The engine labels the body's format in Content-Type since API 1.42; older
// engines call every log body raw-stream, so there only the TTY flag tells.
const LABELLED_SINCE_MINOR = 42;

export function isMultiplexed(contentType: string | undefined, apiVersion: string | undefined, tty: boolean): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/vnd.docker.multiplexed-stream') return true;
  const minor = Number(/^v?\d+\.(\d+)/.exec(apiVersion ?? '')?.[1] ?? NaN);
  if (type === 'application/vnd.docker.raw-stream' && minor >= LABELLED_SINCE_MINOR) return false;
  return !tty;
}

/**
 * Logs over dockerode's modem. dockerode's own `service.logs()` and
 * `task.logs()` only stream with `follow: true`; with `follow: false` they
 * buffer the body and hand back `JSON.parse(body)` whenever it parses (a TTY
 * service whose only line is `{"ok":true}` or `42` comes back as an object or
 * a number, its bytes lost), else a Buffer. So every request here is dialled
 * as a stream: the same code path for follow and not, and bytes stay bytes.
 */
export class LogResource implements Loggable {
  constructor(private readonly docker: Dockerode) {}

  async openLogs(target: LogTarget, options: LogOptions, signal?: AbortSignal): Promise<AsyncIterable<LogChunk>> {
    const modem = this.docker.modem as unknown as Modem;
    const query: Record<string, unknown> = {
      stdout: true,
      stderr: true,
      follow: options.follow,
      timestamps: options.timestamps,
      details: options.details ?? true,
      tail: options.tail === undefined ? 'all' : Math.max(0, Math.floor(options.tail)),
    };
    if (options.since !== undefined) query.since = formatSince(options.since);
    const what = target.kind === 'service' ? 'service' : 'task';
    const path = `/${what}s/${pathSegment(swarmId(target.id, what))}/logs?`;
    const response = await new Promise<ResponseStream>((resolve, reject) => {
      modem.dial(
        {
          path,
          method: 'GET',
          isStream: true,
          ...(signal ? {abortSignal: signal} : {}),
          statusCodes: {200: true, 404: `no such ${what}`, 500: 'server error', 503: 'node is not part of a swarm'},
          options: query,
        },
        (error, data) => (error ? reject(withEngineMessage(error)) : resolve(data as ResponseStream)),
      );
    });
    const contentType = response.headers?.['content-type'];
    const multiplexed = isMultiplexed(Array.isArray(contentType) ? contentType[0] : contentType, modem.version, options.tty);
    return multiplexed ? demultiplex(response) : rawChunks(response);
  }
}
