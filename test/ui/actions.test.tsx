import {afterEach, describe, expect, it} from 'vitest';
import {engineError} from '../support/fake-client.js';
import {labSnapshot, recordedAt, serviceNamed} from '../support/fixtures.js';
import {ENTER, ESC, mountApp} from './mount.js';

const snapshot = labSnapshot();
const now = recordedAt(snapshot);
const web = serviceNamed(snapshot, 'web');
const node2 = snapshot.nodes.find(node => node.Description?.Hostname === 'node2')!;
const CTRL_D = '\u0004';
const CTRL_L = '\u000c';
const CTRL_U = '\u0015';
const TAB = '\t';

let mounted: ReturnType<typeof mountApp> | undefined;
function mount(options: Parameters<typeof mountApp>[1] = {}) {
  mounted = mountApp(snapshot, {now, ...options});
  return mounted;
}
afterEach(() => {
  mounted?.app.unmount();
  mounted = undefined;
});

/** Filters the pane to one row so the next key acts on it. */
async function select(m: ReturnType<typeof mountApp>, name: string) {
  await m.press('/', ...name, ENTER);
}

describe('scale', () => {
  it('prefills the current count, sends the new one, and says so', async () => {
    const m = mount();
    await select(m, 'web');
    await m.press('s');
    expect(m.screen()).toMatch(/Scale web\n\s+replicas\s+3/);
    await m.press(CTRL_U, '5', ENTER);
    await m.waitForScreen('web scaled to 5');
    expect(m.calls).toEqual([{method: 'services.scale', args: [web.ID, 5]}]);
    expect(m.refreshes()).toBeGreaterThan(0);
  });

  it.each([
    ['', 'enter a number of replicas'],
    ['two', 'whole number'],
    ['-1', "can't be negative"],
    ['1e9', 'whole number'],
    ['50000', 'more than 10000'],
  ])('keeps the prompt open on %j and sends nothing', async (input, message) => {
    const m = mount();
    await select(m, 'web');
    await m.press('s', CTRL_U, ...input, ENTER);
    expect(m.screen()).toContain('✗ ');
    expect(m.screen()).toContain(message);
    expect(m.screen()).toContain('Scale web');
    expect(m.calls).toEqual([]);
    await m.press(ESC);
    expect(m.screen()).not.toContain('Scale web');
    expect(m.calls).toEqual([]);
  });

  it('refuses a global service with a clear message', async () => {
    const m = mount();
    await select(m, 'agent');
    await m.press('s');
    expect(m.screen()).toContain("agent is a global service: it runs one task per eligible node and can't be scaled");
    expect(m.screen()).not.toContain('Scale agent');
    expect(m.calls).toEqual([]);
  });

  it('is offered on a service’s task list too, acting on that service', async () => {
    const m = mount();
    await select(m, 'web');
    await m.press(ENTER, 's');
    expect(m.screen()).toContain('Scale web');
    await m.press(CTRL_U, '1', ENTER);
    await m.waitForScreen('web scaled to 1');
    expect(m.calls).toEqual([{method: 'services.scale', args: [web.ID, 1]}]);
  });
});

describe('set image', () => {
  it('sends the image with the rollout settings', async () => {
    const m = mount();
    await select(m, 'web');
    await m.press('i');
    expect(m.screen()).toMatch(/image\s+lab\/busybox:2/);
    await m.press(CTRL_U, ...'lab/busybox:1', TAB, CTRL_U, '1', TAB, CTRL_U, ...'2s', ENTER);
    await m.waitForScreen('web is rolling out lab/busybox:1');
    expect(m.calls).toEqual([{method: 'services.setImage', args: [web.ID, 'lab/busybox:1', {parallelism: 1, delayNs: 2e9}]}]);
  });

  it('refuses a bad image and a bad delay, field by field, and sends nothing', async () => {
    const m = mount();
    await select(m, 'web');
    await m.press('i', CTRL_U, ...'lab/busy box', TAB, TAB, CTRL_U, ...'10 seconds', ENTER);
    const text = m.screen();
    expect(text).toContain('✗ an image reference has no spaces');
    expect(text).toContain('✗ "10 seconds" is not a duration');
    expect(m.calls).toEqual([]);
  });
});

