// The UI tests' terminal: Ink draws into a fake stdout whose every frame is painted
// onto a headless xterm of a fixed size, so a test reads what a person would see
// there (clipped, wrapped and scrolled as a terminal does). Waits are on renders,
// never on the clock: `press()` resolves once Ink has delivered the key to the app
// and drawing has stopped, `waitForScreen()` on the first painted frame where its
// condition holds, and it fails with the screen shown when none comes in time.
import {EventEmitter} from 'node:events';
import {render as inkRender, useInput} from 'ink';
import type {ReactElement} from 'react';
import {TerminalScreen} from '../support/terminal-screen.js';

/** How long a wait may take before the test fails: a bound on failure, not a pause. */
const WAIT_LIMIT_MS = 5000;
/** Turns of the event loop without a new frame after which the output counts as settled. */
const QUIET_TURNS = 3;
const HOME_AND_CLEAR = '\u001b[H\u001b[2J';
const SGR = /\u001b\[[0-9;]*m/g;

/** Ink's stdout: records each frame (debug mode writes the whole frame every render). */
class FrameStdout extends EventEmitter {
  readonly frames: string[] = [];
  constructor(
    readonly columns: number,
    readonly rows: number,
    private readonly onFrame: (frame: string) => void,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    this.onFrame(frame);
    return true;
  };
}

/** Ink's stdin: what a test writes is read back by Ink as one chunk, as a terminal would send it. */
class KeyStdin extends EventEmitter {
  readonly isTTY = true;
  private readonly chunks: string[] = [];
  write = (data: string): void => {
    this.chunks.push(data);
    this.emit('readable');
  };
  read = (): string | null => this.chunks.shift() ?? null;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

/** Counts the input events Ink hands to the app's handlers (after its own escape-key delay). */
function InputProbe({onInput}: {onInput: () => void}) {
  useInput(() => onInput());
  return null;
}

const nextTurn = () => new Promise<void>(resolve => setTimeout(() => setImmediate(resolve), 0));

export type ScreenCondition = string | RegExp | ((screen: string) => boolean);

function holds(condition: ScreenCondition, screen: string): boolean {
  if (typeof condition === 'string') return screen.includes(condition);
  if (condition instanceof RegExp) return condition.test(screen);
  return condition(screen);
}

function describeCondition(condition: ScreenCondition): string {
  return typeof condition === 'function' ? 'the condition' : JSON.stringify(String(condition));
}

export interface TuiOptions {
  columns?: number;
  rows?: number;
}

export function renderTui(tree: ReactElement, {columns = 100, rows = 24}: TuiOptions = {}) {
  const terminal = new TerminalScreen(columns, rows);
  let renders = 0;
  let inputs = 0;
  let painting = 0;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };

  const paint = (frame: string) => {
    painting += 1;
    terminal.write(Buffer.from(HOME_AND_CLEAR + frame.replace(/\n/g, '\r\n'), 'utf8'), () => {
      painting -= 1;
      notify();
    });
  };
  const stdout = new FrameStdout(columns, rows, paint);
  const stdin = new KeyStdin();
  const instance = inkRender(
    <>
      {tree}
      <InputProbe
        onInput={() => {
          inputs += 1;
          notify();
        }}
      />
    </>,
    {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: new FrameStdout(columns, rows, () => {}) as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      // Every render written whole and at once: no frame rate to wait out.
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
      onRender: () => {
        renders += 1;
        notify();
      },
    },
  );

  /** Resolves when `ready()` holds after a render, a paint or an input; fails after the wait limit. */
  const until = (ready: () => boolean, failure: () => string, limitMs = WAIT_LIMIT_MS): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (painting > 0 || !ready()) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(failure()));
      }, limitMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  /** The screen as text: rows with trailing spaces trimmed, trailing blank rows left out. */
  const screen = (): string => {
    if (painting > 0) throw new Error('the screen was read while a frame was still being painted: await press(), settle() or waitForScreen() first');
    return terminal.text().replace(/\n+$/, '');
  };

  /** Resolves once the last frame is painted and no new one came for a few turns of the event loop. */
  const settle = async (): Promise<void> => {
    const startedAt = performance.now();
    const first = renders;
    let quiet = 0;
    let seen = renders;
    while (quiet < QUIET_TURNS) {
      if (performance.now() - startedAt > WAIT_LIMIT_MS)
        throw new Error(`the app never stopped drawing: ${renders - first} frames in ${WAIT_LIMIT_MS} ms\n${terminal.format()}`);
      await until(
        () => true,
        () => `the terminal never finished painting\n${terminal.format()}`,
      );
      await nextTurn();
      if (renders === seen && painting === 0) quiet += 1;
      else [quiet, seen] = [0, renders];
    }
  };

  return {
    terminal,
    frames: stdout.frames,
    /** The last frame Ink wrote, with its colour codes. */
    lastFrame: (): string | undefined => stdout.frames.at(-1),
    stdin,
    unmount: () => instance.unmount(),
    screen,
    settle,
    /** Sends each input as its own chunk; each resolves once the app has it and the screen has settled. */
    async press(...keys: string[]): Promise<void> {
      for (const key of keys) {
        if (key === '') continue;
        const before = inputs;
        stdin.write(key);
        await until(
          () => inputs > before,
          () => `the app never received the key ${JSON.stringify(key)}\n${terminal.format()}`,
        );
        await settle();
      }
      if (keys.every(key => key === '')) await settle();
    },
    /** Resolves, with the screen, on the first painted frame where `condition` holds; fails, showing the screen, after `limitMs`. */
    async waitForScreen(condition: ScreenCondition, {limitMs = WAIT_LIMIT_MS}: {limitMs?: number} = {}): Promise<string> {
      await until(
        () => holds(condition, screen()),
        () => `the screen never showed ${describeCondition(condition)}\n${terminal.format()}`,
        limitMs,
      );
      return screen();
    },
  };
}

export type Tui = ReturnType<typeof renderTui>;

/** A frame without colour codes. */
export const plain = (frame: string | undefined): string => (frame ?? '').replace(SGR, '');
