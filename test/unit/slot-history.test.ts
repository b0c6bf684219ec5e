// Describe of a task lists its slot's earlier tasks: which ones (restarts.ts),
// how they are drawn (render/slot-history.ts), and what the tasks pane adds
// (the nodes' engines' OOM verdicts, whether the slot's tasks are all read).
import {describe, expect, it} from 'vitest';
import type {ContainerEnd, TaskReach} from '../../source/docker/reach.js';
import type {SwarmService, SwarmSnapshot, SwarmTask} from '../../source/docker/types.js';
import {indexSnapshot} from '../../source/model/cluster-index.js';
import {earlierInSlot} from '../../source/model/restarts.js';
import {slotHistoryLines} from '../../source/render/slot-history.js';
import {describeTaskDocument, taskDocumentScope} from '../../source/views/panes/task-document.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const MIB = 1024 * 1024;

function task(
  id: string,
  options: {
    service?: string;
    slot?: number;
    node?: string;
    createdMinutesAgo: number;
    state?: SwarmTask['Status']['State'];
    exit?: number;
    err?: string;
    container?: boolean;
  },
): SwarmTask {
  const created = NOW - options.createdMinutesAgo * 60_000;
  const state = options.state ?? 'failed';
  return {
    ID: id,
    Version: {Index: 1},
    CreatedAt: new Date(created).toISOString(),
    ServiceID: options.service ?? 'svc-worker',
    ...(options.slot === undefined ? {} : {Slot: options.slot}),
    NodeID: options.node ?? 'node-a',
    DesiredState: state === 'running' ? 'running' : 'shutdown',
    Status: {
      // Each task ends a minute after it was made, the running one not yet.
      Timestamp: new Date(state === 'running' ? created : created + 60_000).toISOString(),
      State: state,
      ...(options.err ? {Err: options.err} : {}),
      ...(options.container === false ? {} : {ContainerStatus: {ContainerID: `c-${id}`, ...(options.exit === undefined ? {} : {ExitCode: options.exit})}}),
    },
  };
}

function service(id: string, mode: SwarmService['Spec']['Mode']): SwarmService {
  return {ID: id, Version: {Index: 1}, Spec: {Name: id.replace('svc-', ''), Mode: mode, TaskTemplate: {ContainerSpec: {Image: 'busybox'}}}} as SwarmService;
}

describe('earlierInSlot: the tasks that held a slot before', () => {
  const current = task('t-now', {slot: 1, createdMinutesAgo: 1, state: 'running'});
  const tasks = [
    task('t-old', {slot: 1, createdMinutesAgo: 30, exit: 1}),
    current,
    task('t-mid', {slot: 1, createdMinutesAgo: 10, exit: 137, node: 'node-b'}),
    task('t-other-slot', {slot: 2, createdMinutesAgo: 5, exit: 1}),
    task('t-other-service', {service: 'svc-web', slot: 1, createdMinutesAgo: 5, exit: 1}),
  ];

  it('finds a replicated slot by service and slot, on any node, newest first', () => {
    expect(earlierInSlot(current, tasks, false).map(found => found.ID)).toEqual(['t-mid', 't-old']);
  });

  it('lists only what came before the task described, not its successors', () => {
    expect(earlierInSlot(tasks[2]!, tasks, false).map(found => found.ID)).toEqual(['t-old']);
  });

  it("finds a global service's slot by service and node", () => {
    const global = [
      task('g-now', {node: 'node-a', createdMinutesAgo: 1, state: 'running'}),
      task('g-a-old', {node: 'node-a', createdMinutesAgo: 8, exit: 2}),
      task('g-b-old', {node: 'node-b', createdMinutesAgo: 4, exit: 2}),
    ];
    expect(earlierInSlot(global[0]!, global, true).map(found => found.ID)).toEqual(['g-a-old']);
  });
});

