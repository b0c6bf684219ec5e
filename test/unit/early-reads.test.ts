// Early reads on engine events: at once or after the gap, one timer for a burst, and an
// event during a read answered by one more read when it ends.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {EarlyReads} from '../../source/model/early-reads.js';

afterEach(() => vi.useRealTimers());

describe('early reads', () => {
  it('reads at once when no gap is due', () => {
    const read = vi.fn();
    new EarlyReads(() => 0, read).ask();
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('answers a burst of events with one read after the gap', () => {
    vi.useFakeTimers();
    const read = vi.fn();
    const early = new EarlyReads(() => 400, read);
    early.ask();
    early.ask();
    early.ask();
    vi.advanceTimersByTime(399);
    expect(read).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('asks once more after a read during which an event came, and not after one that failed', async () => {
    const read = vi.fn();
    const early = new EarlyReads(() => 0, read);
    let finish!: (value: unknown) => void;
    const running = early.around(() => new Promise(resolve => (finish = resolve)));
    early.ask();
    early.ask();
    expect(read).not.toHaveBeenCalled();
    finish({});
    await running;
    expect(read).toHaveBeenCalledTimes(1);

    const failed = early.around(() => new Promise(resolve => (finish = resolve)));
    early.ask();
    finish(undefined);
    await failed;
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('drops a waiting read when stopped', () => {
    vi.useFakeTimers();
    const read = vi.fn();
    const early = new EarlyReads(() => 100, read);
    early.ask();
    early.stop();
    vi.advanceTimersByTime(1000);
    expect(read).not.toHaveBeenCalled();
  });
});
