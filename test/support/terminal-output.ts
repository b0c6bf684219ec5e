/**
 * What a program in the terminal harness has printed: the screen it drew (a
 * headless emulator, terminal-screen.ts), byte and chunk counts with timing,
 * and waiting until the screen shows (or stops showing) something.
 * TerminalSession (terminal.ts) adds the pseudo-terminal, input and the
 * program's lifetime on top. No vitest here: the benchmark script imports this too.
 */
import {performance} from 'node:perf_hooks';
import {TerminalScreen, type CellStyle, type ScreenPosition, type TerminalModes} from './terminal-screen.js';

export interface WaitOptions {
  /** Give up after this many ms (default: the session's `defaultTimeoutMs`, 10000). */
  timeoutMs?: number;
}

export interface ExitStatus {
  exitCode: number;
  /** Signal number that terminated the program, if it was killed by a signal. */
  signal?: number;
}

/** One chunk of program output, as read from the pty. */
export interface OutputChunk {
  /** Raw bytes. */
  bytes: Uint8Array;
  /** The bytes decoded as UTF-8 (multi-byte characters split across chunks are carried over). */
  text: string;
  /** `performance.now()` when the chunk arrived. */
  at: number;
}

/** Thrown by the waitFor* methods; `screen` holds the screen at the time of failure. */
export class TerminalWaitError extends Error {
  constructor(
    message: string,
    readonly screen: string,
  ) {
    super(message);
    this.name = 'TerminalWaitError';
  }
}

export interface OutputOptions {
  cols: number;
  rows: number;
  /** Keep a copy of everything the program printed for {@link TerminalOutput.rawOutput}. Default true. */
  recordOutput?: boolean;
  /** Default timeout for the waitFor* methods, in ms. Default 10000. */
  defaultTimeoutMs?: number;
}

type Waiter = () => void;

export class TerminalOutput {
  /** Total bytes the program wrote to the pty. */
  bytesWritten = 0;
  /** Number of output chunks read from the pty. */
  writes = 0;
  /** `performance.now()` of the latest output chunk; undefined until the program prints. */
  lastOutputAt: number | undefined;
  /** Set once the program has exited and all of its output has been parsed. */
  exitStatus: ExitStatus | undefined;

  protected readonly screen: TerminalScreen;
  protected readonly defaultTimeoutMs: number;
  /** Set as soon as the program has exited, before its last output is parsed. */
  protected exited = false;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly recordOutput: boolean;
  private readonly outputChunks: string[] = [];
  private readonly dataListeners = new Set<(chunk: OutputChunk) => void>();
  private readonly waiters = new Set<Waiter>();
  private parsed: Promise<void> = Promise.resolve();

  protected constructor(options: OutputOptions) {
    this.recordOutput = options.recordOutput ?? true;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 10_000;
    this.screen = new TerminalScreen(options.cols, options.rows);
  }

  /** Last window title set with OSC 0 or OSC 2; '' if never set. */
  get title(): string {
    return this.screen.title;
  }

  /** Full-screen clears the program emitted (see {@link TerminalScreen.clearScreenCount}). */
  get clearScreenCount(): number {
    return this.screen.clearScreenCount;
  }

  get cols(): number {
    return this.screen.cols;
  }

  get rows(): number {
    return this.screen.rows;
  }

  /** Cursor position on the screen (0-based), as of the output parsed so far. */
  get cursor(): ScreenPosition {
    return this.screen.cursor;
  }

  /** True while the program has switched to the alternate screen (`ESC[?1049h`). */
  get isAlternateScreen(): boolean {
    return this.screen.isAlternateScreen;
  }

  /** Terminal modes the program has set (cursor keys, bracketed paste, mouse, synchronized output...). */
  get modes(): TerminalModes {
    return this.screen.modes;
  }

  // ---- output ------------------------------------------------------------

  protected handleOutput(data: string | Buffer): void {
    const at = performance.now();
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.bytesWritten += bytes.length;
    this.writes += 1;
    this.lastOutputAt = at;
    const needText = this.recordOutput || this.dataListeners.size > 0;
    const text = needText ? this.decoder.decode(bytes, {stream: true}) : '';
    if (this.recordOutput) this.outputChunks.push(text);

    this.parsed = new Promise<void>(resolve => {
      this.screen.write(bytes, () => {
        resolve();
        this.notifyWaiters();
      });
    });

    for (const listener of this.dataListeners) listener({bytes, text, at});
  }

  /**
   * Subscribe to output chunks as they arrive from the pty (before they are
   * parsed). Returns an unsubscribe function.
   */
  onData(listener: (chunk: OutputChunk) => void): () => void {
    this.dataListeners.add(listener);
    return () => {
      this.dataListeners.delete(listener);
    };
  }

  /** Everything the program has printed so far, escape sequences included (needs `recordOutput`). */
  rawOutput(): string {
    return this.outputChunks.join('');
  }

  /** Resolves once all output received so far has been parsed into the screen. */
  async settled(): Promise<void> {
    await this.parsed;
  }

  // ---- screen (see terminal-screen.ts) ----------------------------------

  /**
   * The visible screen rows as text (trailing spaces trimmed), as of the output
   * parsed so far. Use `await settled()` first to include output still being parsed.
   */
  screenLines(): string[] {
    return this.screen.lines();
  }