describe('slotHistoryLines', () => {
  const ends = new Map<string, ContainerEnd>([['t-oom', {exitCode: 137, oomKilled: true, memLimit: 64 * MIB}]]);
  const endOf = (taskId: string) => ends.get(taskId);

  it('draws each earlier task: when it ended, its state, exit code and why, the OOM verdict first', () => {
    const lines = slotHistoryLines({
      tasks: [
        task('t-oom', {slot: 1, createdMinutesAgo: 4, exit: 137, err: 'task: non-zero exit (137)'}),
        task('t-crash', {slot: 1, createdMinutesAgo: 12, exit: 1, err: 'task: non-zero exit (1)'}),
        task('t-replaced', {slot: 1, createdMinutesAgo: 90, state: 'shutdown', exit: 0}),
        task('t-rejected', {slot: 1, createdMinutesAgo: 200, state: 'rejected', err: 'no suitable node', container: false}),
      ],
      endOf,
      now: NOW,
    });
    expect(lines[0]).toBe('');
    expect(lines[1]).toBe('Slot history (4 earlier tasks, 3 failed, newest first):');
    expect(lines[2]).toMatch(/^ {2}TASK\s+ENDED\s+STATE\s+EXIT\s+WHY$/);
    expect(lines[3]).toBe('  t-oom       2026-11-30T11:57:00Z (3 minutes ago)      failed    137   OOM killed (limit 64MiB); task: non-zero exit (137)');
    expect(lines[4]).toBe('  t-crash     2026-11-30T11:49:00Z (11 minutes ago)     failed    1     task: non-zero exit (1)');
    expect(lines[5]).toBe('  t-replaced  2026-11-30T10:31:00Z (about an hour ago)  shutdown  0');
    // No container: no exit code, and the scheduler's reason.
    expect(lines[6]).toBe('  t-rejected  2026-11-30T08:41:00Z (3 hours ago)        rejected        no suitable node');
    expect(lines).toHaveLength(7);
  });

  it('bounds the list and says how many earlier ones it left out', () => {
    const many = Array.from({length: 14}, (_, position) => task(`t-${String(position).padStart(2, '0')}`, {slot: 1, createdMinutesAgo: 2 + position, exit: 1}));
    const lines = slotHistoryLines({tasks: many, endOf, now: NOW});
    const rows = lines.filter(line => /^ {2}t-\d\d /.test(line));
    expect(rows.map(line => line.slice(2, 6))).toEqual(['t-00', 't-01', 't-02', 't-03', 't-04', 't-05', 't-06', 't-07', 't-08', 't-09']);
    expect(lines.at(-1)).toBe('  … 4 earlier');
    expect(slotHistoryLines({tasks: many, endOf, now: NOW, shown: 3}).at(-1)).toBe('  … 11 earlier');
  });

  it('says when the slot has no earlier task, when its tasks are still being read, and when the swarm forgot older ones', () => {
    expect(slotHistoryLines({tasks: [], endOf, now: NOW})).toEqual(['', 'Slot history:', '  (no earlier task in this slot)']);
    expect(slotHistoryLines({tasks: [], endOf, now: NOW, reading: true})).toEqual(['', 'Slot history:', '  (reading the tasks of this slot on other nodes…)']);
    const four = Array.from({length: 4}, (_, position) => task(`t-${position}`, {slot: 1, createdMinutesAgo: 2 + position, exit: 1}));
    expect(slotHistoryLines({tasks: four, endOf, now: NOW, retention: 5}).at(-1)).toBe(
      '  (the swarm keeps 5 tasks per slot, its task history limit: older ones are gone)',
    );
    expect(slotHistoryLines({tasks: four.slice(0, 2), endOf, now: NOW, retention: 5}).at(-1)).not.toContain('task history limit');
  });
});

describe("describe of a task: its slot's history", () => {
  const worker = service('svc-worker', {Replicated: {Replicas: 2}});
  const current = task('t-now', {slot: 1, node: 'node-a', createdMinutesAgo: 1, state: 'running'});
  const oom = task('t-oom', {slot: 1, node: 'node-b', createdMinutesAgo: 3, exit: 137, err: 'task: non-zero exit (137)'});
  const reach = (end: ContainerEnd): TaskReach => ({cpuHistory: [], memHistory: [], end});

  it('lists the earlier tasks with what their nodes said of them, after the task itself', () => {
    const snapshot: SwarmSnapshot = {
      nodes: [],
      services: [worker],
      tasks: [current, oom, task('t-slot2', {slot: 2, createdMinutesAgo: 2, state: 'running'})],
      taskScope: {kind: 'service', serviceId: worker.ID},
      swarm: {ID: 'swarm', Spec: {Orchestration: {TaskHistoryRetentionLimit: 5}}},
      reach: {
        nodes: new Map(),
        tasks: new Map([['t-oom', reach({exitCode: 137, oomKilled: true, memLimit: 32 * MIB})]]),
        services: new Map(),
        nodeUsage: new Map(),
      },
    };
    const text = describeTaskDocument(current, snapshot, indexSnapshot(snapshot), NOW).join('\n');
    expect(text).toMatch(/^ID:\s+t-now$/m);
    expect(text).toContain('Slot history (1 earlier task, 1 failed, newest first):');
    expect(text).toMatch(/^ {2}t-oom\s+2026-11-30T11:58:00Z \(2 minutes ago\)\s+failed\s+137\s+OOM killed \(limit 32MiB\); task: non-zero exit \(137\)$/m);
    expect(text).not.toContain('t-slot2');
    expect(taskDocumentScope(snapshot, current)).toBeUndefined();
  });

  it("reads the service's tasks when the pane had only one node's", () => {
    const snapshot: SwarmSnapshot = {nodes: [], services: [worker], tasks: [current], taskScope: {kind: 'node', nodeId: 'node-a'}};
    expect(describeTaskDocument(current, snapshot, indexSnapshot(snapshot), NOW).join('\n')).toContain(
      'Slot history:\n  (reading the tasks of this slot on other nodes…)',
    );
    expect(taskDocumentScope(snapshot, current)).toEqual({serviceId: worker.ID});
  });
});
