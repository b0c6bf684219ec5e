// Following a service's or task's logs into a LogBuffer, through a Loggable:
// lines parsed and attributed to their task, the connection state for the
// view, and reconnection when a followed stream ends, errors or stalls.
//
// Reconnecting: the engine is always asked for timestamps, so a new request can
// start `since` the newest line seen (less `overlapMs`, because a service's
// lines come from several nodes whose streams interleave imperfectly). Lines
// the overlap brings back (same timestamp, task, stream and text as a line
// received on an earlier connection) are dropped. A 404 means the service or
// task is gone: the follower stops with `removed` set and does not retry; a
// 400 is a request the engine will never accept, also final. Everything else
// (5xx, socket errors, the engine ending a followed stream) is retried with
// exponential backoff, reset once a connection brings new lines.

import {describeError} from '../docker/errors.js';
import {errorStatus, parseLogPrefix, type LogChunk, type LogStreamName, type LogTarget, type Loggable, type LogOptions} from '../docker/logs.js';
import {LineSplitter, LogBuffer, type LogLine, type SplitLine} from './log-buffer.js';

export type LogFollowState = 'connecting' | 'streaming' | 'ended' | 'reconnecting' | 'error';

export interface LogFollowStatus {
  state: LogFollowState;
  /** The engine's (or socket's) last error, one line; cleared when a connection is up again. */
  error?: string;
  /** The engine answered 404: the service or task no longer exists. */
  removed: boolean;
  /** Connections opened so far. */
  connections: number;
  /** While reconnecting: when (by the injected clock) the next attempt starts. */
  retryAt?: number;
}

export interface LogTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: LogTimers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: handle => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface LogFollowerOptions {
  source: Loggable;
  target: LogTarget;
  /** The service or task has a TTY (raw body). */
  tty: boolean;
  /** Keep the stream open for new lines; default true. */
  follow?: boolean;
  /** Lines (per task) to start with; default 500. Undefined in `{tail: undefined}` means all. */
  tail?: number;
  /** Start from this time (unix seconds) instead of the last `tail` lines. */
  since?: number;
  /** Defaults to a new LogBuffer of the default capacity. */
  buffer?: LogBuffer;
  maxLineBytes?: number;
  timers?: LogTimers;
  /** First reconnect delay; default 1 s, doubling up to `maxBackoffMs` (default 30 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A followed stream silent this long is reopened; 0 turns it off. Default 5 minutes. */
  stallTimeoutMs?: number;
  /** How far before the newest line seen a reconnect asks to start; default 1 s. */
  overlapMs?: number;
}

const DEFAULT_TAIL = 500;
const MAX_DEDUP_KEYS = 20_000;

interface SeenKey {
  key: string;
  timeMs: number;
}

export class LogFollower {
  readonly buffer: LogBuffer;
  private readonly source: Loggable;
  private readonly target: LogTarget;
  private readonly tty: boolean;
  private readonly follow: boolean;
  private readonly tail: number | undefined;
  private readonly since: number | undefined;
  private readonly timers: LogTimers;
  private readonly maxLineBytes: number | undefined;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly stallTimeoutMs: number;
  private readonly overlapMs: number;

  private current: LogFollowStatus = {state: 'connecting', removed: false, connections: 0};
  private readonly listeners = new Set<() => void>();
  private changes = 0;
  private started = false;
  private stopped = false;
  private controller: AbortController | undefined;
  private wake: (() => void) | undefined;
  private waitTimer: unknown;
  private stallTimer: unknown;
  private stalled = false;

  private splitters = new Map<LogStreamName, LineSplitter>();
  private generation = 0;
  private newestMs: number | undefined;
  private readonly seen = new Map<string, number>();
  private readonly seenOrder: SeenKey[] = [];
  private seenHead = 0;
  private duplicates = 0;

  constructor(options: LogFollowerOptions) {
    this.source = options.source;
    this.target = options.target;
    this.tty = options.tty;
    this.follow = options.follow ?? true;
    this.tail = 'tail' in options ? options.tail : DEFAULT_TAIL;
    this.since = options.since;
    this.buffer = options.buffer ?? new LogBuffer();
    this.timers = options.timers ?? systemTimers;
    this.maxLineBytes = options.maxLineBytes;
    this.initialBackoffMs = options.initialBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 5 * 60_000;
    this.overlapMs = options.overlapMs ?? 1000;
  }