  /** The visible screen as text, rows joined with '\n'. */
  screenText(): string {
    return this.screen.text();
  }

  /** One screen row as text (trailing spaces trimmed); negative rows count from the bottom. */
  lineAt(row: number): string {
    return this.screen.lineAt(row);
  }

  /** The screen with row numbers, for error messages and debugging. */
  formatScreen(): string {
    return this.screen.format();
  }

  /** Style of the cell at (row, col); undefined if outside the screen. */
  cellStyle(row: number, col: number): CellStyle | undefined {
    return this.screen.cellStyle(row, col);
  }

  /** Where `match` first appears on screen, as a cell position (columns account for wide characters). */
  findText(match: string | RegExp): ScreenPosition | undefined {
    return this.screen.findText(match);
  }

  // ---- waiting -----------------------------------------------------------

  protected notifyWaiters(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /**
   * Resolves when `predicate` holds. It is checked now (after pending output is
   * parsed), after every parsed output chunk, after resize, and at exit. Rejects
   * with a {@link TerminalWaitError} showing the screen on timeout, or as soon
   * as the program exits without the predicate holding.
   */
  async waitFor(predicate: (output: this) => boolean, options: WaitOptions & {description?: string} = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const description = options.description ?? `condition ${predicate.toString()}`;
    const started = performance.now();
    await this.settled();
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (error?: Error): void => {
        this.waiters.delete(check);
        if (timer) clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const check = (): void => {
        // Mid-way through a synchronized update (`ESC[?2026h` ... `ESC[?2026l`)
        // a real terminal keeps showing the previous frame, so don't match a
        // half-drawn one.
        if (!this.exitStatus && this.screen.modes.synchronizedOutputMode) return;
        let ok: boolean;
        try {
          ok = predicate(this);
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (ok) {
          finish();
        } else if (this.exitStatus) {
          finish(this.waitError(`Program exited (${describeExit(this.exitStatus)}) while waiting for ${description}`));
        }
      };
      this.waiters.add(check);
      const remaining = Math.max(0, timeoutMs - (performance.now() - started));
      timer = setTimeout(() => {
        finish(this.waitError(`Timed out after ${timeoutMs}ms waiting for ${description}`));
      }, remaining);
      check();
    });
  }

  /** Resolves when the screen contains `match` (a substring, or a RegExp tested against `screenText()`). */
  async waitForText(match: string | RegExp, options: WaitOptions = {}): Promise<void> {
    const test =
      typeof match === 'string'
        ? (s: TerminalOutput) => s.screenText().includes(match)
        : (s: TerminalOutput) => new RegExp(match.source, match.flags.replace(/[gy]/g, '')).test(s.screenText());
    return this.waitFor(test, {
      ...options,
      description: `text ${typeof match === 'string' ? JSON.stringify(match) : String(match)}`,
    });
  }

  /** Resolves when the screen no longer contains `match`. */
  async waitForNoText(match: string | RegExp, options: WaitOptions = {}): Promise<void> {
    const test =
      typeof match === 'string'
        ? (s: TerminalOutput) => !s.screenText().includes(match)
        : (s: TerminalOutput) => !new RegExp(match.source, match.flags.replace(/[gy]/g, '')).test(s.screenText());
    return this.waitFor(test, {
      ...options,
      description: `text ${typeof match === 'string' ? JSON.stringify(match) : String(match)} to disappear`,
    });
  }

  /**
   * Resolves once the program has printed nothing for `quietMs` consecutive ms,
   * counted from the later of this call and the last output chunk, and all
   * output has been parsed. Resolves with the time of the last output chunk
   * (or undefined if the program has never printed). Exit counts as quiet.
   * A program that has not printed anything yet is quiet too, so wait for its
   * first screen (`waitForText`) before relying on this.
   */
  async waitForQuiet(quietMs: number, options: WaitOptions = {}): Promise<number | undefined> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const started = performance.now();
    for (;;) {
      if (this.exited) break;
      const now = performance.now();
      const quietSince = Math.max(started, this.lastOutputAt ?? started);
      const remaining = quietMs - (now - quietSince);
      if (remaining <= 0) break;
      if (now - started > timeoutMs) {
        await this.settled();
        throw this.waitError(`Timed out after ${timeoutMs}ms waiting for ${quietMs}ms without output`);
      }
      await sleep(Math.min(remaining, Math.max(1, timeoutMs - (now - started))) + 0.5);
    }
    await this.settled();
    return this.lastOutputAt;
  }

  /** Resolves with the next output chunk the program prints after this call. */
  nextOutput(options: WaitOptions = {}): Promise<OutputChunk> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise<OutputChunk>((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(this.waitError(`Timed out after ${timeoutMs}ms waiting for output`));
      }, timeoutMs);
      const unsubscribe = this.onData(chunk => {
        clearTimeout(timer);
        unsubscribe();
        resolve(chunk);
      });
    });
  }

  protected waitError(message: string): TerminalWaitError {
    const screen = this.formatScreen();
    return new TerminalWaitError(`${message}\n${screen}`, this.screenText());
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

export function describeExit(status: ExitStatus | undefined): string {
  if (!status) return 'still running';
  return status.signal ? `signal ${status.signal}` : `exit code ${status.exitCode}`;
}
