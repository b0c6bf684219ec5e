// The log screen: one follower feeding a bounded buffer, and what the operator
// has asked to see of it (follow or paused at a line, timestamps, wrap,
// prefixes, a time window, a search). Lines arrive as fast as a container
// writes them; the pane is redrawn at most every `renderIntervalMs`, so a
// flood costs a bounded number of frames and keys are never queued behind it.

import type {Loggable, LogTarget} from '../../docker/logs.js';
import {LogBuffer, type LogLine} from '../../model/log-buffer.js';
import {LogFollower, type LogFollowStatus, type LogTimers, describeFollowStatus, systemTimers} from '../../model/log-stream.js';
import {type LogSegment, type TaskIdentity, renderLogLine, taskPrefix} from '../../render/log-line.js';
import type {Action, Binding} from '../../keymap/keymap.js';
import type {Screen, ScreenEnv, ScreenProps} from '../../shell/screen.js';
import {flash} from '../../shell/ui-store.js';
import {logBindings} from './log-bindings.js';
import {saveLogLines} from './log-save.js';
import {type LogAnchor, type LogRow, filterLines, indexAtOrAfter, indexAtOrBefore, logWindow} from './log-window.js';
import {LogView} from './LogView.js';
import {type DisplayText, display} from '../../render/text.js';

/** What `s` cycles through: the last N lines, then time windows, then everything the engine kept. */
export const LOG_WINDOWS: ReadonlyArray<{label: string; seconds?: number; all?: boolean}> = [
  {label: 'tail'},
  {label: 'since 1m', seconds: 60},
  {label: 'since 5m', seconds: 5 * 60},
  {label: 'since 15m', seconds: 15 * 60},
  {label: 'since 1h', seconds: 60 * 60},
  {label: 'all', all: true},
];

export interface LogScreenOptions {
  source: Loggable;
  target: LogTarget;
  /** The service was created with a TTY: its logs are one raw stream. */
  tty: boolean;
  /** "web" or "web.2": names the screen and the saved file. */
  name: string;
  /** Names a line's task (`web.2@node2`); undefined leaves the line without a prefix. */
  identify: (line: LogLine) => TaskIdentity | undefined;
  tail: number;
  capacity: number;
  /** How the screen starts (config `logs.timestamps`, `logs.wrap`); `t` and `w` still toggle. */
  timestamps?: boolean;
  wrap?: boolean;
  timers?: LogTimers;
  renderIntervalMs?: number;
  /** Where a save suggests writing; default the working directory. */
  saveDirectory?: string;
  /** Writes a file that must not exist yet; default fs.writeFileSync with flag `wx`. */
  writeNewFile?: (file: string, data: string) => void;
  /** Follower tuning, for tests. */
  follower?: {initialBackoffMs?: number; stallTimeoutMs?: number};
}

export interface LogViewState {
  follow: boolean;
  anchor?: LogAnchor;
  timestamps: boolean;
  wrap: boolean;
  prefixes: boolean;
  windowIndex: number;
  /** The search match n/N last landed on. */
  matchSeq?: number;
}

export interface LogFrame {
  rows: LogRow[];
  status: LogFollowStatus;
  /** The first status line: state, what is followed, counts, the settings in force. */
  summary: string;
  /** The engine's error in full, when there is one. */
  error?: string;
  matchSeq?: number;
  shown: number;
  kept: number;
}

/** One word or two for the stream: the error itself gets its own line. */
function streamState(status: LogFollowStatus, now: number): string {
  if (status.removed) return `${status.state === 'error' ? 'ended' : status.state}: removed`;
  if (status.state === 'reconnecting') return describeFollowStatus({...status, error: undefined}, now);
  return status.state;
}

export class LogScreen implements Screen {
  private state: LogViewState = {follow: true, timestamps: false, wrap: false, prefixes: true, windowIndex: 0};
  private buffer: LogBuffer;
  private follower: LogFollower;
  private unsubscribe: () => void;
  private readonly listeners = new Set<() => void>();
  private changes = 0;
  private renderTimer: unknown;
  private disposed = false;
  private layout = {width: 80, height: 20};
  private readonly timers: LogTimers;

  constructor(private readonly options: LogScreenOptions) {
    this.state = {...this.state, timestamps: options.timestamps ?? false, wrap: options.wrap ?? false};
    this.timers = options.timers ?? systemTimers;
    this.buffer = new LogBuffer({capacity: options.capacity});
    this.follower = this.startFollower();
    this.unsubscribe = this.follower.subscribe(() => this.scheduleRender());
  }

  title(): DisplayText {
    return display`logs of ${this.options.name}`;
  }

  bindings(): Binding[] {
    return logBindings;
  }

