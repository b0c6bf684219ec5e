import {afterEach, describe, expect, it} from 'vitest';
import {topFrame} from '../../source/shell/navigation.js';
import {FakeLoggable} from '../support/log-fakes.js';
import {labSnapshot, recordedAt, serviceNamed} from '../support/fixtures.js';
import {ENTER, ESC, mountApp} from './mount.js';

const snapshot = labSnapshot();
const now = recordedAt(snapshot);
const web = serviceNamed(snapshot, 'web');
const webTasks = snapshot.tasks.filter(task => task.ServiceID === web.ID && task.Status.State === 'running');
let mounted: ReturnType<typeof mountApp> | undefined;

afterEach(() => {
  mounted?.app.unmount();
  mounted = undefined;
});

/** A line as the engine sends it with timestamps and details, attributed to a real task of the fixture. */
function engineLine(taskIndex: number, text: string, second: number): string {
  const task = webTasks[taskIndex]!;
  const time = new Date(now - 60_000 + second * 1000).toISOString().replace('Z', '000000Z');
  return `${time} com.docker.swarm.node.id=${task.NodeID},com.docker.swarm.service.id=${web.ID},com.docker.swarm.task.id=${task.ID} ${text}\n`;
}

describe('the log view (recorded lab data)', () => {
  it('opens with l on a service, names each line by slot and node, and Esc returns with the selection intact', async () => {
    const source = new FakeLoggable(['pipe']);
    mounted = mountApp(snapshot, {now, logSource: source});
    const {press, screen, ui} = mounted;
    await mounted.settle();
    await press('/web', ENTER);
    const selectedBefore = topFrame(ui.getState().stack).selectedId;
    await press('l');
    expect(source.calls[0]!.target).toEqual({kind: 'service', id: web.ID});
    const pipe = source.pipe(0);
    pipe.write(engineLine(0, 'hello from one', 1));
    pipe.write(engineLine(1, 'oops from two', 2), 'stderr');
    pipe.write(engineLine(2, '\u001b]0;pwned\u0007\u001b[2Jhostile', 3));
    const text = await mounted.waitForScreen(/streaming · 3 lines/);
    expect(text).toContain('logs of web');
    expect(text).toMatch(/streaming · 3 lines · last 200 · following/);
    const slotOf = (index: number) => `web.${webTasks[index]!.Slot}@`;
    expect(text).toMatch(new RegExp(`${slotOf(0).replace('.', '\\.')}node\\d\\s+hello from one`));
    expect(text).toMatch(new RegExp(`${slotOf(1).replace('.', '\\.')}node\\d ▌ oops from two`));
    expect(text).toContain('^[]0;pwned^G^[[2Jhostile');
    expect(mounted.app.lastFrame()).not.toContain('\u001b]0;');
    expect(text).toContain('<f> follow');
    await press(ESC);
    expect(topFrame(ui.getState().stack).screen).toBeUndefined();
    expect(topFrame(ui.getState().stack).selectedId).toBe(selectedBefore);
    expect(screen()).toMatch(/NAME\s+MODE\s+REPLICAS/);
    // Leaving the screen closed its stream.
    expect(source.calls[0]!.pipe!.signal?.aborted).toBe(true);
  });

  it('opens one task’s logs from its task list, and in read-only mode too', async () => {
    const source = new FakeLoggable(['pipe']);
    mounted = mountApp(snapshot, {now, logSource: source, readOnly: true});
    await mounted.settle();
    await mounted.press('/web', ENTER, ENTER);
    await mounted.press('l');
    const target = source.calls[0]!.target;
    expect(target.kind).toBe('task');
    expect(snapshot.tasks.find(task => task.ID === target.id)?.ServiceID).toBe(web.ID);
    expect(mounted.screen()).toMatch(/logs of web\.\d/);
  });

  it('lists its keys in help', async () => {
    mounted = mountApp(snapshot, {now, logSource: new FakeLoggable(['pipe'])});
    await mounted.settle();
    await mounted.press('/web', ENTER, 'l', '?');
    const text = mounted.screen();
    for (const expected of ['Follow', 'Timestamps on/off', 'Wrap long lines', 'Task prefixes', 'Next match', 'Save the lines'])
      expect(text).toContain(expected);
    // The screen's scrolling keys replace the table's: each key is listed once.
    expect(text.match(/PgUp\/Ctrl-b/g)).toHaveLength(1);
  });
});
