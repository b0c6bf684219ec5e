// The shell commits a frame only when the text it draws changes: a refresh that moves
// nothing on screen (a new read time, objects read again as new copies, a service's
// version moving with the same cells) renders nothing, and one that does shows.
import {Profiler} from 'react';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../source/app/App.js';
import type {SwarmSnapshot} from '../../source/docker/types.js';
import {applySnapshot, createClusterStore} from '../../source/model/cluster-store.js';
import {createUiStore} from '../../source/shell/ui-store.js';
import {recordingClient} from '../support/fake-client.js';
import {labSnapshot, recordedAt, serviceNamed} from '../support/fixtures.js';

const snapshot = labSnapshot();
const now = recordedAt(snapshot);
// Ages move in 10 s steps: a refresh within the same step shows the same ages.
const sameStep = now - (now % 10_000) + 9_000;
let unmount: (() => void) | undefined;

afterEach(() => {
  unmount?.();
  unmount = undefined;
});

const tick = () => new Promise(resolve => setTimeout(resolve, 30));

function mount(view: 'services' | 'nodes' | 'tasks') {
  const cluster = createClusterStore();
  applySnapshot(cluster, snapshot, now);
  const ui = createUiStore(view);
  const {client} = recordingClient(snapshot);
  let commits = 0;
  const app = render(
    <Profiler id="shell" onRender={() => (commits += 1)}>
      <App
        cluster={cluster}
        client={client}
        ui={ui}
        connection={{endpoint: 'unix:///x.sock', engineVersion: '20.10.24', apiVersion: '1.41'}}
        readOnly={false}
        onRefresh={() => {}}
      />
    </Profiler>,
  );
  unmount = () => app.unmount();
  return {cluster, commits: () => commits, screen: () => (app.lastFrame() ?? '').replace(/\u001b\[[0-9;]*m/g, '')};
}

/** The same swarm read again: every object a new copy, as a read off the wire gives. */
const readAgain = (from: SwarmSnapshot): SwarmSnapshot => structuredClone(from);

describe('the shell commits only when visible text changes', () => {
  for (const view of ['services', 'nodes', 'tasks'] as const) {
    it(`does not render the ${view} pane again for a refresh that changes nothing on screen`, async () => {
      const {cluster, commits, screen} = mount(view);
      await tick();
      const before = commits();
      const shown = screen();
      expect(before).toBeGreaterThan(0);
      applySnapshot(cluster, readAgain(snapshot), sameStep);
      await tick();
      applySnapshot(cluster, readAgain(snapshot), sameStep + 500);
      await tick();
      expect(commits()).toBe(before);
      expect(screen()).toBe(shown);
    });
  }

  it('does not render again when a service moves in ways no cell shows', async () => {
    const {cluster, commits} = mount('services');
    await tick();
    const before = commits();
    const next = readAgain(snapshot);
    const web = next.services.find(service => service.Spec.Name === 'web')!;
    // A new version with the same spec: the row's cells are the same text.
    web.Version = {Index: (web.Version?.Index ?? 0) + 1};
    applySnapshot(cluster, next, sameStep);
    await tick();
    expect(cluster.getState().snapshot?.services).not.toBe(snapshot.services);
    expect(commits()).toBe(before);
  });

  it('renders once a change shows: a service scaled', async () => {
    const {cluster, commits, screen} = mount('services');
    await tick();
    const before = commits();
    const next = readAgain(snapshot);
    const web = next.services.find(service => service.ID === serviceNamed(snapshot, 'web').ID)!;
    web.Version = {Index: (web.Version?.Index ?? 0) + 1};
    web.Spec.Mode.Replicated = {Replicas: 7};
    applySnapshot(cluster, next, sameStep);
    await tick();
    expect(commits()).toBeGreaterThan(before);
    expect(screen()).toMatch(/web\s+replicated\s+\d\/7/);
  });
});
