// When each of a task's log lines was written. A container prints a burst of
// startup lines, then steady lines about one per profile period, then (if it
// was stopped, not killed) its shutdown lines. Line i's time is computed, not
// stored, so `tail`, `since` and `follow` are just index arithmetic.

import {LOG_PROFILES, brokenStartup, type LineContext, type LineText, type LogProfile} from './log-lines.js';
import {hashUnit} from './random.js';
import type {TaskRecord} from './records.js';

const STARTUP_GAP_MS = 23;
const SHUTDOWN_GAP_MS = 2;
/** Lines a container keeps (like a log driver's max-size rotation): older ones are gone. */
export const RETAINED_LINES = 1000;

export interface LogLine {
  atMs: number;
  subMsNanos: number;
  stream: 1 | 2;
  text: string;
  task: TaskRecord;
}

export class TaskLogPlan {
  private readonly profile: LogProfile;
  private readonly start: number | undefined;
  private readonly startup: LineText[];
  private readonly shutdown: LineText[];
  private readonly steadyBase: number;
  private readonly steadyEnd: number;
  private readonly broken: boolean;

  constructor(private readonly task: TaskRecord) {
    this.profile = LOG_PROFILES[task.service.behaviour.logProfile];
    this.start = task.runningSince;
    const t0 = this.start ?? 0;
    this.broken = task.fate?.exitCode === 1;
    this.startup = this.broken ? brokenStartup(this.context(0, t0)) : this.profile.startup(this.context(0, t0));
    const end = task.stoppedAt ?? Infinity;
    // Shutdown lines only for a container that was asked to stop and did.
    this.shutdown = task.api.Status.State === 'shutdown' && task.stoppedAt !== undefined ? this.profile.shutdown(this.context(0, end)) : [];
    this.steadyBase = t0 + this.startup.length * STARTUP_GAP_MS + this.profile.periodMs / 2;
    this.steadyEnd = this.broken ? -Infinity : end;
  }

  /** How many lines exist at time `untilMs`. */
  count(untilMs: number): number {
    if (this.start === undefined) return 0;
    const t0 = this.start;
    const end = Math.min(untilMs, this.task.stoppedAt ?? Infinity);
    if (end < t0) return 0;
    const startup = Math.min(this.startup.length, Math.floor((end - t0) / STARTUP_GAP_MS) + 1);
    if (startup < this.startup.length) return startup;
    const steady = this.steadyCount(Math.min(end, this.steadyEnd));
    let shutdown = 0;
    if (this.shutdown.length && this.task.stoppedAt !== undefined) {
      for (let j = 0; j < this.shutdown.length; j++) if (this.shutdownTime(j) <= untilMs) shutdown++;
    }
    return startup + steady + shutdown;
  }

  /** The oldest line still kept at `untilMs`. */
  firstRetained(untilMs: number): number {
    return Math.max(0, this.count(untilMs) - RETAINED_LINES);
  }

  line(index: number): LogLine {
    const t0 = this.start ?? 0;
    if (index < this.startup.length) return this.make(t0 + index * STARTUP_GAP_MS, index, this.startup[index]!);
    const k = index - this.startup.length;
    // A container still running has no shutdown lines: every later line is a steady one.
    const steadyTotal = Number.isFinite(this.steadyEnd) ? this.steadyCount(this.steadyEnd) : Infinity;
    if (k < steadyTotal) {
      const atMs = this.steadyTime(k);
      return this.make(atMs, index, this.profile.steady(this.context(k, atMs)));
    }
    const j = k - (steadyTotal as number);
    return this.make(this.shutdownTime(j), index, this.shutdown[j]!);
  }

  /** Index of the first line at or after `sinceMs`. */
  indexAt(sinceMs: number): number {
    return this.count(sinceMs - 1);
  }

  private steadyTime(k: number): number {
    const period = this.profile.periodMs;
    return Math.floor(this.steadyBase + k * period + hashUnit(this.task.logSeed, k) * period * 0.8);
  }

  private steadyCount(untilMs: number): number {
    if (untilMs < this.steadyBase) return 0;
    const k = Math.floor((untilMs - this.steadyBase) / this.profile.periodMs);
    return this.steadyTime(k) <= untilMs ? k + 1 : k;
  }

  // Written as the container exits, just after the steady lines: a follower that has
  // read up to the stop never has to take a line back.
  private shutdownTime(j: number): number {
    return this.task.stoppedAt! + 1 + j * SHUTDOWN_GAP_MS;
  }

  private context(k: number, atMs: number): LineContext {
    const image = this.task.api.Spec.ContainerSpec.Image;
    const tag = image.replace(/@.*$/, '').split(':')[1] ?? 'latest';
    return {seed: this.task.logSeed, k, atMs, service: this.task.service.api.Spec.Name, version: tag};
  }

  private make(atMs: number, index: number, text: LineText): LogLine {
    return {atMs, subMsNanos: Math.floor(hashUnit(this.task.logSeed ^ 0x5bd1e995, index) * 1_000_000), stream: text.stream, text: text.text, task: this.task};
  }
}

export interface LogWindow {
  sinceMs?: number;
  untilMs: number;
  /** Last N lines per task; undefined means all retained lines. */
  tail?: number;
}

/** A task's lines inside the window, oldest first. */
export function taskLines(task: TaskRecord, window: LogWindow): LogLine[] {
  const plan = new TaskLogPlan(task);
  const end = plan.count(window.untilMs);
  let from = plan.firstRetained(window.untilMs);
  if (window.sinceMs !== undefined) from = Math.max(from, plan.indexAt(window.sinceMs));
  if (window.tail !== undefined) from = Math.max(from, end - window.tail);
  const lines: LogLine[] = [];
  for (let i = from; i < end; i++) lines.push(plan.line(i));
  return lines;
}

/** Lines of several tasks merged in time order, as `docker service logs` shows them. */
export function mergedLines(tasks: Iterable<TaskRecord>, window: LogWindow): LogLine[] {
  const all: LogLine[] = [];
  for (const task of tasks) for (const line of taskLines(task, window)) all.push(line);
  return all.sort((a, b) => a.atMs - b.atMs || a.subMsNanos - b.subMsNanos);
}
