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

/** Wraps stdout for Ink's `stdout` option; everything but `write` passes through. */
export function frameSafeStdout(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
  const tracker: CursorTracker = {cursorBelowFrame: false};
  const write = (chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    return (stdout.write as (...args: unknown[]) => boolean)(correctFrameWrite(tracker, text), ...rest);
  };
  return new Proxy(stdout, {
    get(target, property) {
      if (property === 'write') return write;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set(target, property, value) {
      return Reflect.set(target, property, value, target);
    },
  }) as NodeJS.WriteStream;
}
