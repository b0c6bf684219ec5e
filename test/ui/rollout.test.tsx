import {afterEach, describe, expect, it} from 'vitest';
import {applyEventLink} from '../../source/model/cluster-store.js';
import {labSnapshot, recordedAt, serviceNamed} from '../support/fixtures.js';
import {ENTER, ESC, mountApp} from './mount.js';

const snapshot = labSnapshot();
const now = recordedAt(snapshot);
const web = serviceNamed(snapshot, 'web');
const CTRL_L = '\u000c';

let mounted: ReturnType<typeof mountApp> | undefined;
function mount(options: Parameters<typeof mountApp>[1] = {}) {
  mounted = mountApp(snapshot, {now, ...options});
  return mounted;
}
afterEach(() => {
  mounted?.app.unmount();
  mounted = undefined;
});

describe('the rollout view (recorded lab data: web updated from lab/busybox:1 to :2)', () => {
  it('opens with o on a service: progress, time taken, config, engine message, a row per slot', async () => {
    const m = mount();
    await m.press('/', ...'web', ENTER, 'o');
    const screen = m.screen();
    expect(screen).toContain('services › rollout of web');
    expect(screen).toContain('web  update completed  lab/busybox:1 → lab/busybox:2');
    expect(screen).toMatch(/█+ 3\/3 on the new spec · 21 s elapsed/);
    expect(screen).toContain('update: parallelism 1 · delay 1 s · on failure pause · monitor 5 s · max failures 0% · stop-first');
    expect(screen).toContain('engine: update completed');
    for (const slot of [1, 2, 3]) expect(screen).toMatch(new RegExp(`web\\.${slot}\\s+node\\d\\s+lab/busybox:1 → lab/busybox:2\\s+Running`));
    await m.press(ESC);
    expect(m.screen()).not.toContain('rollout of web');
  });

  it('offers roll back and resume there; resume refuses when nothing is paused', async () => {
    const m = mount();
    await m.press('/', ...'web', ENTER, 'o');
    expect(m.screen()).toMatch(/<Ctrl-l> roll back\s+<u> resume/);
    await m.press('u');
    expect(m.screen()).toContain('web has no paused update to resume (its update is completed)');
    await m.press(CTRL_L);
    expect(m.screen()).toContain('Roll back web to its previous spec? [y/N]');
    await m.press('y');
    await m.settle();
    expect(m.calls).toEqual([{method: 'services.rollback', args: [web.ID]}]);
  });

  it('resumes a paused update by sending the spec again unchanged, after a confirmation', async () => {
    const paused = structuredClone(snapshot);
    const service = paused.services.find(candidate => candidate.ID === web.ID)!;
    service.UpdateStatus = {State: 'paused', StartedAt: web.UpdateStatus!.StartedAt, Message: 'update paused due to failure or early termination of task x'};
    mounted = mountApp(paused, {now});
    const m = mounted;
    await m.press('/', ...'web', ENTER, 'o');
    expect(m.screen()).toContain('web  update paused');
    expect(m.screen()).toContain('engine: update paused due to failure or early termination of task x');
    await m.press('u');
    expect(m.screen()).toContain('Resume the paused update of web? [y/N]');
    await m.press('y');
    await m.settle();
    expect(m.calls).toEqual([{method: 'services.setImage', args: [web.ID, web.Spec.TaskTemplate.ContainerSpec!.Image]}]);
  });

  it('opens after the operator sets an image from the services pane', async () => {
    const m = mount();
    await m.press('/', ...'web', ENTER, 'i', ENTER);
    expect(m.screen()).toContain('services › rollout of web');
  });

  it('keeps rollback and resume out in read-only mode', async () => {
    const m = mount({readOnly: true});
    await m.press('/', ...'web', ENTER, 'o');
    expect(m.screen()).toContain('rollout of web');
    expect(m.screen()).not.toContain('roll back');
    await m.press('u');
    expect(m.calls).toEqual([]);
  });
});

describe('the header and the event stream', () => {
  it('says nothing while events flow, and that the poll carries on when the stream is down', async () => {
    const m = mount();
    applyEventLink(m.cluster, {status: 'up', received: 3});
    await m.settle();
    expect(m.screen()).not.toContain('events down');
    applyEventLink(m.cluster, {status: 'down', received: 3, error: 'socket hang up', retryAt: now + 1000});
    await m.waitForScreen('events down');
    expect(m.screen().split('\n')[0]).toContain('events down: polling');
  });
});