  get status(): LogFollowStatus {
    return this.current;
  }

  /** Bumped on every new line and status change (a snapshot key for useSyncExternalStore). */
  get version(): number {
    return this.changes;
  }

  /** Lines dropped as already shown, after reconnects. */
  get duplicatesDropped(): number {
    return this.duplicates;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts following; resolves when the follower is done for good (ended, error or stop). */
  start(): Promise<void> {
    if (this.started) throw new Error('LogFollower.start() called twice');
    this.started = true;
    return this.run();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.controller?.abort();
    this.clearStallTimer();
    if (this.waitTimer !== undefined) this.timers.clearTimeout(this.waitTimer);
    this.wake?.();
    if (this.current.state !== 'error') this.setStatus({state: 'ended', retryAt: undefined});
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const reconnect = this.generation > 0;
      this.generation++;
      this.setStatus({state: reconnect ? 'reconnecting' : 'connecting', retryAt: undefined, connections: this.current.connections + 1});
      const controller = new AbortController();
      this.controller = controller;
      this.stalled = false;
      this.splitters = new Map();

      let lines: AsyncIterable<LogChunk>;
      try {
        lines = await this.source.openLogs(this.target, this.requestOptions(), controller.signal);
      } catch (error) {
        if (this.stopped) return;
        if (this.isFinal(error)) return;
        await this.backoff(failures++, describeError(error));
        continue;
      }
      if (this.stopped) return;
      this.setStatus({state: 'streaming', error: undefined});

      let fresh = 0;
      let failure: string | undefined;
      try {
        this.armStallTimer(controller);
        for await (const chunk of lines) {
          if (this.stopped) break;
          this.armStallTimer(controller);
          fresh += this.ingest(chunk);
        }
      } catch (error) {
        if (!this.stopped) failure = this.stalled ? this.stallMessage() : describeError(error);
      } finally {
        this.clearStallTimer();
      }
      if (this.stopped) return;
      fresh += this.flushPartials();
      if (!this.follow && failure === undefined) {
        this.setStatus({state: 'ended'});
        return;
      }
      if (fresh > 0) failures = 0;
      await this.backoff(failures++, failure ?? (this.stalled ? this.stallMessage() : undefined));
    }
  }

  private requestOptions(): LogOptions {
    const options: LogOptions = {follow: this.follow, timestamps: true, tty: this.tty, details: true};
    if (this.newestMs !== undefined) {
      options.since = Math.max(0, Math.floor(this.newestMs - this.overlapMs)) / 1000;
    } else if (this.since !== undefined) {
      options.since = this.since;
    } else if (this.tail !== undefined) {
      options.tail = this.tail;
    }
    return options;
  }

  // 404: gone. 400: never going to work. Both end the follower.
  private isFinal(error: unknown): boolean {
    const status = errorStatus(error);
    if (status === 404) {
      this.setStatus({state: 'error', removed: true, error: `${this.target.kind} removed: ${describeError(error)}`});
      return true;
    }
    if (status === 400) {
      this.setStatus({state: 'error', error: describeError(error)});
      return true;
    }
    return false;
  }

