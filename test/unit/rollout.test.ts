import {describe, expect, it} from 'vitest';
import type {SwarmNode, SwarmService, SwarmSnapshot, SwarmTask, TaskState, UpdateState} from '../../source/docker/types.js';
import {indexSnapshot} from '../../source/model/cluster-index.js';
import {rolloutActive} from '../../source/model/cluster-poller.js';
import {
  configInForce,
  estimateRemaining,
  rolloutNews,
  rolloutProgress,
  rolloutSlots,
  shortDuration,
  taskOnSpec,
  updateMark,
} from '../../source/model/rollout-progress.js';
import {UpdateTracker} from '../../source/model/update-news.js';
import {describeConfig, progressBar, rolloutSummary, slotImages, slotState} from '../../source/render/rollout-table.js';

const T0 = Date.parse('2026-11-21T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function service(
  options: {
    image?: string;
    previous?: string;
    replicas?: number;
    state?: UpdateState;
    started?: number;
    completed?: number;
    message?: string;
    force?: number;
  } = {},
): SwarmService {
  const spec = (image: string, force = 0) => ({
    Name: 'web',
    TaskTemplate: {ContainerSpec: {Image: image}, ForceUpdate: force},
    Mode: {Replicated: {Replicas: options.replicas ?? 3}},
    UpdateConfig: {Parallelism: 1, Delay: 2e9, FailureAction: 'rollback', Monitor: 5e9, MaxFailureRatio: 0, Order: 'stop-first'},
    RollbackConfig: {Parallelism: 0, FailureAction: 'pause', Order: 'start-first'},
  });
  return {
    ID: 'svc',
    Version: {Index: 10},
    Spec: spec(options.image ?? 'lab/busybox:2', options.force),
    PreviousSpec: options.previous ? spec(options.previous) : undefined,
    UpdateStatus: options.state
      ? {
          State: options.state,
          StartedAt: options.started === undefined ? undefined : at(options.started),
          CompletedAt: options.completed === undefined ? undefined : at(options.completed),
          Message: options.message,
        }
      : undefined,
  };
}

let taskSerial = 0;
function task(slot: number, image: string, state: TaskState, desired: TaskState, created: number, err?: string, force = 0): SwarmTask {
  taskSerial += 1;
  return {
    ID: `task${taskSerial}`,
    Version: {Index: taskSerial},
    CreatedAt: at(created),
    ServiceID: 'svc',
    Slot: slot,
    NodeID: `node${slot}`,
    DesiredState: desired,
    Spec: {ContainerSpec: {Image: image}, ForceUpdate: force},
    Status: {State: state, Timestamp: at(created + 1), Err: err},
  };
}

const nodes: SwarmNode[] = [1, 2, 3].map(n => ({
  ID: `node${n}`,
  Version: {Index: 1},
  Spec: {Role: n === 1 ? 'manager' : 'worker', Availability: 'active'},
  Description: {Hostname: `node${n}`},
  Status: {State: 'ready'},
}));

function snapshotOf(svc: SwarmService, tasks: SwarmTask[]): SwarmSnapshot {
  return {nodes, services: [svc], tasks};
}

// Mid-rollout of 1 → 2 with parallelism 1: slot 1 done, slot 2 starting, slot 3 not yet touched.
const midTasks = () => [
  task(1, 'lab/busybox:1', 'shutdown', 'shutdown', 0),
  task(1, 'lab/busybox:2', 'running', 'running', 10),
  task(2, 'lab/busybox:1', 'shutdown', 'shutdown', 0),
  task(2, 'lab/busybox:2', 'starting', 'running', 20),
  task(3, 'lab/busybox:1', 'running', 'running', 0),
];

