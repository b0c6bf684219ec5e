import {describe, expect, it} from 'vitest';
import {correctFrameWrite} from '../../source/ui/frame-output.js';

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
