import {afterEach, describe, expect, it} from 'vitest';
import {recordedAt} from '../support/fixtures.js';
import {engineError} from '../support/fake-client.js';
import {HOSTILE_ERROR, HOSTILE_VERSION, OSC_TITLE, hostileSnapshot, strayControls} from '../support/hostile-snapshot.js';
import {ENTER, ESC, mountApp} from './mount.js';

const snapshot = hostileSnapshot();
const now = recordedAt(snapshot);
let mounted: ReturnType<typeof mountApp> | undefined;

afterEach(() => {
  mounted?.app.unmount();
  mounted = undefined;
});

/** Every frame Ink drew so far that holds a control character other than its own SGR styling. */
function badFrames(m: ReturnType<typeof mountApp>): {frame: number; controls: string[]}[] {
  return m.app.frames.flatMap((frame, index) => {
    const controls = strayControls(frame);
    return controls.length ? [{frame: index, controls}] : [];
  });
}

describe('the console against a hostile engine (recorded lab data, rewritten)', () => {
  it('draws no escape, OSC or bidi control from the engine in any frame, while showing each as text', async () => {
    const m = (mounted = mountApp(snapshot, {
      now,
      failWith: engineError(500, HOSTILE_ERROR),
      connection: {endpoint: `unix:///x${OSC_TITLE}`, engineVersion: HOSTILE_VERSION, apiVersion: '1.41\u202e'},
    }));
    await m.settle();
    const seen: string[] = [];
    const look = () => seen.push(m.screen());

    // The header: the engine's Version and the endpoint.
    look();
    // The services pane, a service's tasks (the crumb names the service), its describe.
    await m.press('/', ...'web', ENTER);
    look();
    await m.press(ENTER);
    look();
    await m.press('d');
    look();
    await m.press(ESC, ESC, ESC);
    // The nodes pane, a node's tasks (the crumb names the node), its describe, and a failed demote's flash.
    await m.press(':', ...'nodes', ENTER, '/', ...'node1', ENTER);
    look();
    await m.press(ENTER);
    look();
    await m.press(ESC, 'd');
    look();
    await m.press(ESC, '-', 'y');
    await m.settle();
    look();
    // The stacks pane and a stack's services.
    await m.press(ESC, ':', ...'stacks', ENTER);
    look();
    await m.press(ENTER);
    look();
    // Help, whose title is the crumb.
    await m.press('?');
    look();

    expect(m.app.frames.length).toBeGreaterThan(10);
    expect(badFrames(m)).toEqual([]);
    const all = seen.join('\n');
    // The hostile strings were drawn, as visible text, wherever they belong.
    expect(all).toContain('engine 20.10.24^[]0;pwned^G\\u202e\\u2066');
    expect(all).toContain('unix:///x^[]0;pwned^G · engine');
    expect(all).toContain('API 1.41\\u202e');
    expect(all).toContain('tasks of web^[[2J^[[H\\x9b2J');
    expect(all).toContain('tasks on node1\\u202e\\u20661edon^[]0;pwned^G');
    expect(all).toContain('describe node node1\\u202e');
    expect(all).toContain('services of stack shop^[]0;pwned^G');
    expect(all.replace(/\n/g, '')).toMatch(/failed: failed\^\[\[2J/);
  });
});