describe('rollout model', () => {
  it('tells a task on the current spec from one on an earlier spec, a restart included', () => {
    const restarted = service({image: 'lab/busybox:1', force: 1});
    expect(taskOnSpec(task(1, 'lab/busybox:1', 'running', 'running', 0, undefined, 1), restarted.Spec)).toBe(true);
    expect(taskOnSpec(task(1, 'lab/busybox:1', 'running', 'running', 0, undefined, 0), restarted.Spec)).toBe(false);
    expect(taskOnSpec(task(1, 'lab/busybox:2', 'running', 'running', 0, undefined, 1), restarted.Spec)).toBe(false);
  });

  it('lists a row per slot with where it came from, where it is going, and whether it is through', () => {
    const svc = service({previous: 'lab/busybox:1', state: 'updating', started: 0});
    const slots = rolloutSlots(svc, midTasks());
    expect(slots.map(slot => [slot.key, slot.current.Status.State, slot.onTarget, slot.done, slotImages(slot)])).toEqual([
      ['1', 'running', true, true, 'lab/busybox:1 → lab/busybox:2'],
      ['2', 'starting', true, false, 'lab/busybox:1 → lab/busybox:2'],
      ['3', 'running', false, false, 'lab/busybox:1 (old spec)'],
    ]);
    expect(slotState(slots[1]!, T0 + 23_000)).toBe('Starting → running 2 seconds ago');
  });

  it('leaves out slots scaled away, and keeps every error of the new spec in a slot, newest first', () => {
    const svc = service({previous: 'lab/busybox:1', state: 'rollback_started', replicas: 1});
    const slots = rolloutSlots(svc, [
      task(1, 'lab/busybox:1', 'running', 'running', 0),
      task(1, 'lab/busybox:2', 'rejected', 'shutdown', 10, 'No such image: lab/busybox:2'),
      task(1, 'lab/busybox:2', 'failed', 'shutdown', 20, 'task: non-zero exit (1)'),
      task(4, 'lab/busybox:2', 'shutdown', 'shutdown', 0),
    ]);
    expect(slots.map(slot => slot.key)).toEqual(['1']);
    // The newest task is the failed one; its errors and the older rejection are kept.
    expect(slots[0]!.errors).toEqual(['task: non-zero exit (1)', 'No such image: lab/busybox:2']);
  });

  it('keeps the failed update’s errors through an automatic rollback, which drops the failed spec', () => {
    // As the engine leaves it: Spec is the old one again, PreviousSpec gone, StartedAt the update's start.
    const svc = service({image: 'lab/busybox:1', state: 'rollback_started', started: 10});
    const slots = rolloutSlots(svc, [
      task(1, 'lab/busybox:1', 'shutdown', 'shutdown', 0),
      task(1, 'lab/busybox:missing', 'rejected', 'shutdown', 11, 'No such image: lab/busybox:missing'),
      task(1, 'lab/busybox:1', 'running', 'running', 12),
      task(2, 'lab/busybox:1', 'running', 'running', 0, 'an old error from before the rollout'),
    ]);
    expect(slots.map(slot => [slot.key, slotImages(slot), slot.errors])).toEqual([
      ['1', 'lab/busybox:missing → lab/busybox:1', ['No such image: lab/busybox:missing']],
      ['2', 'lab/busybox:1', []],
    ]);
  });

  it('groups a global service by node', () => {
    const global: SwarmService = {...service(), Spec: {...service().Spec, Mode: {Global: {}}}};
    const tasks = [task(0, 'lab/busybox:2', 'running', 'running', 5), task(0, 'lab/busybox:2', 'running', 'running', 6)];
    tasks[1]!.NodeID = 'node2';
    expect(rolloutSlots(global, tasks).map(slot => slot.key)).toEqual(['node/node0', 'node/node2']);
  });

  it('measures progress: tasks running the new spec over desired, elapsed time and time left at the pace so far', () => {
    const svc = service({previous: 'lab/busybox:1', state: 'updating', started: 0, message: 'update in progress'});
    const progress = rolloutProgress(svc, indexSnapshot(snapshotOf(svc, midTasks())), T0 + 30_000);
    // Slot 1 ran 11 s in; two batches to go at 2 s delay + 11 s each, 19 s of it already waited.
    expect(progress).toMatchObject({updated: 1, desired: 3, failed: 0, elapsedMs: 30_000, remainingMs: 7000, rollingBack: false});
    expect(progress.config).toEqual({Parallelism: 1, Delay: 2e9, FailureAction: 'rollback', Monitor: 5e9, MaxFailureRatio: 0, Order: 'stop-first'});
  });

  it('uses the rollback config while rolling back, with the engine defaults for what it leaves unset', () => {
    const svc = service({previous: 'lab/busybox:1', state: 'rollback_started', started: 0});
    const progress = rolloutProgress(svc, indexSnapshot(snapshotOf(svc, [])), T0 + 1000);
    expect(progress.rollingBack).toBe(true);
    expect(progress.config).toEqual({Parallelism: 0, Delay: 0, FailureAction: 'pause', Monitor: 5e9, MaxFailureRatio: 0, Order: 'start-first'});
    expect(configInForce(undefined)).toMatchObject({Parallelism: 1, FailureAction: 'pause', Order: 'stop-first'});
  });

  it('stops the clock at completion and estimates nothing once over', () => {
    const svc = service({previous: 'lab/busybox:1', state: 'completed', started: 0, completed: 41});
    const tasks = [1, 2, 3].map(slot => task(slot, 'lab/busybox:2', 'running', 'running', 10));
    const progress = rolloutProgress(svc, indexSnapshot(snapshotOf(svc, tasks)), T0 + 500_000);
    expect(progress).toMatchObject({updated: 3, desired: 3, elapsedMs: 41_000});
    expect(progress.remainingMs).toBeUndefined();
  });

  it('estimates time left from the batches to go, each the delay plus what a batch has taken', () => {
    const config = configInForce({Parallelism: 1, Delay: 10e9});
    const pace = (now: number, updated: number, lastRunningAt?: number) => estimateRemaining({startedAt: 0, now, updated, desired: 3, config, lastRunningAt});
    expect(pace(3000, 0)).toBeUndefined();
    // The first task ran after 4 s: two batches to go, 10 s delay + 4 s each.
    expect(pace(4000, 1, 4000)).toBe(28_000);
    // Waiting out the delay counts down rather than stretching the estimate.
    expect(pace(9000, 1, 4000)).toBe(23_000);
    // Second batch done at 18 s (10 s delay, 4 s work): one to go.
    expect(pace(18_000, 2, 18_000)).toBe(14_000);
    expect(pace(40_000, 2, 18_000)).toBe(1000);
    expect(pace(20_000, 3, 20_000)).toBe(0);
    // Parallelism 0 is all at once: one batch.
    expect(estimateRemaining({startedAt: 0, now: 5000, updated: 2, desired: 4, config: configInForce({Parallelism: 2, Delay: 0}), lastRunningAt: 5000})).toBe(
      5000,
    );
  });

  it('polls fast only while an update or a rollback is under way', () => {
    const states: Array<UpdateState | undefined> = [undefined, 'updating', 'paused', 'completed', 'rollback_started', 'rollback_paused', 'rollback_completed'];
    expect(states.map(state => rolloutActive(snapshotOf(service({state}), [])))).toEqual([false, true, false, false, true, false, false]);
  });
});

