// The slice of dockerode's modem that streaming endpoints (logs, events) dial
// directly: dockerode's own helpers buffer or parse bodies these need raw. And the
// bounds every request through the modem gets (limits.ts): docker-modem reads a
// plain answer whole, however large, and waits for it however long.

import {PassThrough, type Readable} from 'node:stream';
import type {IncomingMessage} from 'node:http';
import {ERROR_ANSWER_BYTES, answerLimit, noAnswerError, overCapError} from './limits.js';

export interface DialOptions {
  path: string;
  method: 'GET';
  isStream: true;
  abortSignal?: AbortSignal;
  statusCodes: Record<number, true | string>;
  options: Record<string, unknown>;
}

export interface Modem {
  /** The negotiated API version, when one was set. */
  version?: string;
  /** The engine's URL, for errors (set by boundModem). */
  endpoint?: string;
  dial(options: DialOptions, callback: (error: unknown, response: unknown) => void): void;
}

/** A streamed response body, with its headers. */
export interface ResponseStream extends AsyncIterable<Uint8Array> {
  headers?: Record<string, string | string[] | undefined>;
  destroy?(): void;
}

/** What docker-modem's dial is given (the fields the bounds read or change). */
interface AnyDial {
  path: string;
  method: string;
  isStream?: boolean;
  hijack?: boolean;
  openStdin?: boolean;
  abortSignal?: AbortSignal;
  statusCodes?: Record<number, true | string>;
  [key: string]: unknown;
}

type DialCallback = (error: unknown, data: unknown) => void;

interface DialingModem {
  endpoint?: string;
  dial(options: AnyDial, callback: DialCallback): void;
}

// Every status passes docker-modem, so the answer is read here under its cap,
// and the error built here as docker-modem would have.
const EVERY_STATUS = new Proxy({}, {get: () => true}) as Record<number, true>;

/**
 * Makes every request through `modem` bounded: a plain answer is read as a stream
 * under its byte cap and deadline (then parsed and checked as docker-modem would);
 * a list streamed to its reader is counted on the way; an open-ended stream
 * (events, logs) and a hijacked exec must answer by their deadline. `endpoint`
 * names the engine in the errors.
 */
export function boundModem(modem: DialingModem, endpoint: string, limits: typeof answerLimit = answerLimit): void {
  const dial = modem.dial.bind(modem);
  modem.endpoint = endpoint;
  modem.dial = (options, callback) => {
    const path = options.path;
    const {limit} = limits(options.method, path, Boolean(options.isStream));
    const openEnded = Boolean(options.hijack || options.openStdin || (options.isStream && limit.kind === 'stream'));
    const deadlineMs = limit.kind === 'whole' ? limit.deadlineMs : limit.answerMs;
    const cap = limit.kind === 'whole' ? limit.bytes : ERROR_ANSWER_BYTES;
    const statusCodes = options.statusCodes ?? {};
    const controller = new AbortController();
    const caller = options.abortSignal;
    const onCallerAbort = () => controller.abort(caller!.reason);
    if (caller?.aborted) controller.abort(caller.reason);
    else caller?.addEventListener('abort', onCallerAbort, {once: true});
    let late: Error | undefined;
    const timer = setTimeout(() => {
      late = noAnswerError(endpoint, path, deadlineMs);
      controller.abort(late);
    }, deadlineMs);
    const settle = () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    };
    let done = false;
    const finish = (error: unknown, data: unknown) => {
      if (done) return;
      done = true;
      settle();
      callback(error && late ? late : error, data);
    };
    // A hijacked exec keeps docker-modem's own handling: only its answer has a deadline.
    const statuses = options.hijack || options.openStdin ? statusCodes : EVERY_STATUS;
    dial(
      {...options, isStream: options.hijack || options.openStdin ? options.isStream : true, statusCodes: statuses, abortSignal: controller.signal},
      (error, data) => {
        if (error || options.hijack || options.openStdin) return finish(error, data);
        const response = data as IncomingMessage;
        const status = response.statusCode ?? 0;
        if (statusCodes[status] !== true || !options.isStream) {
          // A plain answer, or an error's: read here under the cap, then parsed as docker-modem would.
          const bodyCap = statusCodes[status] === true ? cap : Math.min(cap, ERROR_ANSWER_BYTES);
          readCapped(response, bodyCap, controller.signal).then(
            body => (body === undefined ? finish(overCapError(endpoint, path, bodyCap), null) : finish(...modemPayload(status, body, statusCodes))),
            (readError: unknown) => finish(readError, null),
          );
          return;
        }
        if (openEnded) {
          // Events, logs: any pace from here; their readers bound each line. The caller's abort still ends the body.
          settle();
          done = true;
          caller?.addEventListener('abort', () => response.destroy(), {once: true});
          callback(null, response);
          return;
        }
        // A list its reader splits as it comes: counted on the way, under the whole deadline.
        done = true;
        callback(
          null,
          countedStream(response, cap, () => overCapError(endpoint, path, cap), controller.signal, settle),
        );
      },
    );
  };
}

/** The whole body, or undefined once it passes `cap` bytes; rejects when `signal` aborts. */
function readCapped(response: Readable, cap: number, signal: AbortSignal): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onAbort = () => {
      response.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, {once: true});
    const settle = () => signal.removeEventListener('abort', onAbort);
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        settle();
        response.removeAllListeners('data');
        response.destroy();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => {
      settle();
      resolve(Buffer.concat(chunks));
    });
    response.on('error', error => {
      settle();
      reject(signal.aborted ? signal.reason : error);
    });
  });
}

/** `response` passed through, failing once it passes `cap` bytes or `signal` aborts; `ended` when it settles. */
function countedStream(response: IncomingMessage, cap: number, overCap: () => Error, signal: AbortSignal, ended: () => void): PassThrough {
  const counted = new PassThrough();
  Object.assign(counted, {headers: response.headers, statusCode: response.statusCode});
  let size = 0;
  const fail = (error: unknown) => {
    ended();
    response.destroy();
    counted.destroy(error instanceof Error ? error : new Error(String(error)));
  };
  const onAbort = () => fail(signal.reason);
  signal.addEventListener('abort', onAbort, {once: true});
  response.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > cap) {
      signal.removeEventListener('abort', onAbort);
      fail(overCap());
      return;
    }
    if (!counted.write(chunk)) {
      response.pause();
      counted.once('drain', () => response.resume());
    }
  });
  response.on('end', () => {
    signal.removeEventListener('abort', onAbort);
    ended();
    counted.end();
  });
  response.on('error', error => {
    signal.removeEventListener('abort', onAbort);
    fail(signal.aborted ? signal.reason : error);
  });
  // The reader gave up (its own abort): the engine's answer goes too.
  counted.on('close', () => {
    if (!response.readableEnded) response.destroy();
    signal.removeEventListener('abort', onAbort);
    ended();
  });
  return counted;
}

/** docker-modem's result for a body read whole: the JSON (or the bytes), or its error for a status not expected. */
function modemPayload(status: number, body: Buffer, statusCodes: Record<number, true | string>): [unknown, unknown] {
  const text = body.toString();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const payload = json || body;
  if (statusCodes[status] === true) return [null, payload];
  const cause = payload as {message?: string; error?: string} | Buffer;
  const said = Buffer.isBuffer(cause) ? cause.toString() : (cause.message ?? cause.error ?? String(cause));
  const error = Object.assign(new Error(`(HTTP code ${status}) ${statusCodes[status] || 'unexpected'} - ${said} `), {
    reason: statusCodes[status],
    statusCode: status,
    json: payload,
  });
  return [error, null];
}
