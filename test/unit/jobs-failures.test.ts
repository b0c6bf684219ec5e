// Jobs counted as `docker service ls` counts them, and failures named for what
// they are: a task that never started is not a crash loop; an update that gave
// up says why. All as data, on small hand-made swarms.
import {describe, expect, it} from 'vitest';
import {activeBindings} from '../../source/app/bindings.js';
import {restart} from '../../source/app/operations/restart.js';
import type {OperationContext} from '../../source/app/operations/operation.js';
import {decodeService} from '../../source/docker/decode/service.js';
import type {SwarmNode, SwarmService, SwarmSnapshot, SwarmTask, TaskState} from '../../source/docker/types.js';
import {indexSnapshot} from '../../source/model/cluster-index.js';
import {restartIndex} from '../../source/model/restarts.js';
import {summarize} from '../../source/model/summary.js';
import {updateSentence} from '../../source/model/update-cause.js';
import {type RenderContext, renderCells} from '../../source/render/columns.js';
import {describeService} from '../../source/render/describe.js';
import {serviceExplanation, slotCrashText, taskExplanation} from '../../source/render/explain.js';
import {serviceColumns} from '../../source/render/services.js';
import {taskColumns} from '../../source/render/tasks.js';
import {servicesPane} from '../../source/views/panes/services.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

function node(id: string, hostname: string): SwarmNode {
  return {ID: id, Version: {Index: 1}, Spec: {Role: 'worker', Availability: 'active'}, Description: {Hostname: hostname}, Status: {State: 'ready'}};
}
const nodes = [node('n1', 'node1'), node('n2', 'node2'), node('n3', 'node3')];

function service(id: string, name: string, extra: Partial<SwarmService> & {mode?: SwarmService['Spec']['Mode']} = {}): SwarmService {
  const {mode, ...rest} = extra;
  return {
    ID: id,
    Version: {Index: 5},
    CreatedAt: ago(600),
    Spec: {Name: name, TaskTemplate: {ContainerSpec: {Image: 'lab/busybox:1'}, ForceUpdate: 0}, Mode: mode ?? {Replicated: {Replicas: 1}}},
    ...rest,
  };
}

let serial = 0;
function task(
  serviceId: string,
  state: TaskState,
  secondsAgo: number,
  extra: Partial<SwarmTask> & {err?: string; exit?: number; container?: boolean} = {},
): SwarmTask {
  serial += 1;
  const {err, exit, container, ...rest} = extra;
  return {
    ID: `t${serial}`,
    Version: {Index: serial},
    CreatedAt: ago(secondsAgo + 1),
    ServiceID: serviceId,
    Slot: 1,
    NodeID: 'n1',
    DesiredState: 'shutdown',
    Spec: {ContainerSpec: {Image: 'lab/busybox:1'}, ForceUpdate: 0},
    Status: {
      State: state,
      Timestamp: ago(secondsAgo),
      ...(err && {Err: err}),
      ...((container || exit !== undefined) && {ContainerStatus: {ContainerID: `c${serial}`, ExitCode: exit ?? 0}}),
    },
    ...rest,
  };
}

function contextOf(services: SwarmService[], tasks: SwarmTask[]): RenderContext {
  const snapshot: SwarmSnapshot = {nodes, services, tasks} as SwarmSnapshot;
  return {now: NOW, index: indexSnapshot(snapshot)};
}

function cells(service: SwarmService, ctx: RenderContext): Record<string, {text: string; tone?: string}> {
  const rendered = renderCells(serviceColumns, service, ctx);
  return Object.fromEntries(serviceColumns.map((column, i) => [column.id, rendered[i]!]));
}

const replicatedJob = (status: SwarmService['ServiceStatus'], iteration = 0) =>
  service('rj', 'batch', {
    mode: {ReplicatedJob: {MaxConcurrent: 1, TotalCompletions: 3}},
    ServiceStatus: status,
    JobStatus: {JobIteration: {Index: iteration}, LastExecution: ago(120)},
  });

