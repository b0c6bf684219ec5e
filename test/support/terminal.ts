/**
 * End-to-end terminal harness: runs a real program inside a real pseudo-terminal
 * (node-pty) and feeds everything it prints into a headless xterm.js emulator,
 * so callers can read the screen a person would see, send keys, resize, and
 * measure output timing and resource use.
 *
 * Used by the e2e tests (vitest) and by the benchmark script (compiled by tsc
 * and run with plain node), so this module must not import vitest.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { spawn as spawnPty, type IPty } from 'node-pty';
// @xterm/headless is a CommonJS bundle whose exports Node cannot detect
// statically, so only the default import works under ESM.
import xtermHeadless from '@xterm/headless';
import type { IBufferCell, IBufferLine, Terminal as XtermTerminal } from '@xterm/headless';

const { Terminal } = xtermHeadless;

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

/**
 * The bytes a terminal (xterm, normal cursor-key mode) sends for each key.
 * When the program switches on application cursor-key mode (DECCKM,
 * `ESC[?1h`), {@link TerminalSession.press} converts the arrow/home/end
 * sequences to their `ESC O x` form, as a real terminal would.
 */
export const keys = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  home: '\x1b[H',
  end: '\x1b[F',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  insert: '\x1b[2~',
  delete: '\x1b[3~',
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  shiftTab: '\x1b[Z',
  backspace: '\x7f',
  space: ' ',
  f1: '\x1bOP',
  f2: '\x1bOQ',
  f3: '\x1bOR',
  f4: '\x1bOS',
  f5: '\x1b[15~',
  f6: '\x1b[17~',
  f7: '\x1b[18~',
  f8: '\x1b[19~',
  f9: '\x1b[20~',
  f10: '\x1b[21~',
  f11: '\x1b[23~',
  f12: '\x1b[24~',
  ctrlA: '\x01',
  ctrlB: '\x02',
  ctrlC: '\x03',
  ctrlD: '\x04',
  ctrlE: '\x05',
  ctrlF: '\x06',
  ctrlK: '\x0b',
  ctrlL: '\x0c',
  ctrlN: '\x0e',
  ctrlP: '\x10',
  ctrlR: '\x12',
  ctrlU: '\x15',
  ctrlW: '\x17',
  ctrlZ: '\x1a',
} as const;

export type KeyName = keyof typeof keys;

/** The byte sent for Ctrl+<letter>, e.g. `ctrl('c') === '\x03'`. */
export function ctrl(letter: string): string {
  if (!/^[a-z@[\\\]^_]$/i.test(letter)) {
    throw new RangeError(`ctrl(): expected a single letter, got ${JSON.stringify(letter)}`);
  }
  return String.fromCharCode(letter.toUpperCase().charCodeAt(0) & 0x1f);
}

/** The bytes sent for Alt+<key> (ESC prefix, xterm's default "metaSendsEscape"). */
export function alt(key: string): string {
  return `\x1b${key}`;
}

const APPLICATION_CURSOR_KEYS: Record<string, string> = {
  '\x1b[A': '\x1bOA',
  '\x1b[B': '\x1bOB',
  '\x1b[C': '\x1bOC',
  '\x1b[D': '\x1bOD',
  '\x1b[H': '\x1bOH',
  '\x1b[F': '\x1bOF',
};

// ---------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------

/**
 * Variables removed from the inherited environment because they describe the
 * terminal/CI/test-runner the harness itself runs in, not the pseudo-terminal
 * the program gets (e.g. `CI` makes Ink render only the final frame, stale
 * `COLUMNS`/`LINES` override the pty size, `TERM_PROGRAM`/`COLORTERM`/
 * `FORCE_COLOR` change colour depth, `VITEST`/`NODE_ENV` differ between the e2e
 * tests and the benchmark). Any of them can be set explicitly via
 * `TerminalOptions.env`.
 */
export const SCRUBBED_ENV_VARS: readonly string[] = [
  'CI',
  'CONTINUOUS_INTEGRATION',
  'COLORTERM',
  'COLUMNS',
  'LINES',
  'FORCE_COLOR',
  'NO_COLOR',
  'FORCE_TTY',
  'NODE_ENV',
  'TERM_PROGRAM',
  'TERM_PROGRAM_VERSION',
  'TERMCAP',
  'TMUX',
  'TMUX_PANE',
  'STY',
  'WINDOW',
  'WINDOWID',
  'KITTY_WINDOW_ID',
  'WT_SESSION',
];
const SCRUBBED_ENV_PREFIXES: readonly string[] = ['VITEST', 'CI_', 'GITHUB_ACTIONS'];

