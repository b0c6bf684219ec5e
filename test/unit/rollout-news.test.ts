import {afterEach, describe, expect, it, vi} from 'vitest';
import {newFrame, topFrame} from '../../source/app/navigation.js';
import {showRolloutNews} from '../../source/app/rollout-news.js';
import {createUiStore} from '../../source/app/ui-store.js';

afterEach(() => vi.useRealTimers());

const started = {serviceId: 'svc', kind: 'started', text: 'web is updating', tone: 'info'} as const;
const ended = {serviceId: 'svc', kind: 'ended', text: 'web updated in 41 s', tone: 'ok'} as const;

describe('rollout news on screen', () => {
  it('opens the rollout of an update that starts while the services pane is showing', () => {
    const ui = createUiStore('services');
    showRolloutNews(ui, started);
    expect(topFrame(ui.getState().stack)).toMatchObject({view: 'rollout', scope: {serviceId: 'svc'}});
    expect(ui.getState().flash?.text).toBe('web is updating: showing its rollout (Esc goes back)');
  });

  it('does not move the operator while a dialog or prompt is open, or on another pane: it says how to look', () => {
    const typing = createUiStore('services');
    typing.setState({prompt: {kind: 'filter', text: 'we'}});
    showRolloutNews(typing, started);
    expect(topFrame(typing.getState().stack).view).toBe('services');
    expect(typing.getState().flash?.text).toBe('web is updating (o on it shows the rollout)');

    const onNodes = createUiStore('nodes');
    showRolloutNews(onNodes, started);
    expect(topFrame(onNodes.getState().stack).view).toBe('nodes');
  });

  it('stays quiet about a start already in view, and tells how it ended wherever the operator is', () => {
    const ui = createUiStore('services');
    ui.setState(state => ({stack: [...state.stack, newFrame('rollout', {serviceId: 'svc'})]}));
    showRolloutNews(ui, started);
    expect(ui.getState().flash).toBeUndefined();
    expect(ui.getState().stack).toHaveLength(2);
    const elsewhere = createUiStore('tasks');
    showRolloutNews(elsewhere, ended);
    expect(elsewhere.getState().flash).toMatchObject({text: 'web updated in 41 s', tone: 'ok'});
  });
});