describe('jobs', () => {
  it('decodes the engine’s job counts and run, and leaves out an iteration without a number', () => {
    const raw = {
      ID: 'rj',
      Version: {Index: 3},
      Spec: {Name: 'batch', TaskTemplate: {}, Mode: {ReplicatedJob: {MaxConcurrent: 1, TotalCompletions: 3}}},
      ServiceStatus: {RunningTasks: 0, DesiredTasks: 1, CompletedTasks: 3},
      JobStatus: {JobIteration: {Index: 2}, LastExecution: '2026-12-01T11:58:00Z'},
    };
    const decoded = decodeService(raw) as SwarmService;
    expect(decoded.ServiceStatus).toEqual({RunningTasks: 0, DesiredTasks: 1, CompletedTasks: 3});
    expect(decoded.JobStatus).toEqual({JobIteration: {Index: 2}, LastExecution: '2026-12-01T11:58:00Z'});
    const odd = decodeService({...raw, JobStatus: {JobIteration: {Index: 'two'}, LastExecution: 7}}) as SwarmService;
    expect(odd.JobStatus).toEqual({});
    // The engine leaves out an Index of 0: the first run.
    const first = decodeService({...raw, JobStatus: {JobIteration: {}, LastExecution: '2026-12-01T11:58:00Z'}}) as SwarmService;
    expect(first.JobStatus?.JobIteration).toEqual({Index: 0});
  });

  it('counts a finished replicated job as docker service ls does, complete and not short', () => {
    const job = replicatedJob({RunningTasks: 0, DesiredTasks: 1, CompletedTasks: 3});
    const done = [1, 2, 3].map(slot => task('rj', 'complete', 60 + slot, {Slot: slot, DesiredState: 'complete', container: true, exit: 0}));
    const ctx = contextOf([job], done);
    expect(cells(job, ctx)['replicas']).toEqual({text: '0/1 (3/3 completed)', tone: 'ok'});
    // Its completed tasks are no failures.
    expect(cells(job, ctx)['restarts']!.text).toBe('0');
    expect(restartIndex(ctx.index, NOW).byService.get('rj')).toMatchObject({restarts: 0, crashLooping: false});
    expect(serviceExplanation(job, ctx, 120)).toEqual([]);
    const summary = summarize(ctx.index.snapshot!);
    expect(summary).toMatchObject({servicesConverged: 1, servicesTotal: 1, jobsComplete: 1});
  });

  it('counts a job still running, and a global job against its nodes', () => {
    const running = replicatedJob({RunningTasks: 1, DesiredTasks: 1, CompletedTasks: 1});
    const global = service('gj', 'sweep', {mode: {GlobalJob: {}}, ServiceStatus: {RunningTasks: 1, DesiredTasks: 1, CompletedTasks: 2}});
    const ctx = contextOf([running, global], []);
    expect(cells(running, ctx)['replicas']!.text).toBe('1/1 (1/3 completed)');
    expect(cells(global, ctx)['replicas']!.text).toBe('1/1 (2/3 completed)');
    const summary = summarize(ctx.index.snapshot!);
    expect(summary).toMatchObject({servicesConverged: 2, jobsComplete: 0});
    const globalDone = service('gj', 'sweep', {mode: {GlobalJob: {}}, ServiceStatus: {RunningTasks: 0, DesiredTasks: 0, CompletedTasks: 3}});
    expect(cells(globalDone, contextOf([globalDone], []))['replicas']!.text).toBe('0/0 (3/3 completed)');
    expect(summarize(contextOf([globalDone], []).index.snapshot!).jobsComplete).toBe(1);
  });

  it('counts from the tasks when the engine gives no counts: only the current run’s', () => {
    const job = service('rj', 'batch', {mode: {ReplicatedJob: {MaxConcurrent: 2, TotalCompletions: 2}}});
    job.Spec.TaskTemplate.ForceUpdate = 1;
    const earlier = [1, 2].map(slot => task('rj', 'complete', 300, {Slot: slot, container: true, exit: 0}));
    const now = [task('rj', 'complete', 30, {Slot: 1, container: true, exit: 0, Spec: {ForceUpdate: 1}})];
    expect(cells(job, contextOf([job], [...earlier, ...now]))['replicas']!.text).toBe('0/1 (1/2 completed)');
  });

  it('says the run in the status line and describe: iteration, started, finished, MaxConcurrent and TotalCompletions', () => {
    const job = replicatedJob({RunningTasks: 0, DesiredTasks: 1, CompletedTasks: 3}, 2);
    const done = [1, 2, 3].map(slot => task('rj', 'complete', 60 - slot * 10, {Slot: slot, container: true, exit: 0}));
    const ctx = contextOf([job], done);
    expect(servicesPane.detail!(job, ctx)).toBe('batch job: complete · iteration 2 · last run started 2 minutes ago, finished 30 seconds ago');
    const lines = describeService(job, ctx.index.snapshot!, ctx.index);
    expect(lines).toEqual(
      expect.arrayContaining(['Mode:             replicated job', 'MaxConcurrent:    1', 'TotalCompletions: 3', 'Tasks:            0/1 (3/3 completed)']),
    );
    expect(lines.join('\n')).toMatch(
      /Job:\n {2}State: +complete\n {2}Completed: +3 of 3\n {2}Iteration: +2\n {2}Last started: +2026-12-01T11:58:00\.000Z\n {2}Last finished: +2026-12-01T11:59:30\.000Z/,
    );
  });

  it('r on a job asks first and says it runs again; read-only mode has no r', () => {
    const job = replicatedJob({RunningTasks: 0, DesiredTasks: 1, CompletedTasks: 3}, 4);
    const ctx = {snapshot: contextOf([job], []).index.snapshot} as OperationContext;
    expect(restart.confirm!(job, ctx)).toEqual({
      question: 'Run job batch again?',
      details: [
        'A new iteration (after 4) starts: the job’s tasks run again, as docker service update --force does.'.replace('’', "'"),
        'The current run has 3 of 3 completions.',
      ],
      tone: 'warn',
    });
    // A one-replica service restarts without asking, as before.
    const web = service('w', 'web');
    expect(restart.confirm!(web, {snapshot: contextOf([web], []).index.snapshot} as OperationContext)).toBeUndefined();
    const keysOn = (readOnly: boolean) => activeBindings({view: 'services', sortShortcuts: [], readOnly}).flatMap(binding => binding.keys);
    expect(keysOn(false)).toContain('r');
    expect(keysOn(true)).not.toContain('r');
  });
});