/**
 * The environment a program spawned by {@link TerminalSession.spawn} gets:
 * `process.env` minus {@link SCRUBBED_ENV_VARS}, plus `TERM=xterm-256color`
 * and `LANG=LC_ALL=C.UTF-8`, then `overrides` (a value of `undefined` removes
 * the variable).
 */
export function terminalEnv(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (SCRUBBED_ENV_VARS.includes(name)) continue;
    if (SCRUBBED_ENV_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    env[name] = value;
  }
  env.TERM = 'xterm-256color';
  env.LANG = 'C.UTF-8';
  env.LC_ALL = 'C.UTF-8';
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

export interface TerminalOptions {
  cols: number;
  rows: number;
  /** Merged over the defaults described at {@link terminalEnv}; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Keep a copy of everything the program printed for {@link TerminalSession.rawOutput}. Default true. */
  recordOutput?: boolean;
  /**
   * Send the emulator's replies to terminal queries (cursor position report,
   * device attributes, ...) back to the program, as a real terminal does.
   * Default true.
   */
  answerQueries?: boolean;
  /** Default timeout for the waitFor* methods, in ms. Default 10000. */
  defaultTimeoutMs?: number;
}

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

/**
 * A cell colour: `'default'`, a palette index 0-255 (0-7 normal ANSI colours,
 * 8-15 bright, 16-255 the 256-colour cube/greys), or `'#rrggbb'` for truecolour.
 */
export type CellColor = 'default' | number | `#${string}`;

export interface CellStyle {
  /** The character(s) in the cell; '' for the right half of a wide character. */
  char: string;
  /** 1 normally, 2 for wide characters, 0 for the right half of a wide character. */
  width: number;
  fg: CellColor;
  bg: CellColor;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
}

export interface ScreenPosition {
  row: number;
  col: number;
}

export interface InputTiming {
  /** `performance.now()` when the input was written to the pty. */
  sentAt: number;
  /** ms from sending to the first output chunk, or undefined if the program printed nothing. */
  firstOutputMs: number | undefined;
  /** ms from sending to the last output chunk before the program went quiet, or undefined if none. */
  lastOutputMs: number | undefined;
  /** Bytes the program printed in response. */
  bytes: number;
  /** Output chunks the program printed in response. */
  writes: number;
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

// ---------------------------------------------------------------------------
// Process bookkeeping: never leave pty programs behind
// ---------------------------------------------------------------------------

const liveSessions = new Set<TerminalSession>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const session of liveSessions) signalGroup(session.pid, 'SIGKILL');
  });
}

/** Signal the program's whole process group (node-pty makes it a session and group leader). */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** Kill every session that is still running (e.g. in a global `afterAll`). */
export function killAllTerminals(): void {
  for (const session of [...liveSessions]) session.kill();
}

/** Number of spawned programs that have not exited yet. */
export function liveTerminalCount(): number {
  return liveSessions.size;
}

const KILL_ESCALATION_MS = 500;

// ---------------------------------------------------------------------------
// The session
// ---------------------------------------------------------------------------

type Waiter = () => void;

export class TerminalSession {
  /** Last window title set with OSC 0 or OSC 2; '' if never set. */
  title = '';
  /** Total bytes the program wrote to the pty. */
  bytesWritten = 0;
  /** Number of output chunks read from the pty. */
  writes = 0;
  /**
   * Number of full-screen clears the program emitted: `ESC[2J`, `ESC[J`/`ESC[0J`
   * with the cursor at the top-left corner, and `ESC c` (full reset). Counted by
   * the emulator's parser, so sequences split across chunks are counted once.
   */
  clearScreenCount = 0;
  /** `performance.now()` of the latest output chunk; undefined until the program prints. */
  lastOutputAt: number | undefined;
  /** Set once the program has exited and all of its output has been parsed. */
  exitStatus: ExitStatus | undefined;

  readonly pid: number;
  readonly command: string;
  readonly args: readonly string[];

  private readonly pty: IPty;
  private readonly term: XtermTerminal;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly recordOutput: boolean;
  private readonly defaultTimeoutMs: number;
  private readonly outputChunks: string[] = [];
  private readonly dataListeners = new Set<(chunk: OutputChunk) => void>();
  private readonly waiters = new Set<Waiter>();
  private parsed: Promise<void> = Promise.resolve();
  private exited = false;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly exitPromise: Promise<ExitStatus>;

