import {describe, expect, it, vi} from 'vitest';
import {correctFrameWrite, frameSafeStdout} from '../../source/ui/frame-output.js';

describe('correctFrameWrite', () => {
  it('adds the missing row when the last frame left the cursor below it', () => {
    const tracker = {cursorBelowFrame: false};
    expect(correctFrameWrite(tracker, 'header\nrow\nlast\n')).toBe('header\nrow\nlast\n');
    expect(tracker.cursorBelowFrame).toBe(true);
    expect(correctFrameWrite(tracker, '\u001b[2A\u001b[Gheader 2\u001b[K\n\u001b[E\u001b[E')).toBe(
      '\u001b[3A\u001b[Gheader 2\u001b[K\n\u001b[E\u001b[E',
    );
    expect(tracker.cursorBelowFrame).toBe(true);
  });

  it('leaves the move alone when the cursor was left on the last line (a full repaint)', () => {
    const tracker = {cursorBelowFrame: true};
    correctFrameWrite(tracker, '\u001b[2J\u001b[3J\u001b[Hheader\nrow\nlast');
    expect(tracker.cursorBelowFrame).toBe(false);
    expect(correctFrameWrite(tracker, '\u001b[2Ascrolled')).toBe('\u001b[2Ascrolled');
  });

  it('is not confused by mode switches such as synchronized-output markers', () => {
    const tracker = {cursorBelowFrame: true};
    expect(correctFrameWrite(tracker, '\u001b[?2026h')).toBe('\u001b[?2026h');
    expect(tracker.cursorBelowFrame).toBe(true);
    expect(correctFrameWrite(tracker, '\u001b[0Aonly line\n')).toBe('\u001b[1Aonly line\n');
  });
});

describe('frameSafeStdout().clearBeforeNextFrame', () => {
  const BSU = '\u001b[?2026h';
  const ESU = '\u001b[?2026l';
  function fakeStdout() {
    const writes: string[] = [];
    const stdout = {
      write(chunk: string, callback?: () => void) {
        writes.push(chunk);
        callback?.();
        return true;
      },
      columns: 80,
    } as unknown as NodeJS.WriteStream;
    return {stdout, writes};
  }

  it('sends the clear, Ink\'s erase and its next frame as one synchronized write', () => {
    const {stdout, writes} = fakeStdout();
    const frames = frameSafeStdout(stdout);
    frames.stream.write('first frame\n');
    frames.clearBeforeNextFrame();
    frames.stream.write('\u001b[2K\u001b[1A\u001b[G');
    frames.stream.write(BSU);
    frames.stream.write('second frame\n');
    expect(writes).toEqual(['first frame\n']);
    frames.stream.write(ESU);
    expect(writes).toEqual(['first frame\n', `${BSU}\u001b[H\u001b[2J\u001b[2K\u001b[1A\u001b[Gsecond frame\n${ESU}`]);
    frames.stream.write('third\n');
    expect(writes.at(-1)).toBe('third\n');
  });

  it('lets the held clear go by itself when no synchronized frame follows', async () => {
    vi.useFakeTimers();
    try {
      const {stdout, writes} = fakeStdout();
      const frames = frameSafeStdout(stdout);
      frames.clearBeforeNextFrame();
      frames.stream.write('frame without markers\n');
      expect(writes).toEqual([]);
      await vi.advanceTimersByTimeAsync(200);
      expect(writes).toEqual([`${BSU}\u001b[H\u001b[2Jframe without markers\n${ESU}`]);
    } finally {
      vi.useRealTimers();
    }
  });
});