describe('a task that cannot start is not a crash loop', () => {
  const missing = () => service('m', 'ghost', {ServiceStatus: {RunningTasks: 0, DesiredTasks: 1}});
  const rejections = () => [
    task('m', 'rejected', 50, {err: 'No such image: nobody/nothing:9', NodeID: 'n2'}),
    task('m', 'rejected', 40, {err: 'No such image: nobody/nothing:9', NodeID: 'n3'}),
    task('m', 'rejected', 30, {err: 'No such image: nobody/nothing:9', NodeID: 'n2'}),
    task('m', 'rejected', 20, {err: 'No such image: nobody/nothing:9', NodeID: 'n2'}),
    task('m', 'preparing', 5, {NodeID: 'n3', DesiredState: 'running'}),
  ];

  it('names the engine’s reason with the nodes it was tried on, and counts no restarts', () => {
    const ctx = contextOf([missing()], rejections());
    const restarts = restartIndex(ctx.index, NOW).byService.get('m')!;
    expect(restarts).toMatchObject({restarts: 0, crashLooping: false});
    expect(restarts.cannotStart).toEqual({
      reason: 'No such image: nobody/nothing:9',
      attempts: 4,
      slots: 1,
      nodes: [
        {nodeId: 'n2', count: 3},
        {nodeId: 'n3', count: 1},
      ],
    });
    const text = serviceExplanation(missing(), ctx, 200).map(line => line.map(cell => cell.text).join(''));
    expect(text).toEqual(['ghost cannot start: No such image: nobody/nothing:9 (tried 4 times on node2 ×3, node3)']);
    expect(cells(missing(), ctx)['replicas']).toEqual({text: '0/1', tone: 'error'});
    const current = ctx.index.tasksByService.get('m')!.at(-1)!;
    const state = renderCells(taskColumns, {task: current, history: false}, ctx)[taskColumns.findIndex(column => column.id === 'current')];
    expect(state).toEqual({text: 'Cannot start (Preparing 5 seconds ago)', tone: 'error'});
    const slotText = taskExplanation(ctx.index.tasksByService.get('m')!.at(-1)!, 'ghost.1', ctx, 200).map(line => line.map(cell => cell.text).join(''));
    expect(slotText).toEqual(['ghost.1 cannot start: No such image: nobody/nothing:9 (tried 4 times on node2 ×3, node3)']);
  });

  it('treats a failed task with no container and no exit code as one that never started', () => {
    const failed = [1, 2, 3].map(i => task('m', 'failed', 10 * i, {err: 'invalid mount config for type "bind": bind source path does not exist: /nope'}));
    const restarts = restartIndex(contextOf([missing()], failed).index, NOW).byService.get('m')!;
    expect(restarts.crashLooping).toBe(false);
    expect(restarts.cannotStart?.reason).toBe('invalid mount config for type "bind": bind source path does not exist: /nope');
  });

  it('forgets it once a task ran since, or when the failure is old and the slot moved on', () => {
    const fixed = [...rejections().slice(0, 4), task('m', 'running', 3, {NodeID: 'n1', DesiredState: 'running', container: true})];
    expect(restartIndex(contextOf([missing()], fixed).index, NOW).byService.get('m')!.cannotStart).toBeUndefined();
    const old = [task('m', 'rejected', 3600, {err: 'No such image: x'}), task('m', 'shutdown', 60, {container: true})];
    expect(restartIndex(contextOf([missing()], old).index, NOW).byService.get('m')!.cannotStart).toBeUndefined();
  });

  it('still calls containers that ran and died a crash loop, without an empty "()" when no exit code is known', () => {
    const crashes = [1, 2, 3].map(i => task('m', 'failed', 10 * i, {err: 'task: non-zero exit (9)', exit: 9}));
    const ctx = contextOf([missing()], crashes);
    const restarts = restartIndex(ctx.index, NOW).byService.get('m')!;
    expect(restarts).toMatchObject({restarts: 3, crashLooping: true, exitSummary: 'exit 9 ×3'});
    expect(restarts.cannotStart).toBeUndefined();
    const slot = {key: 'm/1', restarts: 5, recentFailures: 5, crashLooping: true, exitCodes: [], startFailures: 0, triedOn: new Map()};
    expect(slotCrashText(slot)).toBe('crash-looping: 5 failures in 5 minutes, 5 restarts in all');
    expect(slotCrashText({...slot, exitCodes: [9, 9]})).toBe('crash-looping: 5 failures in 5 minutes, 5 restarts in all (exit 9 ×2)');
  });
});

