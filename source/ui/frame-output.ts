// Ink 6.8's incremental renderer rewrites a frame by moving the cursor up
// `lines - 1` rows, as if it were on the frame's last line. After a frame that
// ends in a newline it is one row lower, so each repaint lands a row down until
// the frame is pinned to the bottom of the screen, and a change on the last line
// then scrolls it. This stream wrapper tracks where Ink left the cursor and
// adds the missing row to the move-up that starts an incremental repaint.

const MODE_ONLY = /^(?:\u001B\[\?[\d;]*[hl])+$/;
const LEADING_CURSOR_UP = /^\u001B\[(\d*)A/;
const ENDS_BELOW_FRAME = /(?:\n|\u001B\[E)$/;

export interface CursorTracker {
  /** True when Ink's last frame write left the cursor on the line below the frame. */
  cursorBelowFrame: boolean;
}

/** Returns the chunk to really write, and updates where the cursor will be after it. */
export function correctFrameWrite(tracker: CursorTracker, chunk: string): string {
  if (chunk === '' || MODE_ONLY.test(chunk)) return chunk;
  let corrected = chunk;
  if (tracker.cursorBelowFrame) {
    corrected = chunk.replace(LEADING_CURSOR_UP, (_, count: string) => `\u001B[${(Number(count) || 0) + 1}A`);
  }
  tracker.cursorBelowFrame = ENDS_BELOW_FRAME.test(chunk);
  return corrected;
}

const BEGIN_SYNCHRONIZED_UPDATE = '\u001B[?2026h';
const END_SYNCHRONIZED_UPDATE = '\u001B[?2026l';
const CLEAR_SCREEN_FROM_TOP = '\u001B[H\u001B[2J';
/** Longer than Ink's frame throttle, so a held clear normally leaves with the frame. */
const HOLD_LIMIT_MS = 120;

export interface FrameStdout {
  /** The stream to give Ink as its `stdout`. */
  stream: NodeJS.WriteStream;
  /**
   * Clears the screen and homes the cursor in the same write as Ink's next frame. Written on
   * its own, a clear shows a blank screen until the frame follows (Ink throttles frames, and
   * erases the old one outside its synchronized update), which flickers over a slow link.
   */
  clearBeforeNextFrame(): void;
}

/** Wraps stdout for Ink's `stdout` option; everything but `write` passes through. */
export function frameSafeStdout(stdout: NodeJS.WriteStream): FrameStdout {
  const tracker: CursorTracker = {cursorBelowFrame: false};
  let held: {text: string; callbacks: Array<() => void>; timer: NodeJS.Timeout} | undefined;
  const flush = () => {
    if (!held) return;
    const {text, callbacks, timer} = held;
    held = undefined;
    clearTimeout(timer);
    stdout.write(`${BEGIN_SYNCHRONIZED_UPDATE}${text}${END_SYNCHRONIZED_UPDATE}`, () => {
      for (const callback of callbacks) callback();
    });
  };
  const write = (chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    const corrected = correctFrameWrite(tracker, text);
    if (!held) return (stdout.write as (...args: unknown[]) => boolean)(corrected, ...rest);
    const callback = rest.find((argument): argument is () => void => typeof argument === 'function');
    if (callback) held.callbacks.push(callback);
    // Ink's frame ends with the end of its synchronized update: send everything held with it.
    if (text.endsWith(END_SYNCHRONIZED_UPDATE)) {
      held.text += corrected.slice(0, -END_SYNCHRONIZED_UPDATE.length);
      flush();
    } else if (text !== BEGIN_SYNCHRONIZED_UPDATE) {
      held.text += corrected;
    }
    return true;
  };
  const stream = new Proxy(stdout, {
    get(target, property) {
      if (property === 'write') return write;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set(target, property, value) {
      return Reflect.set(target, property, value, target);
    },
  }) as NodeJS.WriteStream;
  return {
    stream,
    clearBeforeNextFrame() {
      if (held) {
        held.text += CLEAR_SCREEN_FROM_TOP;
        return;
      }
      // Without synchronized frames (Ink leaves them out under CI) nothing ends the hold but time.
      held = {text: CLEAR_SCREEN_FROM_TOP, callbacks: [], timer: setTimeout(flush, HOLD_LIMIT_MS)};
      held.timer.unref();
    },
  };
}
