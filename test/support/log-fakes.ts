// Fakes for log tests: a clock the test advances, a log body the test writes
// into, and a Loggable that hands out such bodies (or errors) in order.
import type {LogChunk, LogOptions, LogTarget, Loggable} from '../../source/docker/logs.js';
import type {LogBuffer} from '../../source/model/log-buffer.js';
import type {LogTimers} from '../../source/model/log-stream.js';

export class FakeTimers implements LogTimers {
  time = 1_000_000;
  private nextId = 1;
  private readonly pending = new Map<number, {at: number; callback: () => void}>();
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, {at: this.time + ms, callback});
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  get count(): number {
    return this.pending.size;
  }
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
      await settle();
    }
    this.time = until;
    await settle();
  }
}

export const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise<void>(resolve => setImmediate(resolve));
};

/** A body the test writes into; aborting the request's signal fails the reader, as a socket would. */
export class Pipe implements AsyncIterable<LogChunk> {
  private readonly queue: LogChunk[] = [];
  private done = false;
  private failure: unknown;
  private waiter: (() => void) | undefined;
  constructor(readonly signal: AbortSignal | undefined) {
    signal?.addEventListener('abort', () => this.fail(Object.assign(new Error('The operation was aborted'), {name: 'AbortError'})));
  }
  write(text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    this.queue.push({stream, data: Buffer.from(text, 'utf8')});
    this.waiter?.();
  }
  end(): void {
    this.done = true;
    this.waiter?.();
  }
  fail(error: unknown): void {
    this.failure ??= error;
    this.waiter?.();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<LogChunk> {
    for (;;) {
      if (this.queue.length) {
        yield this.queue.shift()!;
        continue;
      }
      if (this.failure !== undefined) throw this.failure;
      if (this.done) return;
      await new Promise<void>(resolve => (this.waiter = resolve));
      this.waiter = undefined;
    }
  }
}

export type Answer = {error: unknown} | 'pipe';

export class FakeLoggable implements Loggable {
  readonly calls: Array<{target: LogTarget; options: LogOptions; pipe?: Pipe}> = [];
  constructor(private readonly answers: Answer[]) {}
  async openLogs(target: LogTarget, options: LogOptions, signal?: AbortSignal): Promise<AsyncIterable<LogChunk>> {
    const answer = this.answers.shift() ?? 'pipe';
    const call: {target: LogTarget; options: LogOptions; pipe?: Pipe} = {target, options};
    this.calls.push(call);
    if (answer !== 'pipe') throw answer.error;
    call.pipe = new Pipe(signal);
    return call.pipe;
  }
  pipe(index: number): Pipe {
    return this.calls[index]!.pipe!;
  }
}

export const engineError = (statusCode: number, message: string): Error =>
  Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), {statusCode, json: {message}});

export const T0 = Date.parse('2025-06-02T09:00:00Z');
export const stamp = (ms: number, ns = 0): string => new Date(T0 + ms).toISOString().replace('Z', `${String(ns).padStart(6, '0')}Z`);
export const details = (task: string): string => `com.docker.swarm.node.id=node1,com.docker.swarm.service.id=svc1,com.docker.swarm.task.id=${task}`;
export const wire = (ms: number, task: string, text: string): string => `${stamp(ms)} ${details(task)} ${text}\n`;

export function texts(buffer: LogBuffer): string[] {
  return buffer.toArray().map(line => `${line.taskId}:${line.text}`);
}