  private backoff(failures: number, error: string | undefined): Promise<void> {
    const delay = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** Math.min(failures, 30));
    this.setStatus({state: 'reconnecting', retryAt: this.timers.now() + delay, ...(error !== undefined ? {error} : {})});
    return new Promise<void>(resolve => {
      this.wake = () => {
        this.wake = undefined;
        this.waitTimer = undefined;
        resolve();
      };
      this.waitTimer = this.timers.setTimeout(() => this.wake?.(), delay);
    });
  }

  private stallMessage(): string {
    return `no log data for ${Math.round(this.stallTimeoutMs / 1000)} s; reconnecting`;
  }

  private armStallTimer(controller: AbortController): void {
    if (!this.follow || this.stallTimeoutMs <= 0) return;
    this.clearStallTimer();
    this.stallTimer = this.timers.setTimeout(() => {
      this.stallTimer = undefined;
      this.stalled = true;
      controller.abort();
    }, this.stallTimeoutMs);
  }

  private clearStallTimer(): void {
    if (this.stallTimer !== undefined) this.timers.clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  /** Splits, parses, de-duplicates and stores; returns how many lines were stored. */
  private ingest(chunk: LogChunk): number {
    let splitter = this.splitters.get(chunk.stream);
    if (!splitter) {
      splitter = new LineSplitter({maxLineBytes: this.maxLineBytes});
      this.splitters.set(chunk.stream, splitter);
    }
    let stored = 0;
    for (const line of splitter.push(chunk.data)) if (this.store(chunk.stream, line)) stored++;
    if (stored) this.notify();
    return stored;
  }

  // The engine ended the body mid-line: keep what came (a reconnect resends it
  // whole from `since`, and the same partial text is then a duplicate).
  private flushPartials(): number {
    let stored = 0;
    for (const [stream, splitter] of this.splitters) {
      const line = splitter.flush();
      if (line && this.store(stream, line)) stored++;
    }
    if (stored) this.notify();
    return stored;
  }

  private store(stream: LogStreamName, line: SplitLine): boolean {
    const parsed = parseLogPrefix(line.text, {timestamps: true, details: true});
    if (parsed.timestamp !== undefined && parsed.timeMs !== undefined) {
      const key = `${parsed.timestamp}\u0000${parsed.taskId ?? ''}\u0000${stream}\u0000${parsed.text}`;
      const from = this.seen.get(key);
      if (from !== undefined && from < this.generation) {
        this.duplicates++;
        return false;
      }
      if (from === undefined) this.remember(key, parsed.timeMs);
      if (this.newestMs === undefined || parsed.timeMs > this.newestMs) this.newestMs = parsed.timeMs;
    }
    const entry: Omit<LogLine, 'seq'> = {stream, text: parsed.text, truncatedBytes: line.truncatedBytes};
    if (parsed.timestamp !== undefined) {
      entry.timestamp = parsed.timestamp;
      entry.timeMs = parsed.timeMs;
      entry.timeNs = parsed.timeNs;
    }
    if (parsed.taskId) entry.taskId = parsed.taskId;
    if (parsed.nodeId) entry.nodeId = parsed.nodeId;
    if (parsed.serviceId) entry.serviceId = parsed.serviceId;
    this.buffer.append(entry);
    return true;
  }

  // Keys only matter from the overlap window on; older ones (and any beyond
  // the cap) are forgotten oldest first.
  private remember(key: string, timeMs: number): void {
    this.seen.set(key, this.generation);
    this.seenOrder.push({key, timeMs});
    const horizon = (this.newestMs ?? timeMs) - this.overlapMs - 1000;
    while (this.seenHead < this.seenOrder.length) {
      const oldest = this.seenOrder[this.seenHead]!;
      if (oldest.timeMs >= horizon && this.seenOrder.length - this.seenHead <= MAX_DEDUP_KEYS) break;
      this.seen.delete(oldest.key);
      this.seenHead++;
    }
    if (this.seenHead > 1024 && this.seenHead * 2 > this.seenOrder.length) {
      this.seenOrder.splice(0, this.seenHead);
      this.seenHead = 0;
    }
  }

  private setStatus(change: Partial<LogFollowStatus>): void {
    const next = {...this.current, ...change};
    for (const key of Object.keys(next) as Array<keyof LogFollowStatus>) if (next[key] === undefined) delete next[key];
    this.current = next;
    this.notify();
  }

  private notify(): void {
    this.changes++;
    for (const listener of [...this.listeners]) listener();
  }
}

/** One line for a status bar: what the follower is doing and why. */
export function describeFollowStatus(status: LogFollowStatus, now: number): string {
  switch (status.state) {
    case 'connecting':
      return 'connecting…';
    case 'streaming':
      return 'streaming';
    case 'ended':
      return 'ended';
    case 'reconnecting': {
      const wait = status.retryAt !== undefined ? Math.max(0, Math.ceil((status.retryAt - now) / 1000)) : 0;
      const when = wait > 0 ? ` in ${wait}s` : '…';
      return `reconnecting${when}${status.error ? ` (${status.error})` : ''}`;
    }
    case 'error':
      return status.error ?? 'error';
  }
}