  private constructor(command: string, args: string[], options: TerminalOptions) {
    if (!(options.cols > 0 && options.rows > 0)) {
      throw new RangeError(`TerminalSession: cols and rows must be positive (got ${options.cols}x${options.rows})`);
    }
    this.command = command;
    this.args = [...args];
    this.recordOutput = options.recordOutput ?? true;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 10_000;

    this.term = new Terminal({
      cols: options.cols,
      rows: options.rows,
      allowProposedApi: true,
      scrollback: 1000,
    });
    this.term.onTitleChange((title) => {
      this.title = title;
    });
    this.installClearScreenCounter();

    const env = terminalEnv(options.env);
    this.pty = spawnPty(command, args, {
      name: env.TERM ?? 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: options.cwd ?? process.cwd(),
      env,
      // Raw bytes: exact byte counts, and xterm decodes UTF-8 split across chunks itself.
      encoding: null,
    });
    this.pid = this.pty.pid;
    liveSessions.add(this);
    installExitHook();

    if (options.answerQueries ?? true) {
      this.term.onData((reply) => {
        if (!this.exited) this.pty.write(reply);
      });
      this.term.onBinary((reply) => {
        if (!this.exited) this.pty.write(Buffer.from(reply, 'binary'));
      });
    }

    // node-pty's typings say string, but with `encoding: null` it delivers Buffers.
    this.pty.onData((data: string | Buffer) => this.handleOutput(data));

    this.exitPromise = new Promise<ExitStatus>((resolve) => {
      this.pty.onExit(({ exitCode, signal }) => {
        this.exited = true;
        liveSessions.delete(this);
        if (this.killTimer) clearTimeout(this.killTimer);
        const status: ExitStatus = signal ? { exitCode, signal } : { exitCode };
        // node-pty emits exit only after the pty closed, so all output has been
        // handed to the emulator; wait for it to be parsed before reporting.
        void this.settled().then(() => {
          this.exitStatus = status;
          this.notifyWaiters();
          resolve(status);
        });
      });
    });
  }

