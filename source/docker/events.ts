// The engine's event stream (GET /events): one JSON object per line, for as
// long as the connection stays open. swarmtop only needs to know that
// something changed and what kind of object it was; the snapshot read that
// follows is what the panes are drawn from.

import type Dockerode from 'dockerode';
import {decodeEvent} from './decode/event.js';
import {EVENT_STREAM_LIMIT, overCapError} from './limits.js';
import type {Modem, ResponseStream} from './modem.js';

/** The swarm object types swarmtop listens for. Tasks have no events in the API. */
export const SWARM_EVENT_TYPES = ['service', 'node', 'secret', 'config', 'network'] as const;

export type SwarmEventType = (typeof SWARM_EVENT_TYPES)[number];

/** One event as the engine sends it (the fields swarmtop reads). */
export interface EngineEvent {
  Type: string;
  Action: string;
  Actor?: {ID?: string; Attributes?: Record<string, string>};
  scope?: string;
  time?: number;
  timeNano?: number;
}

export interface EventSource {
  /**
   * Resolves once the engine has accepted the subscription, with the events as
   * they come. The iterable ends when the engine closes the stream, throws when
   * the connection breaks, and ends or throws once `signal` aborts.
   */
  openEvents(signal: AbortSignal): Promise<AsyncIterable<EngineEvent>>;
}

export interface LineBound {
  /** The longest line taken, in bytes; a longer one ends the stream with `overCap()`. */
  lineBytes: number;
  overCap: () => Error;
}

const DEFAULT_LINE_BOUND: LineBound = {
  lineBytes: EVENT_STREAM_LIMIT.lineBytes,
  overCap: () => overCapError('the engine', '/events', EVENT_STREAM_LIMIT.lineBytes, 'event line'),
};

/**
 * Splits a byte stream into JSON lines whatever the chunking: a line (or a
 * multi-byte character) may be cut anywhere, and a chunk may hold many lines.
 * A line that is not a JSON object is skipped: one bad line must not cost the
 * stream. A line that grows past its bound throws (an engine that never ends
 * one must not grow the console without end); the pieces of a line are joined
 * once, when it ends, so a long line costs its length, not its length squared.
 */
export class JsonLineDecoder {
  private readonly text = new TextDecoder('utf-8');
  private pieces: string[] = [];
  private pieceBytes = 0;
  /** Lines that could not be read as an event. */
  skipped = 0;

  constructor(private readonly bound: LineBound = DEFAULT_LINE_BOUND) {}

  push(chunk: Uint8Array | string): EngineEvent[] {
    const text = typeof chunk === 'string' ? chunk : this.text.decode(chunk, {stream: true});
    const last = text.lastIndexOf('\n');
    if (last === -1) {
      this.hold(text);
      return [];
    }
    const lines = (this.pieces.join('') + text.slice(0, last)).split('\n');
    this.pieces = [];
    this.pieceBytes = 0;
    this.hold(text.slice(last + 1));
    for (const line of lines) if (Buffer.byteLength(line) > this.bound.lineBytes) throw this.bound.overCap();
    return this.parse(lines);
  }

  /** The last line, when the stream ended without a newline after it. */
  end(): EngineEvent[] {
    const rest = this.pieces.join('') + this.text.decode();
    this.pieces = [];
    this.pieceBytes = 0;
    return this.parse([rest]);
  }

  private hold(piece: string): void {
    if (!piece) return;
    this.pieceBytes += Buffer.byteLength(piece);
    if (this.pieceBytes > this.bound.lineBytes) {
      this.pieces = [];
      this.pieceBytes = 0;
      throw this.bound.overCap();
    }
    this.pieces.push(piece);
  }

  private parse(lines: string[]): EngineEvent[] {
    const events: EngineEvent[] = [];
    for (const line of lines) {
      const trimmed = line.trim();
      if (!trimmed) continue;
      try {
        const event = decodeEvent(JSON.parse(trimmed));
        if (event) events.push(event);
        else this.skipped += 1;
      } catch {
        this.skipped += 1;
      }
    }
    return events;
  }
}

/** A body of JSON lines as events; throws once a line passes `bound`. */
export async function* decodeEvents(source: AsyncIterable<Uint8Array | string>, bound: LineBound = DEFAULT_LINE_BOUND): AsyncGenerator<EngineEvent> {
  const decoder = new JsonLineDecoder(bound);
  for await (const chunk of source) {
    for (const event of decoder.push(chunk)) yield event;
  }
  for (const event of decoder.end()) yield event;
}

/** The `filters` query value: `{"type":["service","node",…]}`, with any other filters (`event`, `label`). */
export function eventFilters(types: readonly string[] = SWARM_EVENT_TYPES, more: Readonly<Record<string, readonly string[]>> = {}): string {
  return JSON.stringify({type: [...types], ...more});
}

/**
 * Events over dockerode's modem, without `since`: only what happens from now
 * on. Whoever subscribes reads a snapshot after the subscription is accepted,
 * which covers anything that happened before.
 */
export class EventResource implements EventSource {
  constructor(
    private readonly docker: Dockerode,
    private readonly types: readonly string[] = SWARM_EVENT_TYPES,
    private readonly filters: Readonly<Record<string, readonly string[]>> = {},
  ) {}

  async openEvents(signal: AbortSignal): Promise<AsyncIterable<EngineEvent>> {
    const modem = this.docker.modem as unknown as Modem;
    const response = await new Promise<ResponseStream>((resolve, reject) => {
      modem.dial(
        {
          path: '/events?',
          method: 'GET',
          isStream: true,
          abortSignal: signal,
          statusCodes: {200: true, 400: 'bad parameter', 500: 'server error'},
          options: {filters: eventFilters(this.types, this.filters)},
        },
        (error, data) => (error ? reject(error) : resolve(data as ResponseStream)),
      );
    });
    // An aborted request does not always end its body: destroy it, so the reader wakes.
    signal.addEventListener('abort', () => response.destroy?.(), {once: true});
    const endpoint = modem.endpoint ?? 'the engine';
    return decodeEvents(response, {
      lineBytes: EVENT_STREAM_LIMIT.lineBytes,
      overCap: () => overCapError(endpoint, '/events', EVENT_STREAM_LIMIT.lineBytes, 'event line'),
    });
  }
}
