// Helpers for the demo engine's tests: a deterministic swarm, raw HTTP over
// its unix socket, and readers for RFC 3339 timestamps and log frames.

import http from 'node:http';
import {DemoSwarm, type DemoSwarmOptions} from '../../source/demo/swarm.js';
import type {EngineTask} from '../../source/demo/engine-types.js';

export const START = Date.parse('2025-06-02T09:00:00Z');

export function testSwarm(options: DemoSwarmOptions = {}): DemoSwarm {
  return new DemoSwarm({size: 'small', seed: 7, startTime: START, autopilot: false, ...options});
}

/** Milliseconds since the epoch of an RFC3339Nano string, keeping the sub-millisecond part as a fraction. */
export function timeOf(stamp: string | undefined): number {
  if (!stamp) return NaN;
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(stamp);
  if (!match) return NaN;
  const fraction = Number(`0.${match[2] ?? '0'}`);
  return Date.parse(match[1] + 'Z') + fraction * 1000;
}

export const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;
export const SWARM_ID = /^[a-z0-9]{25}$/;

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json<T = unknown>(): T;
}

export function request(socketPath: string, method: string, path: string, body?: unknown): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {socketPath, method, path, headers: payload ? {'Content-Type': 'application/json', 'Content-Length': payload.length} : {}},
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk as Buffer));
        res.on('end', () => {
          const buffer = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: buffer,
            text: buffer.toString('utf8'),
            json: <T>() => JSON.parse(buffer.toString('utf8')) as T,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** An open streaming response (events, followed logs): collects bytes until closed. */
export interface OpenStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  received(): Buffer;
  /** Resolves once `predicate` holds for the bytes received so far. */
  until(predicate: (data: Buffer) => boolean, timeoutMs?: number): Promise<Buffer>;
  ended: Promise<void>;
  close(): void;
}

export function openStream(socketPath: string, path: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = http.get({socketPath, path}, res => {
      let data = Buffer.alloc(0);
      const waiters = new Set<() => void>();
      res.on('data', chunk => {
        data = Buffer.concat([data, chunk as Buffer]);
        for (const waiter of [...waiters]) waiter();
      });
      const ended = new Promise<void>(done => res.on('close', () => done()));
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        received: () => data,
        ended,
        close: () => req.destroy(),
        until: (predicate, timeoutMs = 5000) =>
          new Promise((done, fail) => {
            const check = (): void => {
              if (!predicate(data)) return;
              waiters.delete(check);
              clearTimeout(timer);
              done(data);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`stream condition not met within ${timeoutMs} ms; got ${data.length} bytes`));
            }, timeoutMs);
            waiters.add(check);
            check();
          }),
      });
    });
    req.on('error', reject);
  });
}

/** Gives the event loop a turn so in-process HTTP writes reach the client. */
export function settle(ms = 20): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** Decodes Docker's multiplexed stream independently of the code under test. */
export function demultiplex(buffer: Buffer): Array<{stream: number; header: Buffer; text: string}> {
  const frames: Array<{stream: number; header: Buffer; text: string}> = [];
  let offset = 0;
  while (offset < buffer.length) {
    if (offset + 8 > buffer.length) throw new Error(`truncated frame header at byte ${offset}`);
    const header = buffer.subarray(offset, offset + 8);
    const size = (header[4]! << 24) | (header[5]! << 16) | (header[6]! << 8) | header[7]!;
    if (offset + 8 + size > buffer.length) throw new Error(`truncated frame payload at byte ${offset}`);
    frames.push({stream: header[0]!, header, text: buffer.subarray(offset + 8, offset + 8 + size).toString('utf8')});
    offset += 8 + size;
  }
  return frames;
}

export function image(task: EngineTask): string {
  return task.Spec.ContainerSpec.Image.replace(/@.*$/, '');
}