describe('rollout news', () => {
  const before = (state?: UpdateState, started?: number) => updateMark(service({state, started}));

  it('says how an update ended and how long it took', () => {
    const done = service({state: 'completed', started: 0, completed: 41, previous: 'lab/busybox:1'});
    expect(rolloutNews(before('updating', 0), done, [])).toEqual({serviceId: 'svc', kind: 'ended', text: 'web updated in 41 s', tone: 'ok'});
  });

  it('says why a rollback happened: the failed task first, then what the engine said when it began', () => {
    const rolledBack = service({
      image: 'lab/busybox:1',
      previous: 'lab/nope:9',
      state: 'rollback_completed',
      started: 5,
      completed: 17,
      message: 'rollback completed',
    });
    const rejected = task(1, 'lab/nope:9', 'rejected', 'shutdown', 6, 'No such image: lab/nope:9');
    expect(rolloutNews(before('rollback_started', 5), rolledBack, [rejected], 'update rolled back due to failure')?.text).toBe(
      'web rolled back in 12 s: web.1 cannot start: No such image: lab/nope:9 during the update (failure ratio 0)',
    );
    expect(rolloutNews(before('rollback_started', 5), rolledBack, [], 'manually requested rollback')?.text).toBe(
      'web rolled back in 12 s: manually requested rollback',
    );
    // The engine named a task that is no longer in the history: its ID is all there is.
    expect(
      rolloutNews(before('rollback_started', 5), rolledBack, [], 'update rolled back due to failure or early termination of task 0123456789abcdef')?.text,
    ).toBe('web rolled back in 12 s: task 0123456789ab failed or stopped early during the update (failure ratio 0)');
  });

  it('says why an update paused: the task the engine names, with its exit code', () => {
    const exited = {...task(2, 'lab/busybox:2', 'failed', 'shutdown', 3, 'task: non-zero exit (1)'), ID: 'abc'};
    exited.Status.ContainerStatus = {ContainerID: 'c1', ExitCode: 1};
    const paused = service({state: 'paused', started: 0, message: 'update paused due to failure or early termination of task abc'});
    expect(rolloutNews(before('updating', 0), paused, [exited])).toMatchObject({
      kind: 'ended',
      tone: 'error',
      text: 'web update paused: web.2 exited with 1 during the update (failure ratio 0)',
    });
    // Tasks named the way the panes name them, when the caller gives a namer.
    expect(rolloutNews(before('updating', 0), paused, [exited], undefined, () => 'shop_web.2')?.text).toBe(
      'web update paused: shop_web.2 exited with 1 during the update (failure ratio 0)',
    );
  });

  it('announces a start, says nothing when nothing changed, and sees a whole update that happened between two reads', () => {
    expect(rolloutNews(before(undefined), service({state: 'updating', started: 0}), [])).toMatchObject({kind: 'started', text: 'web is updating'});
    expect(rolloutNews(before('updating', 0), service({state: 'updating', started: 0}), [])).toBeUndefined();
    expect(rolloutNews(before('completed', 0), service({state: 'completed', started: 50, completed: 52}), [])?.text).toBe('web updated in 2 s');
    expect(rolloutNews(undefined, service({state: 'completed', started: 0, completed: 2}), [])).toBeUndefined();
  });

  it('the tracker stays quiet about the first read, then reports changes', () => {
    const tracker = new UpdateTracker();
    expect(tracker.observe(snapshotOf(service({state: 'completed', started: 0, completed: 3}), []))).toEqual([]);
    expect(tracker.observe(snapshotOf(service({state: 'updating', started: 100}), [])).map(news => news.text)).toEqual(['web is updating']);
    expect(tracker.observe(snapshotOf(service({state: 'updating', started: 100}), []))).toEqual([]);
    expect(
      tracker.observe(snapshotOf(service({state: 'rollback_started', started: 110, message: 'manually requested rollback'}), [])).map(news => news.kind),
    ).toEqual(['started']);
    expect(
      tracker
        .observe(snapshotOf(service({state: 'rollback_completed', started: 110, completed: 119, message: 'rollback completed'}), []))
        .map(news => news.text),
    ).toEqual(['web rolled back in 9 s: manually requested rollback']);
  });

  it('the tracker looks again only at services that changed, and still sees their news', () => {
    const tracker = new UpdateTracker();
    const web = service({state: 'completed', started: 0, completed: 3});
    const other = {...web, ID: 'other', Spec: {...web.Spec, Name: 'other'}};
    const first = snapshotOf(web, []);
    const both = {...first, services: [web, other]};
    expect(tracker.observe(both)).toEqual([]);
    // The same lists again, then the same objects in a new list: nothing to tell.
    expect(tracker.observe(both)).toEqual([]);
    expect(tracker.observe({...both, services: [web, other]})).toEqual([]);
    // One of them starts updating; the other stays the same object.
    const updating = {...other, UpdateStatus: {State: 'updating' as const, StartedAt: new Date(100_000).toISOString()}};
    expect(tracker.observe({...both, services: [web, updating]}).map(news => news.text)).toEqual(['other is updating']);
    expect(tracker.observe({...both, services: [web, {...updating}]})).toEqual([]);
  });

  it('writes durations compactly', () => {
    expect([0, 999, 41_000, 60_000, 125_000, 3_600_000, 3_780_000].map(shortDuration)).toEqual([
      '0 s',
      '1 s',
      '41 s',
      '1 min',
      '2 min 5 s',
      '1 h',
      '1 h 3 min',
    ]);
  });
});

