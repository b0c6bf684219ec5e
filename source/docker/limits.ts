// How long swarmtop waits for an engine and how much it takes from it: one table,
// read by the modem wrapper (modem.ts), the kept-alive JSON reads (engine-json.ts),
// the event stream (events.ts) and the stats sampler's per-node rounds. An engine
// that never answers, or answers without end, costs one request its error, never
// the console its memory or its loop.
//
// Measured against `--demo=large` (500 nodes, 2,000 services, 20,000 tasks), API 1.41:
// /tasks 45 MB, /services 3.1 MB, /nodes 0.9 MB, /networks 0.1 MB, /info 4.3 KB,
// /version 0.8 KB. The caps leave a wide margin over that (tasks with larger specs,
// more history), and the deadlines a slow ssh link.

import {ENGINE_LISTS, LIST_NAMES} from './lists.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** A request read whole: its answer must come, complete, within `deadlineMs` and `bytes`. */
export interface WholeAnswer {
  kind: 'whole';
  bytes: number;
  deadlineMs: number;
}

/**
 * A request whose answer streams for as long as it likes (events, logs with follow):
 * the answer's headers must come within `answerMs`; what follows is bounded per line
 * by its reader (`lineBytes`), not in total.
 */
export interface StreamedAnswer {
  kind: 'stream';
  answerMs: number;
  lineBytes: number;
}

export type AnswerLimit = WholeAnswer | StreamedAnswer;

interface LimitRow<L extends AnswerLimit> {
  /** What the request is, for the README's Trust section and error messages. */
  name: string;
  /** Methods and the path after the API version, e.g. `GET /tasks`. */
  match: RegExp;
  /** Only for a request whose answer is read as it streams (the live event stream), not one read whole. */
  streamed?: true;
  limit: L;
}

const whole = (bytes: number, deadlineSeconds: number): WholeAnswer => ({kind: 'whole', bytes, deadlineMs: deadlineSeconds * 1000});
const stream = (answerSeconds: number, lineBytes: number): StreamedAnswer => ({kind: 'stream', answerMs: answerSeconds * 1000, lineBytes});

/** `GET /nodes`, `GET /secrets`, …: every engine list's path as its record gives it, and a node engine's containers. */
function listPaths(): RegExp {
  const paths = LIST_NAMES.map(name => ENGINE_LISTS[name].request.path.replace(/\?$/, '').slice(1));
  return new RegExp(`^GET \\/(${[...paths, 'containers\\/json'].join('|')})$`);
}

/** Checked in order; the first row whose `match` fits `METHOD /path` (no query, no version) applies. */
export const ANSWER_LIMITS: readonly LimitRow<AnswerLimit>[] = [
  {name: 'version', match: /^GET \/(version|_ping)$/, limit: whole(1 * MiB, 15)},
  {name: 'info', match: /^GET \/info$/, limit: whole(4 * MiB, 15)},
  // A whole swarm's list, streamed element by element (list-stream.ts) but bounded in total.
  // Every list of docker/lists.ts, and a node engine's containers.
  {name: 'list', match: listPaths(), limit: whole(512 * MiB, 180)},
  // The live event stream: headers within 15 s, then any pace; one line at most 1 MiB.
  {name: 'events', match: /^GET \/events$/, streamed: true, limit: stream(15, 1 * MiB)},
  // Past events with `until` (the OOM lookup): the engine keeps the last 256.
  {name: 'event log', match: /^GET \/events$/, limit: whole(16 * MiB, 15)},
  {name: 'stats', match: /^GET \/containers\/[^/]+\/stats$/, limit: whole(1 * MiB, 15)},
  {name: 'logs', match: /^GET \/(services|tasks|containers)\/[^/]+\/logs$/, limit: stream(15, 16 * KiB)},
  {name: 'exec', match: /^(GET|POST) \/(containers\/[^/]+\/exec|exec\/.*)$/, limit: whole(1 * MiB, 15)},
  {name: 'inspect', match: /^GET \//, limit: whole(16 * MiB, 15)},
  // Writes (update, remove, scale): the engine may take a while to commit through raft.
  {name: 'write', match: /^(POST|PUT|DELETE) \//, limit: whole(4 * MiB, 60)},
];

/** An error answer's body (the engine's message) is read up to this. */
export const ERROR_ANSWER_BYTES = 1 * MiB;

/** A node's engine must answer its first /info (it is the node the swarm says) within this. */
export const NODE_CONNECT_TIMEOUT_MS = 3000;

/** One node's share of a stats round (stats, inspect, health, OOM lookups): the round does not wait longer for it. */
export const NODE_ROUND_TIMEOUT_MS = 8000;

/** The limit for `method path` (read as it streams, or whole); `path` may carry the API version prefix and a query. */
export function answerLimit(method: string, path: string, streamed = false): {name: string; limit: AnswerLimit} {
  const key = `${method.toUpperCase()} ${requestPath(path)}`;
  const row = ANSWER_LIMITS.find(candidate => (streamed || !candidate.streamed) && candidate.match.test(key));
  return row ?? {name: 'request', limit: whole(4 * MiB, 60)};
}

/** The live event stream's limit. */
export const EVENT_STREAM_LIMIT = answerLimit('GET', '/events', true).limit as StreamedAnswer;
/** A log stream's limit: a longer line keeps its first `lineBytes` (model/log-buffer.ts). */
export const LOG_STREAM_LIMIT = answerLimit('GET', '/services/-/logs', true).limit as StreamedAnswer;

/** The path without its API version prefix and query: `/v1.41/tasks?x=1` → `/tasks`. */
export function requestPath(path: string): string {
  return path.replace(/[?#].*$/, '').replace(/^\/v\d+\.\d+(?=\/)/, '');
}

/** `2 MiB`, `512 KiB`, `100 B`. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= KiB && bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} B`;
}

/** A request with no answer by its deadline, or an answer over its cap: dropped. */
export class AnswerLimitError extends Error {
  constructor(
    message: string,
    readonly limit: 'deadline' | 'cap',
  ) {
    super(message);
    this.name = 'AnswerLimitError';
  }
}

/** The error of a request with no answer by its deadline. */
export function noAnswerError(endpoint: string, path: string, ms: number): AnswerLimitError {
  return new AnswerLimitError(`no answer from ${endpoint} ${requestPath(path)} in ${Math.round(ms / 100) / 10} s`, 'deadline');
}

/** The error of an answer dropped for going over its cap. */
export function overCapError(endpoint: string, path: string, bytes: number, what = 'answer'): AnswerLimitError {
  return new AnswerLimitError(`${what} to ${requestPath(path)} over its cap of ${formatBytes(bytes)}: dropped (${endpoint})`, 'cap');
}