  /** Run `command` with `args` in a new pseudo-terminal of the given size. */
  static spawn(command: string, args: string[], options: TerminalOptions): TerminalSession {
    return new TerminalSession(command, args, options);
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  /** True until the program has exited. */
  get isRunning(): boolean {
    return !this.exited;
  }

  /** Cursor position on the screen (0-based), as of the output parsed so far. */
  get cursor(): ScreenPosition {
    const buffer = this.term.buffer.active;
    return { row: buffer.cursorY, col: buffer.cursorX };
  }

  /** True while the program has switched to the alternate screen (`ESC[?1049h`). */
  get isAlternateScreen(): boolean {
    return this.term.buffer.active.type === 'alternate';
  }

  /** Terminal modes the program has set (cursor keys, bracketed paste, mouse, synchronized output...). */
  get modes(): XtermTerminal['modes'] {
    return this.term.modes;
  }

  // ---- output ------------------------------------------------------------

  private handleOutput(data: string | Buffer): void {
    const at = performance.now();
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.bytesWritten += bytes.length;
    this.writes += 1;
    this.lastOutputAt = at;
    const needText = this.recordOutput || this.dataListeners.size > 0;
    const text = needText ? this.decoder.decode(bytes, { stream: true }) : '';
    if (this.recordOutput) this.outputChunks.push(text);

    this.parsed = new Promise<void>((resolve) => {
      this.term.write(bytes, () => {
        resolve();
        this.notifyWaiters();
      });
    });

    for (const listener of this.dataListeners) listener({ bytes, text, at });
  }

  private installClearScreenCounter(): void {
    // Runs before xterm's own handler (returning false lets it proceed), so the
    // cursor position is the one the erase applies from.
    this.term.parser.registerCsiHandler({ final: 'J' }, (params) => {
      const mode = typeof params[0] === 'number' ? params[0] : 0;
      const buffer = this.term.buffer.active;
      if (mode === 2 || (mode === 0 && buffer.cursorX === 0 && buffer.cursorY === 0)) {
        this.clearScreenCount += 1;
      }
      return false;
    });
    this.term.parser.registerEscHandler({ final: 'c' }, () => {
      this.clearScreenCount += 1;
      return false;
    });
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

  // ---- screen ------------------------------------------------------------

  private screenLine(row: number): IBufferLine | undefined {
    const buffer = this.term.buffer.active;
    return buffer.getLine(buffer.baseY + row);
  }

  private checkRow(row: number): number {
    const resolved = row < 0 ? this.rows + row : row;
    if (!Number.isInteger(resolved) || resolved < 0 || resolved >= this.rows) {
      throw new RangeError(`row ${row} is outside the ${this.cols}x${this.rows} screen`);
    }
    return resolved;
  }

  /**
   * The visible screen rows as text (trailing spaces trimmed), as of the output
   * parsed so far. Use `await settled()` first to include output still being parsed.
   */
  screenLines(): string[] {
    const lines: string[] = [];
    for (let row = 0; row < this.rows; row++) {
      lines.push(this.screenLine(row)?.translateToString(true) ?? '');
    }
    return lines;
  }

  /** The visible screen as text, rows joined with '\n'. */
  screenText(): string {
    return this.screenLines().join('\n');
  }

  /** One screen row as text (trailing spaces trimmed); negative rows count from the bottom. */
  lineAt(row: number): string {
    return this.screenLine(this.checkRow(row))?.translateToString(true) ?? '';
  }

  /** The screen with row numbers, for error messages and debugging. */
  formatScreen(): string {
    const lines = this.screenLines();
    let last = lines.length - 1;
    while (last >= 0 && lines[last] === '') last--;
    const width = String(this.rows - 1).length;
    const body = lines
      .slice(0, last + 1)
      .map((line, row) => `${String(row).padStart(width)} │${line}`)
      .join('\n');
    const blank = last < this.rows - 1 ? `\n${' '.repeat(width)} │(rows ${last + 1}-${this.rows - 1} blank)` : '';
    const cursor = this.cursor;
    return (
      `── screen ${this.cols}x${this.rows}, cursor ${cursor.row}:${cursor.col}` +
      `${this.title ? `, title ${JSON.stringify(this.title)}` : ''} ──\n${body}${blank}`
    );
  }

  /** Style of the cell at (row, col); undefined if outside the screen. */
  cellStyle(row: number, col: number): CellStyle | undefined {
    if (col < 0 || col >= this.cols) return undefined;
    const cell = this.screenLine(this.checkRow(row))?.getCell(col);
    if (!cell) return undefined;
    return {
      char: cell.getChars(),
      width: cell.getWidth(),
      fg: cellColor(cell, 'fg'),
      bg: cellColor(cell, 'bg'),
      bold: cell.isBold() !== 0,
      dim: cell.isDim() !== 0,
      italic: cell.isItalic() !== 0,
      underline: cell.isUnderline() !== 0,
      inverse: cell.isInverse() !== 0,
    };
  }

  /**
   * Where `match` first appears on screen (searching rows top to bottom), as a
   * cell position — columns account for wide characters.
   */
  findText(match: string | RegExp): ScreenPosition | undefined {
    for (let row = 0; row < this.rows; row++) {
      const line = this.screenLine(row);
      if (!line) continue;
      const { text, columns } = lineWithColumns(line, this.cols);
      let index: number;
      if (typeof match === 'string') {
        index = text.indexOf(match);
      } else {
        const flags = match.flags.replace(/[gy]/g, '');
        index = text.search(new RegExp(match.source, flags));
      }
      if (index >= 0) return { row, col: columns[index] ?? 0 };
    }
    return undefined;
  }

  // ---- waiting -----------------------------------------------------------

  private notifyWaiters(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /**
   * Resolves when `predicate` holds. It is checked now (after pending output is
   * parsed), after every parsed output chunk, after resize, and at exit. Rejects
   * with a {@link TerminalWaitError} showing the screen on timeout, or as soon
   * as the program exits without the predicate holding.
   */
  async waitFor(
    predicate: (session: TerminalSession) => boolean,
    options: WaitOptions & { description?: string } = {},
  ): Promise<void> {
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
        if (!this.exitStatus && this.term.modes.synchronizedOutputMode) return;
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
        ? (s: TerminalSession) => s.screenText().includes(match)
        : (s: TerminalSession) => new RegExp(match.source, match.flags.replace(/[gy]/g, '')).test(s.screenText());
    return this.waitFor(test, {
      ...options,
      description: `text ${typeof match === 'string' ? JSON.stringify(match) : String(match)}`,
    });
  }

  /** Resolves when the screen no longer contains `match`. */
  async waitForNoText(match: string | RegExp, options: WaitOptions = {}): Promise<void> {
    const test =
      typeof match === 'string'
        ? (s: TerminalSession) => !s.screenText().includes(match)
        : (s: TerminalSession) => !new RegExp(match.source, match.flags.replace(/[gy]/g, '')).test(s.screenText());
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
      const unsubscribe = this.onData((chunk) => {
        clearTimeout(timer);
        unsubscribe();
        resolve(chunk);
      });
    });
  }

  private waitError(message: string): TerminalWaitError {
    const screen = this.formatScreen();
    return new TerminalWaitError(`${message}\n${screen}`, this.screenText());
  }

  // ---- input -------------------------------------------------------------

  /**
   * Send a key: a name from {@link keys} (`'down'`, `'ctrlC'`, ...) or the raw
   * bytes of a key (`keys.down`, `'q'`, `ctrl('x')`). Arrow/home/end keys are
   * sent in application mode when the program enabled it. Use `type()` for text.
   * Returns `performance.now()` at the time of writing.
   */
  press(key: KeyName | (string & {})): number {
    let bytes: string = Object.prototype.hasOwnProperty.call(keys, key) ? keys[key as KeyName] : key;
    if (this.term.modes.applicationCursorKeysMode) bytes = APPLICATION_CURSOR_KEYS[bytes] ?? bytes;
    return this.write(bytes);
  }

  /** Type text as if on a keyboard (written as-is). Returns `performance.now()` at the time of writing. */
  type(text: string): number {
    return this.write(text);
  }

  /** Paste text; wrapped in bracketed-paste markers if the program enabled them. */
  paste(text: string): number {
    return this.write(this.term.modes.bracketedPasteMode ? `\x1b[200~${text}\x1b[201~` : text);
  }

  /** Write raw bytes to the program's input. Returns `performance.now()` at the time of writing. */
  write(data: string | Uint8Array): number {
    if (this.exited) {
      throw new Error(`Cannot write to ${this.command}: it has exited (${describeExit(this.exitStatus)})`);
    }
    const at = performance.now();
    this.pty.write(typeof data === 'string' ? data : Buffer.from(data));
    return at;
  }

  /**
   * Send `input` (a key name or raw bytes) and measure the response: time to
   * the first output chunk and to the last one before `quietMs` of silence.
   */
  async measureInput(
    input: KeyName | (string & {}),
    options: WaitOptions & { quietMs?: number } = {},
  ): Promise<InputTiming> {
    const quietMs = options.quietMs ?? 50;
    let first: number | undefined;
    let last: number | undefined;
    let bytes = 0;
    let writes = 0;
    const unsubscribe = this.onData((chunk) => {
      first ??= chunk.at;
      last = chunk.at;
      bytes += chunk.bytes.length;
      writes += 1;
    });
    try {
      const sentAt = this.press(input);
      await this.waitForQuiet(quietMs, options);
      return {
        sentAt,
        firstOutputMs: first === undefined ? undefined : first - sentAt,
        lastOutputMs: last === undefined ? undefined : last - sentAt,
        bytes,
        writes,
      };
    } finally {
      unsubscribe();
    }
  }

  /** Resize the terminal; the program receives SIGWINCH. */
  resize(cols: number, rows: number): void {
    if (!(cols > 0 && rows > 0)) throw new RangeError(`resize: cols and rows must be positive (got ${cols}x${rows})`);
    if (!this.exited) this.pty.resize(cols, rows);
    this.term.resize(cols, rows);
    this.notifyWaiters();
  }

  // ---- lifetime ----------------------------------------------------------

  /**
   * Resolves with the exit status once the program has exited and its output
   * has been parsed. Rejects (showing the screen) if it is still running after
   * `timeoutMs`; the program is left running.
   */
  async waitForExit(options: WaitOptions = {}): Promise<ExitStatus> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(this.waitError(`Timed out after ${timeoutMs}ms waiting for ${this.command} to exit`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exitPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Same as {@link waitForExit} with a timeout in ms. */
  exit(timeoutMs?: number): Promise<ExitStatus> {
    return this.waitForExit({ timeoutMs });
  }

  /**
   * Stop the program: SIGHUP to its process group (what closing a terminal
   * window does), then SIGKILL if it is still running after 500 ms.
   * Idempotent and safe to call at any time, e.g. in `afterEach`.
   */
  kill(): void {
    if (this.exited || this.killTimer) return;
    signalGroup(this.pid, 'SIGHUP');
    this.killTimer = setTimeout(() => {
      if (!this.exited) signalGroup(this.pid, 'SIGKILL');
    }, KILL_ESCALATION_MS);
    this.killTimer.unref();
  }

  /** {@link kill} and wait until the program has exited. */
  async close(): Promise<ExitStatus> {
    this.kill();
    return this.exitPromise;
  }

  /** CPU and memory use of the program (see {@link processStats}); undefined once it has exited. */
  stats(): ProcessStats | undefined {
    return this.exited ? undefined : processStats(this.pid);
  }
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeExit(status: ExitStatus | undefined): string {
  if (!status) return 'still running';
  return status.signal ? `signal ${status.signal}` : `exit code ${status.exitCode}`;
}

function cellColor(cell: IBufferCell, which: 'fg' | 'bg'): CellColor {
  const isDefault = which === 'fg' ? cell.isFgDefault() : cell.isBgDefault();
  if (isDefault) return 'default';
  const value = which === 'fg' ? cell.getFgColor() : cell.getBgColor();
  const isRgb = which === 'fg' ? cell.isFgRGB() : cell.isBgRGB();
  if (isRgb) return `#${value.toString(16).padStart(6, '0')}`;
  return value;
}

/** A line's text with, for each UTF-16 index, the screen column it starts in. */
function lineWithColumns(line: IBufferLine, cols: number): { text: string; columns: number[] } {
  let text = '';
  const columns: number[] = [];
  for (let col = 0; col < cols; col++) {
    const cell = line.getCell(col);
    if (!cell) break;
    if (cell.getWidth() === 0) continue; // right half of a wide character
    const chars = cell.getChars() || ' ';
    for (let i = 0; i < chars.length; i++) columns.push(col);
    text += chars;
  }
  return { text, columns };
}

// ---------------------------------------------------------------------------
// Resource use (Linux /proc)
// ---------------------------------------------------------------------------

export interface ProcessStats {
  pid: number;
  /** Process state letter from /proc (R running, S sleeping, Z zombie, ...). */
  state: string;
  /** User + system CPU time, in seconds. */
  cpuSeconds: number;
  userCpuSeconds: number;
  systemCpuSeconds: number;
  threads: number;
  /** Current resident set size in bytes (VmRSS); 0 if the kernel reports none (zombie). */
  rssBytes: number;
  /** Peak resident set size in bytes (VmHWM); 0 if the kernel reports none (zombie). */
  peakRssBytes: number;
}

let clockTicksPerSecond: number | undefined;

function clockTicks(): number {
  if (clockTicksPerSecond === undefined) {
    clockTicksPerSecond = 100;
    try {
      const ticks = Number.parseInt(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(), 10);
      if (ticks > 0) clockTicksPerSecond = ticks;
    } catch {
      /* keep Linux's usual 100 */
    }
  }
  return clockTicksPerSecond;
}

/**
 * CPU time and memory of process `pid`, read from /proc/<pid>/stat and
 * /proc/<pid>/status (Linux only). Only that process is counted, not its
 * children. Throws if the process does not exist (any more) — sample before
 * asking the program to quit.
 */
export function processStats(pid: number): ProcessStats {
  let stat: string;
  let status: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (process.platform !== 'linux') throw new Error('processStats() needs Linux /proc', {cause: error});
    if (code === 'ENOENT' || code === 'ESRCH') throw new Error(`processStats(): no process ${pid} (has it exited?)`, {cause: error});
    throw error;
  }
  // The command name (field 2) is in parentheses and may contain spaces or ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).trim().split(/\s+/);
  // fields[0] is field 3 (state) in proc(5) numbering, so field n is fields[n - 3].
  const field = (n: number): number => Number(fields[n - 3]);
  const ticks = clockTicks();
  const userCpuSeconds = field(14) / ticks;
  const systemCpuSeconds = field(15) / ticks;
  const kilobytes = (name: string): number => {
    const match = new RegExp(`^${name}:\\s*(\\d+)\\s*kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  };
  return {
    pid,
    state: fields[0] ?? '?',
    cpuSeconds: userCpuSeconds + systemCpuSeconds,
    userCpuSeconds,
    systemCpuSeconds,
    threads: field(20),
    rssBytes: kilobytes('VmRSS'),
    peakRssBytes: kilobytes('VmHWM'),
  };
}