describe('rollout summary', () => {
  it('draws a bar of tasks through over desired', () => {
    expect(progressBar(1, 3, 12)).toBe('████░░░░░░░░');
    expect(progressBar(3, 3, 4)).toBe('████');
    expect(progressBar(0, 0, 4)).toBe('░░░░');
  });

  it('names the config in the words of the docker CLI flags', () => {
    expect(
      describeConfig(configInForce({Parallelism: 2, Delay: 10e9, FailureAction: 'rollback', Monitor: 30e9, MaxFailureRatio: 0.2, Order: 'start-first'})),
    ).toBe('parallelism 2 · delay 10 s · on failure rollback · monitor 30 s · max failures 20% · start-first');
    expect(describeConfig(configInForce({Parallelism: 0}))).toMatch(/^parallelism all at once/);
  });

  it('shows state, images, progress with time, config and the engine message', () => {
    const svc = service({previous: 'lab/busybox:1', state: 'updating', started: 0, message: 'update in progress'});
    const progress = rolloutProgress(svc, indexSnapshot(snapshotOf(svc, midTasks())), T0 + 30_000);
    const lines = rolloutSummary(svc, progress, 120).map(cells => cells.map(cell => cell.text).join(''));
    expect(lines[0]).toBe('web  updating  lab/busybox:1 → lab/busybox:2');
    expect(lines[1]).toMatch(/^█+░+ 1\/3 on the new spec · 30 s elapsed · about 7 s left$/);
    expect(lines[2]).toBe('update: parallelism 1 · delay 2 s · on failure rollback · monitor 5 s · max failures 0% · stop-first');
    expect(lines[3]).toBe('engine: update in progress');
  });

  it('makes engine text inert', () => {
    const svc = service({state: 'paused', started: 0, message: 'paused\u001b[2J'});
    const lines = rolloutSummary(svc, rolloutProgress(svc, indexSnapshot(snapshotOf(svc, [])), T0), 80);
    expect(
      lines
        .at(-1)!
        .map(cell => cell.text)
        .join(''),
    ).toBe('engine: paused^[[2J');
  });
});
