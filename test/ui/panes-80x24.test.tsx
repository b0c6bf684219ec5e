// Every pane as an 80x24 terminal shows it, from recorded lab data with the clock held
// at the moment of recording, so ages and durations draw the same on every run. A
// change to what a pane draws shows up here as a snapshot diff to review.
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import type {EngineEvent} from '../../source/docker/events.js';
import type {SwarmSnapshot} from '../../source/docker/types.js';
import type {ViewKind} from '../../source/keymap/names.js';
import {recordEvents} from '../../source/model/event-log.js';
import {panes} from '../../source/views/panes/registry.js';
import {labSnapshot, objectsSnapshot, recordedAt, serviceNamed} from '../support/fixtures.js';
import {ENTER, mountApp} from './mount.js';

const lab = labSnapshot();
const objects = objectsSnapshot();
const COLUMNS = 80;
const ROWS = 24;

/** Engine events as the stream brings them, a few seconds before the recording. */
function laterEvents(at: number): EngineEvent[] {
  const web = serviceNamed(lab, 'web');
  const crashy = serviceNamed(lab, 'crashy');
  const seconds = (ago: number) => ({time: Math.floor((at - ago) / 1000), timeNano: (at - ago) * 1_000_000});
  return [
    {Type: 'service', Action: 'update', Actor: {ID: web.ID, Attributes: {name: 'web', 'replicas.old': '2', 'replicas.new': '3'}}, ...seconds(40_000)},
    {
      Type: 'container',
      Action: 'die',
      Actor: {ID: 'c0ffee00c0ffee00', Attributes: {name: 'crashy.1.abc', image: 'lab/busybox:1', exitCode: '1', 'com.docker.swarm.task.name': 'crashy.1.abc'}},
      ...seconds(20_000),
    },
    {Type: 'service', Action: 'update', Actor: {ID: crashy.ID, Attributes: {name: 'crashy'}}, ...seconds(5_000)},
  ];
}

interface PaneCase {
  snapshot: SwarmSnapshot;
  /** The keys that bring the pane up from the services pane. */
  keys: string[];
  /** Text the pane shows once drawn. */
  shows: string | RegExp;
}

const cases: {[K in ViewKind]: PaneCase} = {
  nodes: {snapshot: lab, keys: [':nodes', ENTER], shows: /node1\s+Manager/},
  services: {snapshot: lab, keys: [], shows: /web\s+replicated/},
  tasks: {snapshot: lab, keys: [':tasks', ENTER], shows: /^tasks {2}\d+/m},
  stacks: {snapshot: objects, keys: [':stacks', ENTER], shows: 'shop'},
  networks: {snapshot: objects, keys: [':networks', ENTER], shows: 'shop_back'},
  secrets: {snapshot: objects, keys: [':secrets', ENTER], shows: 'db-password'},
  configs: {snapshot: objects, keys: [':configs', ENTER], shows: 'nginx-conf'},
  volumes: {snapshot: {...objects, volumes: [{Name: 'shop_data', Driver: 'local', Scope: 'local'}]}, keys: [':vol', ENTER], shows: 'shop_data'},
  rollout: {snapshot: lab, keys: ['/web', ENTER, 'o'], shows: 'rollout of web'},
  events: {snapshot: lab, keys: [':events', ENTER], shows: 'crashy.1.abc'},
};

// Event times are drawn as the local wall clock: hold the zone too.
const zone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'UTC';
});
afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

let mounted: ReturnType<typeof mountApp> | undefined;
afterEach(() => {
  mounted?.app.unmount();
  mounted = undefined;
  vi.useRealTimers();
});

describe(`every pane at ${COLUMNS}x${ROWS}`, () => {
  it('has a case here for each pane the registry lists', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(panes).sort());
  });

  it.each(Object.keys(cases) as ViewKind[])('%s', async kind => {
    const {snapshot, keys, shows} = cases[kind];
    const now = recordedAt(snapshot);
    // Only the clock is held; timers run, so the waits below still wait for renders.
    vi.useFakeTimers({toFake: ['Date'], now});
    const m = (mounted = mountApp(snapshot, {now, columns: COLUMNS, rows: ROWS}));
    if (kind === 'events') recordEvents(m.cluster, laterEvents(now));
    await m.press(...keys);
    await m.waitForScreen(shows);
    const lines = m.app.terminal.lines();
    expect(lines).toHaveLength(ROWS);
    // The frame stays a row short of the terminal, so the last row is blank.
    expect(lines.at(-1)).toBe('');
    expect(lines.join('\n')).toMatchSnapshot();
  });
});