describe('confirmations', () => {
  it('asks before restarting more than one replica; n cancels and nothing is sent', async () => {
    const m = mount();
    await select(m, 'web');
    await m.press('r');
    expect(m.screen()).toContain('Restart web? [y/N]');
    expect(m.screen()).toContain('All 3 tasks will be replaced');
    await m.press('n');
    expect(m.calls).toEqual([]);
    await m.press('r', 'y');
    await m.waitForScreen('web restarting: its tasks are being replaced');
    expect(m.calls).toEqual([{method: 'services.restart', args: [web.ID]}]);
  });

  it('names what a rollback changes; Esc cancels', async () => {
    const m = mount();
    await select(m, 'web');
    await m.press(CTRL_L);
    expect(m.screen()).toContain('Roll back web to its previous spec? [y/N]');
    expect(m.screen()).toContain('image lab/busybox:2 → lab/busybox:1');
    await m.press(ESC);
    expect(m.calls).toEqual([]);
    await m.press(CTRL_L, 'y');
    await m.waitForScreen('web rolling back');
    expect(m.calls).toEqual([{method: 'services.rollback', args: [web.ID]}]);
  });

  it('asks before removing a service', async () => {
    const m = mount();
    await select(m, 'web');
    await m.press(CTRL_D);
    expect(m.screen()).toContain('Remove service web? [y/N]');
    await m.press('x');
    expect(m.calls).toEqual([]);
    await m.press('y');
    await m.waitForScreen('web removed');
    expect(m.calls).toEqual([{method: 'services.remove', args: [web.ID]}]);
  });

  it('asks before draining a node, and cordons without asking', async () => {
    const m = mount({view: 'nodes'});
    await select(m, 'node2');
    await m.press('r');
    expect(m.screen()).toContain('Drain node2? [y/N]');
    await m.press('y');
    await m.press('c');
    await m.waitForScreen('node2 paused: it keeps its tasks but takes no new ones');
    expect(m.calls).toEqual([
      {method: 'nodes.setAvailability', args: [node2.ID, 'drain']},
      {method: 'nodes.setAvailability', args: [node2.ID, 'pause']},
    ]);
  });

  it('warns, before the engine refuses, that demoting the last manager leaves none', async () => {
    const m = mount({view: 'nodes'});
    await select(m, 'node1');
    await m.press('-');
    expect(m.screen()).toContain('Demote node1 to a worker? [y/N]');
    expect(m.screen()).toContain('⚠ node1 is the last reachable manager');
    await m.press('n');
    expect(m.calls).toEqual([]);
  });
});

describe('errors and read-only mode', () => {
  it('shows the engine’s own message and keeps running', async () => {
    const m = mount({
      view: 'nodes',
      failWith: engineError(500, 'rpc error: code = FailedPrecondition desc = attempting to demote the last manager of the swarm'),
    });
    await select(m, 'node1');
    await m.press('-', 'y');
    await m.waitForScreen(screen => screen.includes('demoting node1 failed'));
    expect(m.screen().replace(/\n/g, '')).toContain(
      'demoting node1 failed: rpc error: code = FailedPrecondition desc = attempting to demote the last manager of the swarm',
    );
    await m.press(ESC, ':', ...'services', ENTER);
    expect(m.screen()).toMatch(/web\s+replicated\s+3\/3/);
  });

  it('leaves the mutating keys out of help and hints, and sends nothing when they are pressed', async () => {
    const m = mount({readOnly: true});
    await select(m, 'web');
    await m.press('s');
    expect(m.screen()).toContain('read-only: s would change the swarm');
    expect(m.screen()).not.toContain('Scale web');
    await m.press('r', CTRL_D, CTRL_L, 'i');
    expect(m.calls).toEqual([]);
    await m.press('?');
    expect(m.screen()).not.toContain('Scale the service');
    expect(m.screen()).not.toContain('Remove the service');
  });

  it('lists the actions in help when writable', async () => {
    const m = mount();
    await m.press('?');
    expect(m.screen()).toMatch(/s\s+Scale the service/);
    expect(m.screen()).toMatch(/Ctrl-l\s+Roll back to the previous spec/);
  });
});