describe('the last update in a sentence', () => {
  const flaky = (state: NonNullable<SwarmService['UpdateStatus']>['State'], message?: string) =>
    service('f', 'flaky', {UpdateStatus: {State: state, StartedAt: ago(60), Message: message}});
  const exited = () => ({...task('f', 'failed', 40, {err: 'task: non-zero exit (9)', exit: 9}), ID: 'abcdef123456789'});

  it('says why it rolled back, from the failed task, after the engine only says "rollback completed"', () => {
    const ctx = contextOf([flaky('rollback_completed', 'rollback completed')], [exited()]);
    const sentence = 'rolled back: flaky.1 exited with 9 during the update (failure ratio 0)';
    expect(updateSentence(flaky('rollback_completed', 'rollback completed'), [exited()], () => 'flaky.1')).toBe(sentence);
    expect(cells(flaky('rollback_completed', 'rollback completed'), ctx)['update']).toEqual({text: sentence, tone: 'notice'});
    expect(servicesPane.detail!(flaky('rollback_completed', 'rollback completed'), ctx)).toContain(`flaky update: ${sentence}`);
    const described = describeService(flaky('rollback_completed'), ctx.index.snapshot!, ctx.index);
    expect(described).toContain(`  Outcome: ${sentence}`);
  });

  it('reads a pause, a rollback under way, a manual rollback and a plain update', () => {
    const message = 'update paused due to failure or early termination of task abcdef123456789';
    expect(updateSentence(flaky('paused', message), [exited()])).toBe('paused: flaky.1 exited with 9 during the update (failure ratio 0)');
    expect(updateSentence(flaky('rollback_started', 'manually requested rollback'), [])).toBe('rolling back: manually requested rollback');
    expect(updateSentence(flaky('rollback_completed', 'rollback completed'), [])).toBe('rolled back');
    expect(updateSentence(flaky('updating', 'update in progress'), [])).toBe('updating');
    expect(updateSentence(flaky('completed', 'update completed'), [])).toBe('updated');
    expect(updateSentence(service('x', 'x'), [])).toBeUndefined();
    const rejected = {...task('f', 'rejected', 30, {err: 'No such image: lab/nope:9'}), ID: 'abcdef123456789'};
    expect(updateSentence(flaky('rollback_started', message.replace('paused', 'rolled back')), [rejected])).toBe(
      'rolling back: flaky.1 cannot start: No such image: lab/nope:9 during the update (failure ratio 0)',
    );
  });
});
