/**
 * End-to-end terminal harness: runs a real program inside a real pseudo-terminal
 * (node-pty) and feeds everything it prints into a headless xterm.js emulator
 * (terminal-screen.ts), so callers can read the screen a person would see, send
 * keys (terminal-keys.ts), resize, and measure output timing and resource use
 * (process-stats.ts).
 *
 * Used by the e2e tests (vitest) and by the benchmark script (compiled by tsc
 * and run with plain node), so this module must not import vitest.
 */
import {performance} from 'node:perf_hooks';
import {spawn as spawnPty, type IPty} from 'node-pty';
import {processStats, type ProcessStats} from './process-stats.js';
import {terminalEnv} from './terminal-env.js';
import {keyBytes, type KeyName} from './terminal-keys.js';
import {TerminalOutput, describeExit, type ExitStatus, type OutputOptions, type WaitOptions} from './terminal-output.js';

export interface TerminalOptions extends OutputOptions {
  /** Merged over the defaults described at {@link terminalEnv}; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /**
   * Send the emulator's replies to terminal queries (cursor position report,
   * device attributes, ...) back to the program, as a real terminal does.
   * Default true.
   */
  answerQueries?: boolean;
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

// Reading the screen, output counts and the waitFor* methods come from TerminalOutput.
export class TerminalSession extends TerminalOutput {
  readonly pid: number;
  readonly command: string;
  readonly args: readonly string[];

  private readonly pty: IPty;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly exitPromise: Promise<ExitStatus>;

  private constructor(command: string, args: string[], options: TerminalOptions) {
    if (!(options.cols > 0 && options.rows > 0)) {
      throw new RangeError(`TerminalSession: cols and rows must be positive (got ${options.cols}x${options.rows})`);
    }
    super(options);
    this.command = command;
    this.args = [...args];

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
      this.screen.onReply(reply => {
        if (!this.exited) this.pty.write(reply);
      });
    }

    // node-pty's typings say string, but with `encoding: null` it delivers Buffers.
    this.pty.onData((data: string | Buffer) => this.handleOutput(data));

    this.exitPromise = new Promise<ExitStatus>(resolve => {
      this.pty.onExit(({exitCode, signal}) => {
        this.exited = true;
        liveSessions.delete(this);
        if (this.killTimer) clearTimeout(this.killTimer);
        const status: ExitStatus = signal ? {exitCode, signal} : {exitCode};
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

  /** True until the program has exited. */
  get isRunning(): boolean {
    return !this.exited;
  }

  // ---- input -------------------------------------------------------------

  /**
   * Send a key: a name from {@link keys} (`'down'`, `'ctrlC'`, ...) or the raw
   * bytes of a key (`keys.down`, `'q'`, `ctrl('x')`). Arrow/home/end keys are
   * sent in application mode when the program enabled it. Use `type()` for text.
   * Returns `performance.now()` at the time of writing.
   */
  press(key: KeyName | (string & {})): number {
    return this.write(keyBytes(key, this.modes.applicationCursorKeysMode));
  }

  /** Type text as if on a keyboard (written as-is). Returns `performance.now()` at the time of writing. */
  type(text: string): number {
    return this.write(text);
  }

  /** Paste text; wrapped in bracketed-paste markers if the program enabled them. */
  paste(text: string): number {
    return this.write(this.modes.bracketedPasteMode ? `\x1b[200~${text}\x1b[201~` : text);
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
  async measureInput(input: KeyName | (string & {}), options: WaitOptions & {quietMs?: number} = {}): Promise<InputTiming> {
    const quietMs = options.quietMs ?? 50;
    let first: number | undefined;
    let last: number | undefined;
    let bytes = 0;
    let writes = 0;
    const unsubscribe = this.onData(chunk => {
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
    this.screen.resize(cols, rows);
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
    return this.waitForExit({timeoutMs});
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
