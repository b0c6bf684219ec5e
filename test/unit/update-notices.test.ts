import {describe, expect, it, vi} from 'vitest';
import {newFrame, topFrame} from '../../source/shell/navigation.js';
import {UpdateNotices} from '../../source/app/update-notices.js';
import {createUiStore, flash, flashPending} from '../../source/shell/ui-store.js';
import {type KeyContext, handleKey, splitKeys} from '../../source/app/dispatch.js';
import {recordingClient} from '../support/fake-client.js';
import {labSnapshot, serviceNamed} from '../support/fixtures.js';

const started = {serviceId: 'svc', kind: 'started', text: 'web is updating', tone: 'info'} as const;
const ended = {serviceId: 'svc', kind: 'ended', text: 'web updated in 41 s', tone: 'ok'} as const;

describe('rollout news on screen', () => {
  it('says in the status line that an update started elsewhere, without moving the operator; o watches it', () => {
    const ui = createUiStore('services');
    new UpdateNotices(ui).show(started);
    expect(ui.getState().stack).toHaveLength(1);
    expect(topFrame(ui.getState().stack).view).toBe('services');
    expect(ui.getState().flash).toMatchObject({text: 'web is updating — o watches it', rolloutServiceId: 'svc'});
    const snapshot = labSnapshot();
    const ctx: KeyContext = {
      client: recordingClient(snapshot).client,
      snapshot: () => snapshot,
      pageSize: () => 5,
      readOnly: false,
      quit: () => {},
      refresh: () => {},
    };
    handleKey(ui, {name: 'o', text: 'o'}, ctx);
    expect(topFrame(ui.getState().stack)).toMatchObject({view: 'rollout', scope: {serviceId: 'svc'}});
    // On a pane with no `o` of its own, the notice's `o` works too.
    const onNodes = createUiStore('nodes');
    new UpdateNotices(onNodes).show(started);
    handleKey(onNodes, {name: 'o', text: 'o'}, ctx);
    expect(topFrame(onNodes.getState().stack)).toMatchObject({view: 'rollout', scope: {serviceId: 'svc'}});
  });

  it('opens the rollout of an update that starts while the services pane is showing, for an operator who follows rollouts', () => {
    const ui = createUiStore('services');
    new UpdateNotices(ui, Date.now, true).show(started);
    expect(topFrame(ui.getState().stack)).toMatchObject({view: 'rollout', scope: {serviceId: 'svc'}});
    expect(ui.getState().flash?.text).toBe('web is updating: showing its rollout (Esc goes back)');
  });

  it('does not move the operator while a prompt or a describe screen is open, or on another pane: it says how to look', () => {
    const typing = createUiStore('services');
    typing.setState({prompt: {kind: 'filter', text: 'we'}});
    new UpdateNotices(typing, Date.now, true).show(started);
    expect(topFrame(typing.getState().stack).view).toBe('services');
    expect(typing.getState().flash?.text).toBe('web is updating — o watches it');

    const describing = createUiStore('services');
    describing.setState(state => ({stack: [...state.stack, {...newFrame('services'), screen: {} as never}]}));
    new UpdateNotices(describing, Date.now, true).show(started);
    expect(describing.getState().stack).toHaveLength(2);
    expect(topFrame(describing.getState().stack).view).toBe('services');

    const onNodes = createUiStore('nodes');
    new UpdateNotices(onNodes, Date.now, true).show(started);
    expect(topFrame(onNodes.getState().stack).view).toBe('nodes');
  });

  it('stays quiet about a start already in view, and tells how it ended wherever the operator is', () => {
    const ui = createUiStore('services');
    ui.setState(state => ({stack: [...state.stack, newFrame('rollout', {serviceId: 'svc'})]}));
    new UpdateNotices(ui).show(started);
    expect(ui.getState().flash).toBeUndefined();
    expect(ui.getState().stack).toHaveLength(2);
    const elsewhere = createUiStore('tasks');
    new UpdateNotices(elsewhere).show(ended);
    expect(elsewhere.getState().flash).toMatchObject({text: 'web updated in 41 s', tone: 'ok'});
  });

  it('leaves alone a rollout this console started (an edit keeps its own status line), but not for ever', () => {
    const ui = createUiStore('services');
    let now = 1000;
    const follower = new UpdateNotices(ui, () => now, true);
    const snapshot = labSnapshot();
    const {client, calls} = recordingClient(snapshot);
    const ctx: KeyContext = {
      client,
      snapshot: () => snapshot,
      pageSize: () => 5,
      readOnly: false,
      quit: () => {},
      refresh: () => {},
      // The operation says which service it changes; nothing watches the client.
      onServiceChange: serviceId => follower.noteOwnChange(serviceId),
    };
    const web = serviceNamed(snapshot, 'web');
    const press = (text: string) => {
      for (const key of splitKeys(text, text)) handleKey(ui, key, ctx);
    };
    press('/web');
    handleKey(ui, {name: 'enter', text: '\r'}, ctx);
    press('s');
    handleKey(ui, {name: 'ctrl-u', text: '\u0015'}, ctx);
    press('5');
    handleKey(ui, {name: 'enter', text: '\r'}, ctx);
    expect(calls).toEqual([{method: 'services.scale', args: [web.ID, 5]}]);
    const webStarted = {...started, serviceId: web.ID};
    follower.show(webStarted);
    expect(ui.getState().stack).toHaveLength(1);
    // Reads do not count as changes; once the note is old, a rollout there is news as before.
    now += 60_000;
    follower.show(webStarted);
    expect(topFrame(ui.getState().stack).view).toBe('rollout');
  });

  it("never covers the operator's own request or its answer: the news waits, then shows, and o still watches it", () => {
    vi.useFakeTimers();
    try {
      const ui = createUiStore('nodes');
      const notices = new UpdateNotices(ui);
      flashPending(ui, 'demoting node1…');
      notices.show({serviceId: 'svc', kind: 'ended', text: 'web update paused', tone: 'error'});
      notices.show(started);
      vi.advanceTimersByTime(60_000);
      expect(ui.getState().flash).toMatchObject({text: 'demoting node1…', pending: true});
      flash(ui, 'demoting node1 failed: the last manager', 'error');
      vi.advanceTimersByTime(9_000);
      expect(ui.getState().flash?.text).toBe('demoting node1 failed: the last manager');
      // The answer's time is up: the news shows in the order it came, each for its own time.
      vi.advanceTimersByTime(1_000);
      expect(ui.getState().flash).toMatchObject({text: 'web update paused', tone: 'error', notice: true});
      // A notice gives way to newer news at once.
      notices.show({serviceId: 'other', kind: 'ended', text: 'api updated in 12 s', tone: 'ok'});
      expect(ui.getState().flash?.text).toBe('api updated in 12 s');
      vi.advanceTimersByTime(4_000);
      expect(ui.getState().flash).toMatchObject({text: 'web is updating — o watches it', rolloutServiceId: 'svc'});
      vi.advanceTimersByTime(4_000);
      expect(ui.getState().flash).toBeUndefined();
      expect(ui.getState().heldNotices).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
