import {describe, expect, it} from 'vitest';
import {newFrame, topFrame} from '../../source/shell/navigation.js';
import {RolloutFollower} from '../../source/app/rollout-news.js';
import {createUiStore} from '../../source/shell/ui-store.js';
import {recordingClient} from '../support/fake-client.js';

const started = {serviceId: 'svc', kind: 'started', text: 'web is updating', tone: 'info'} as const;
const ended = {serviceId: 'svc', kind: 'ended', text: 'web updated in 41 s', tone: 'ok'} as const;

describe('rollout news on screen', () => {
  it('opens the rollout of an update that starts while the services pane is showing', () => {
    const ui = createUiStore('services');
    new RolloutFollower(ui).show(started);
    expect(topFrame(ui.getState().stack)).toMatchObject({view: 'rollout', scope: {serviceId: 'svc'}});
    expect(ui.getState().flash?.text).toBe('web is updating: showing its rollout (Esc goes back)');
  });

  it('does not move the operator while a prompt or a describe screen is open, or on another pane: it says how to look', () => {
    const typing = createUiStore('services');
    typing.setState({prompt: {kind: 'filter', text: 'we'}});
    new RolloutFollower(typing).show(started);
    expect(topFrame(typing.getState().stack).view).toBe('services');
    expect(typing.getState().flash?.text).toBe('web is updating (o on it shows the rollout)');

    const describing = createUiStore('services');
    describing.setState(state => ({stack: [...state.stack, {...newFrame('services'), screen: {} as never}]}));
    new RolloutFollower(describing).show(started);
    expect(describing.getState().stack).toHaveLength(2);
    expect(topFrame(describing.getState().stack).view).toBe('services');

    const onNodes = createUiStore('nodes');
    new RolloutFollower(onNodes).show(started);
    expect(topFrame(onNodes.getState().stack).view).toBe('nodes');
  });

  it('stays quiet about a start already in view, and tells how it ended wherever the operator is', () => {
    const ui = createUiStore('services');
    ui.setState(state => ({stack: [...state.stack, newFrame('rollout', {serviceId: 'svc'})]}));
    new RolloutFollower(ui).show(started);
    expect(ui.getState().flash).toBeUndefined();
    expect(ui.getState().stack).toHaveLength(2);
    const elsewhere = createUiStore('tasks');
    new RolloutFollower(elsewhere).show(ended);
    expect(elsewhere.getState().flash).toMatchObject({text: 'web updated in 41 s', tone: 'ok'});
  });

  it('leaves alone a rollout this console started (an edit keeps its own status line), but not for ever', async () => {
    const ui = createUiStore('services');
    let now = 1000;
    const follower = new RolloutFollower(ui, () => now);
    const {client, calls} = recordingClient({nodes: [], services: [], tasks: []});
    const watched = follower.watchClient(client);
    await watched.services.list();
    await watched.services.replaceSpec('svc', {Index: 3}, {});
    expect(calls).toEqual([{method: 'services.replaceSpec', args: ['svc', {Index: 3}, {}]}]);
    follower.show(started);
    expect(ui.getState().stack).toHaveLength(1);
    expect(ui.getState().flash).toBeUndefined();
    // Reads do not count as changes; another service's rollout is news as before.
    now += 60_000;
    await watched.services.list();
    follower.show(started);
    expect(topFrame(ui.getState().stack).view).toBe('rollout');
  });
});
