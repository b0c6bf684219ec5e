// An operation's request shows as under way until the engine answers, however long that takes.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {type OperationContext, perform} from '../../source/app/operations/operation.js';
import {createUiStore} from '../../source/shell/ui-store.js';
import {recordingClient} from '../support/fake-client.js';
import {labSnapshot} from '../support/fixtures.js';

function context(ui: ReturnType<typeof createUiStore>): OperationContext {
  const snapshot = labSnapshot();
  return {ui, client: recordingClient(snapshot).client, snapshot, refresh: vi.fn(), noteServiceChange: vi.fn()};
}

describe('an operation under way', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stays on screen while the engine takes its time, then gives way to the answer', async () => {
    vi.useFakeTimers();
    const ui = createUiStore('nodes');
    let answer!: (error?: Error) => void;
    const request = () => new Promise<void>((resolve, reject) => (answer = error => (error ? reject(error) : resolve())));
    perform(context(ui), 'demoting node1', 'node1 is now a worker', request);
    expect(ui.getState().flash?.text).toBe('demoting node1…');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ui.getState().flash?.text).toBe('demoting node1…');
    answer(new Error('attempting to demote the last manager of the swarm'));
    await vi.advanceTimersByTimeAsync(0);
    expect(ui.getState().flash).toMatchObject({text: 'demoting node1 failed: attempting to demote the last manager of the swarm', tone: 'error'});
  });

  it('shows the outcome of a quick request in place of the pending line', async () => {
    vi.useFakeTimers();
    const ui = createUiStore('nodes');
    const ctx = context(ui);
    perform(ctx, 'promoting node2', 'node2 is now a manager', () => Promise.resolve());
    await vi.advanceTimersByTimeAsync(0);
    expect(ui.getState().flash).toMatchObject({text: 'node2 is now a manager', tone: 'ok'});
    expect(ctx.refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ui.getState().flash).toBeUndefined();
  });
});