  get view(): Readonly<LogViewState> {
    return this.state;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  version = (): number => this.changes;

  render(props: ScreenProps) {
    return <LogView screen={this} width={props.width} height={props.height} filter={props.filter} />;
  }

  /** The engine's (or socket's) last error, whole, for its own lines above the body. */
  error(): string | undefined {
    const status = this.follower.status;
    return status.error && (status.removed ? `${status.error} — nothing more will come` : status.error);
  }

  /** Everything the pane draws, for a body of `width` × `height`. */
  frame(filter: string, width: number, height: number): LogFrame {
    this.layout = {width, height};
    const all = this.buffer.toArray();
    const lines = filterLines(all, filter);
    const needle = filter.trim();
    const render = this.lineRenderer(lines, needle);
    const window = logWindow({lines, anchor: this.state.follow ? undefined : this.state.anchor, width, height, wrap: this.state.wrap, render});
    const status = this.follower.status;
    const window_ = LOG_WINDOWS[this.state.windowIndex]!;
    const source = window_.label === 'tail' ? `last ${this.options.tail}` : window_.label;
    const position = this.state.follow ? 'following' : `paused${window.below ? `, ${window.below} newer below` : ''} — G follows`;
    const counted = needle ? `${lines.length} of ${all.length} lines match` : `${all.length} lines`;
    const dropped = this.buffer.dropped ? ` (oldest dropped: keeps ${this.options.capacity}; ${this.buffer.endSeq} received)` : '';
    const summary = `${streamState(status, this.timers.now())} · ${counted}${dropped} · ${source} · ${position}`;
    return {
      rows: window.rows,
      status,
      summary,
      error: this.error(),
      matchSeq: this.state.matchSeq,
      shown: lines.length,
      kept: all.length,
    };
  }

  act(action: Action, env: ScreenEnv): boolean {
    switch (action.type) {
      case 'move':
        this.scroll(action.by, env.filter);
        return true;
      case 'page':
        this.scroll(action.by * Math.max(1, this.layout.height - 1), env.filter);
        return true;
      case 'top': {
        const first = filterLines(this.buffer.toArray(), env.filter)[0];
        if (first) this.update({follow: false, anchor: {seq: first.seq, edge: 'top'}});
        return true;
      }
      case 'bottom':
        this.update({follow: true, anchor: undefined, matchSeq: undefined});
        return true;
      case 'screen':
        this.command(action.command, env);
        return true;
      default:
        return false;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.unsubscribe();
    this.follower.stop();
    if (this.renderTimer !== undefined) this.timers.clearTimeout(this.renderTimer);
    this.renderTimer = undefined;
  }

  private command(command: string, env: ScreenEnv): void {
    switch (command) {
      case 'follow': {
        const follow = !this.state.follow;
        this.update(follow ? {follow, anchor: undefined, matchSeq: undefined} : {follow, anchor: this.currentBottom(env.filter)});
        flash(env.ui, follow ? 'following new lines' : 'paused — f or G follows again');
        return;
      }
      case 'timestamps':
        this.update({timestamps: !this.state.timestamps});
        return;
      case 'wrap':
        this.update({wrap: !this.state.wrap});
        return;
      case 'prefixes':
        this.update({prefixes: !this.state.prefixes});
        return;
      case 'window':
        this.cycleWindow(env);
        return;
      case 'next':
      case 'previous':
        this.jump(command === 'next' ? 1 : -1, env);
        return;
      case 'save':
        this.save(env);
        return;
    }
  }

  private lineRenderer(lines: readonly LogLine[], needle: string): (line: LogLine) => LogSegment[] {
    const identify = this.state.prefixes ? this.options.identify : undefined;
    // Prefixes are padded to the widest among recent lines, so the texts line up.
    let prefixWidth = 0;
    if (identify) {
      for (let index = Math.max(0, lines.length - 200); index < lines.length; index++) {
        const identity = identify(lines[index]!);
        if (identity) prefixWidth = Math.max(prefixWidth, taskPrefix(identity).length);
      }
    }
    return line => renderLogLine(line, {identify, timestamps: this.state.timestamps, prefixWidth, needle});
  }

  private currentBottom(filter: string): LogAnchor | undefined {
    const lines = filterLines(this.buffer.toArray(), filter);
    const last = lines[lines.length - 1];
    return last ? {seq: last.seq, edge: 'bottom'} : undefined;
  }

  /** Moves the pane by `delta` lines; any move up pauses following. */
  private scroll(delta: number, filter: string): void {
    const lines = filterLines(this.buffer.toArray(), filter);
    if (lines.length === 0) return;
    const {width, height} = this.layout;
    const render = this.lineRenderer(lines, '');
    const current = logWindow({lines, anchor: this.state.follow ? undefined : this.state.anchor, width, height, wrap: this.state.wrap, render});
    if (delta < 0 && current.above === 0) {
      this.update({follow: false, anchor: {seq: lines[0]!.seq, edge: 'top'}});
      return;
    }
    const bottom = indexAtOrBefore(lines, current.lastSeq ?? lines[lines.length - 1]!.seq);
    const target = Math.min(lines.length - 1, Math.max(0, bottom + delta));
    const anchor: LogAnchor = {seq: lines[target]!.seq, edge: 'bottom'};
    const next = logWindow({lines, anchor, width, height, wrap: this.state.wrap, render});
    // Scrolled above the first page: pin the first line to the top instead of leaving the pane half empty.
    if (next.above === 0 && next.rows.length < height) this.update({follow: false, anchor: {seq: lines[0]!.seq, edge: 'top'}});
    else this.update({follow: delta > 0 && this.state.follow, anchor: this.state.follow && delta > 0 ? undefined : anchor});
  }

  private jump(direction: 1 | -1, env: ScreenEnv): void {
    const needle = env.filter.trim();
    if (!needle) {
      flash(env.ui, 'n/N step through the matches of a search: press / first');
      return;
    }
    const lines = filterLines(this.buffer.toArray(), needle);
    if (lines.length === 0) {
      flash(env.ui, `no line matches /${needle}`, 'warn');
      return;
    }
    const {width, height} = this.layout;
    const shown = logWindow({
      lines,
      anchor: this.state.follow ? undefined : this.state.anchor,
      width,
      height,
      wrap: this.state.wrap,
      render: this.lineRenderer(lines, ''),
    });
    const from = this.state.matchSeq;
    let index: number;
    // The first n lands on the first line in view (N on the last); later ones step from the match.
    if (from === undefined) index = indexAtOrAfter(lines, (direction > 0 ? shown.firstSeq : shown.lastSeq) ?? 0);
    else if (direction > 0) index = indexAtOrAfter(lines, from + 1);
    else index = indexAtOrBefore(lines, from - 1);
    if (index < 0 || index >= lines.length) {
      flash(env.ui, direction > 0 ? 'last match: no more below' : 'first match: no more above');
      return;
    }
    const seq = lines[index]!.seq;
    const visible = shown.firstSeq !== undefined && shown.lastSeq !== undefined && seq >= shown.firstSeq && seq <= shown.lastSeq;
    const anchor: LogAnchor | undefined = visible
      ? this.state.follow
        ? this.currentBottom(env.filter)
        : this.state.anchor
      : {seq, edge: seq > (shown.lastSeq ?? 0) ? 'bottom' : 'top'};
    this.update({follow: false, matchSeq: seq, anchor});
  }

  private cycleWindow(env: ScreenEnv): void {
    const windowIndex = (this.state.windowIndex + 1) % LOG_WINDOWS.length;
    this.unsubscribe();
    this.follower.stop();
    this.buffer = new LogBuffer({capacity: this.options.capacity});
    this.state = {...this.state, windowIndex, follow: true, anchor: undefined, matchSeq: undefined};
    this.follower = this.startFollower();
    this.unsubscribe = this.follower.subscribe(() => this.scheduleRender());
    const chosen = LOG_WINDOWS[windowIndex]!;
    flash(env.ui, chosen.label === 'tail' ? `showing the last ${this.options.tail} lines of each task` : `showing ${chosen.label}`);
    this.notify();
  }

  private startFollower(): LogFollower {
    const chosen = LOG_WINDOWS[this.state.windowIndex]!;
    const range =
      chosen.seconds !== undefined
        ? {tail: undefined, since: this.timers.now() / 1000 - chosen.seconds}
        : chosen.all
          ? {tail: undefined}
          : {tail: this.options.tail};
    const follower = new LogFollower({
      source: this.options.source,
      target: this.options.target,
      tty: this.options.tty,
      buffer: this.buffer,
      timers: this.timers,
      ...range,
      ...this.options.follower,
    });
    follower.start().catch(() => {
      // The follower reports its failures through its status; nothing escapes it.
    });
    return follower;
  }

  private save(env: ScreenEnv): void {
    saveLogLines(env.ui, {
      lines: filterLines(this.buffer.toArray(), env.filter),
      name: this.options.name,
      directory: this.options.saveDirectory ?? process.cwd(),
      now: this.timers.now(),
      identify: this.options.identify,
      writeNewFile: this.options.writeNewFile,
    });
  }

  private update(change: Partial<LogViewState>): void {
    this.state = {...this.state, ...change};
    this.notify();
  }

  private scheduleRender(): void {
    if (this.renderTimer !== undefined || this.disposed) return;
    this.renderTimer = this.timers.setTimeout(() => {
      this.renderTimer = undefined;
      this.notify();
    }, this.options.renderIntervalMs ?? 100);
  }

  private notify(): void {
    this.changes++;
    for (const listener of [...this.listeners]) listener();
  }
}
