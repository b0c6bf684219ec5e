import {afterEach, describe, expect, it} from 'vitest';
import {Header} from '../../source/ui/Header.js';
import {labSnapshot, recordedAt} from '../support/fixtures.js';
import {mountApp} from './mount.js';
import {display} from '../../source/render/text.js';
import {renderTui} from './render.js';

const snapshot = labSnapshot();
const now = recordedAt(snapshot);
let mounted: ReturnType<typeof mountApp> | undefined;

afterEach(() => {
  mounted?.app.unmount();
  mounted = undefined;
});

describe('the header badges', () => {
  it('says READ-ONLY when started with --readonly', async () => {
    mounted = mountApp(snapshot, {now, readOnly: true});
    await mounted.settle();
    // While the data is fresh the header shows no clock (see the idle-output fix): the badge sits before the endpoint.
    expect(mounted.screen()).toMatch(/^swarmtop READ-ONLY {3}unix:\/\/\/run\/stlab\/node1\.sock/);
  });

  it('shows no badge on a console that may change the swarm', async () => {
    mounted = mountApp(snapshot, {now, readOnly: false});
    await mounted.settle();
    expect(mounted.screen()).toMatch(/^swarmtop {2}unix:/);
    expect(mounted.screen()).not.toContain('READ-ONLY');
  });

  it('shows both badges on a read-only demo', async () => {
    const tui = renderTui(
      <Header
        endpoint={display`unix:///tmp/demo.sock (simulated by --demo)`}
        engineVersion={display`27.0.0`}
        apiVersion={display`1.47`}
        demo
        readOnly
        link={{status: 'ok', failures: 0}}
      />,
    );
    await tui.settle();
    expect(tui.screen()).toMatch(/^swarmtop DEMO {2}READ-ONLY {3}loading…/);
    tui.unmount();
  });
});
