import {afterEach, describe, expect, it} from 'vitest';
import {topFrame} from '../../source/shell/navigation.js';
import {applyFailure, applySnapshot} from '../../source/model/cluster-store.js';
import {labSnapshot, recordedAt, serviceNamed} from '../support/fixtures.js';
import {DOWN, ENTER, ESC, mountApp} from './mount.js';

const snapshot = labSnapshot();
const now = recordedAt(snapshot);
let mounted: ReturnType<typeof mountApp> | undefined;

function mount(...args: Parameters<typeof mountApp>) {
  mounted = mountApp(...args);
  return mounted;
}

afterEach(() => {
  mounted?.app.unmount();
  mounted = undefined;
});

describe('the app shell at 100x24 (recorded lab data)', () => {
  it('starts on the services pane with the header summary', async () => {
    const {screen, settle} = mount(snapshot, {now});
    await settle();
    const text = screen();
    // No clock while the data is fresh (it would repaint an idle screen every refresh); the time shows once stale.
    expect(text).toMatch(/^swarmtop {2}unix:\/\/\/run\/stlab\/node1\.sock \(--host flag\) · engine 20\.10\.24/);
    expect(text).toContain('nodes 3/3 ready');
    expect(text).toContain('managers 1/1 up · tolerates 0 failures');
    expect(text).toMatch(/services \d\/5 converged/);
    expect(text).toMatch(/web\s+replicated\s+3\/3\s+lab\/busybox:2/);
    expect(text).toMatch(/agent\s+global\s+3\/3/);
  });

  it('keeps the frame one line shorter than the terminal', async () => {
    const {app, settle} = mount(snapshot, {now});
    await settle();
    expect((app.lastFrame() ?? '').split('\n').length).toBeLessThanOrEqual(23);
  });

  it('drills into a service’s tasks with history, hides history with h, and goes back with Esc', async () => {
    const {screen, press, ui} = mount(snapshot, {now});
    await press('/', 'c', 'r', 'a', 's', 'h', 'y', ENTER, ENTER);
    let text = screen();
    expect(text).toContain('services › tasks of crashy');
    expect(text).toMatch(/ \\_ crashy\.1\s+lab\/busybox:1\s+node\d\s+Shutdown\s+Failed .* ago\s+task: non-zero/);
    const historyRows = text.split('\n').filter(line => line.includes('\\_ crashy.1')).length;
    expect(historyRows).toBeGreaterThan(0);
    await press('h');
    text = screen();
    expect(text).not.toContain('\\_ crashy.1');
    expect(text).toContain('hiding past tasks');
    await press(ESC);
    expect(topFrame(ui.getState().stack).view).toBe('services');
    expect(topFrame(ui.getState().stack).selectedId).toBe(serviceNamed(snapshot, 'crashy').ID);
  });

  it('prints the selected task’s error in full under the table', async () => {
    const {screen, press} = mount(snapshot, {now});
    await press('/', 's', 't', 'u', 'c', 'k', ENTER, ENTER);
    expect(screen()).toContain('stuck.1 error: no suitable node (scheduling constraints not satisfied on 3 nodes)');
  });

  it('switches panes with : commands and short aliases', async () => {
    const {screen, press} = mount(snapshot, {now});
    await press(':', 'n', 'o', ENTER);
    expect(screen()).toMatch(/node1\s+Manager\s+Ready\s+Active\s+Leader/);
    await press(':', 'p', 's', ENTER);
    expect(screen()).toMatch(/^tasks {2}16$/m);
    await press(':', 'n', 'o', 'p', 'e', ENTER);
    expect(screen()).toContain('unknown command :nope');
  });

  it('holds the selection by ID across a refresh that reorders the rows', async () => {
    const {press, ui, cluster, settle} = mount(snapshot, {now});
    await press(DOWN, DOWN);
    const selected = topFrame(ui.getState().stack).selectedId!;
    const reversed = {...snapshot, services: [...snapshot.services].reverse().map(service => ({...service, Version: {Index: service.Version.Index + 1}}))};
    applySnapshot(cluster, reversed, now + 2000);
    await settle();
    expect(topFrame(ui.getState().stack).selectedId).toBe(selected);
    await press('N');
    await press('N');
    expect(topFrame(ui.getState().stack)).toMatchObject({selectedId: selected, sort: {columnId: 'name', descending: true}});
  });

  it('shows the help generated from the keymap, and closes it with Esc', async () => {
    const {screen, press} = mount(snapshot, {now});
    await press('?');
    expect(screen()).toContain('Help — services');
    expect(screen()).toMatch(/Shift-N\s+Sort by name/);
    await press(ESC);
    expect(screen()).not.toContain('Help — services');
  });
});

describe('loading, empty, failed and stale states', () => {
  it('says it is loading before the first answer', async () => {
    const {screen, settle} = mount(undefined);
    await settle();
    expect(screen()).toContain('Loading services…');
  });

  it('says a pane is empty, and that a filter matched nothing', async () => {
    const {screen, press} = mount({...snapshot, services: [], tasks: []}, {now});
    await press();
    expect(screen()).toContain('No services in this swarm');
    await press('/', 'z', 'z');
    expect(screen()).toContain('No services match /zz');
  });

  it('says why the first load failed', async () => {
    const {cluster, waitForScreen} = mount(undefined);
    applyFailure(cluster, 'connect ECONNREFUSED /run/stlab/node1.sock', now, now + 1000);
    await waitForScreen('Could not load services: connect ECONNREFUSED /run/stlab/node1.sock');
  });

  it('keeps the last data, marked stale, under a banner when the connection is lost', async () => {
    const {screen, cluster, settle, waitForScreen} = mount(snapshot, {now});
    applyFailure(cluster, 'connect ECONNREFUSED /run/stlab/node1.sock', now + 2000, now + 3000);
    const text = await waitForScreen('connection lost');
    expect(text).toContain('connection lost — retrying (attempt 1) · connect ECONNREFUSED');
    expect(text).toContain('stale, refreshed');
    expect(text).toMatch(/web\s+replicated\s+3\/3/);
    applySnapshot(cluster, snapshot, now + 4000);
    await settle();
    expect(screen()).not.toContain('connection lost');
  });

  it('never lets a string from the cluster reach the terminal as a control sequence', async () => {
    const hostile = {
      ...snapshot,
      services: snapshot.services.map((service, index) =>
        index === 0 ? {...service, Spec: {...service.Spec, Name: 'evil\u001b]0;pwned\u0007\u001b[2J'}} : service,
      ),
    };
    const {app, settle} = mount(hostile, {now});
    await settle();
    const frame = app.lastFrame() ?? '';
    expect(frame).not.toContain('\u001b]0;');
    expect(frame).not.toContain('\u001b[2J');
    expect(frame).toContain('evil^[]0;pwned^G');
  });
});

describe('read-only mode', () => {
  it('still navigates', async () => {
    const {screen, press} = mount(snapshot, {now, readOnly: true});
    await press(':', 'n', 'o', 'd', 'e', 's', ENTER);
    expect(screen()).toContain('Leader');
  });
});
