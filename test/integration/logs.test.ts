import os from 'node:os';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {connect} from '../../source/docker/connect.js';
import {resolveEndpoint} from '../../source/docker/endpoint.js';
import {LogResource} from '../../source/docker/logs.js';
import {LogFollower} from '../../source/model/log-stream.js';
import {labDockerSync, labSkipReason, labSockets, waitUntil} from '../lab/lab.js';

const skip = labSkipReason();

async function logSource(): Promise<LogResource> {
  const {docker} = await connect(resolveEndpoint({host: labSockets().manager, env: {}, homeDir: os.homedir()}));
  return new LogResource(docker);
}

function serviceId(name: string): string {
  return labDockerSync(1, ['service', 'inspect', name, '--format', '{{.ID}}']).trim();
}

function runningTaskNodes(name: string): string[] {
  return labDockerSync(1, ['service', 'ps', name, '--filter', 'desired-state=running', '--format', '{{.Node}} {{.CurrentState}}'])
    .split('\n')
    .filter(line => / Running/.test(line))
    .map(line => line.split(' ')[0]!);
}

// Prints a numbered line to stdout and another to stderr every 0.3 s, naming the node it runs on.
const chatty = 'i=0; while true; do echo "out $i on $NODE_NAME"; echo "err $i" >&2; i=$((i+1)); sleep 0.3; done';

describe.skipIf(skip)('service and task logs against the lab swarm', () => {
  beforeAll(async () => {
    labDockerSync(1, [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--name',
      'int-logs',
      '--replicas',
      '3',
      '--replicas-max-per-node',
      '1',
      '--env',
      'NODE_NAME={{.Node.Hostname}}',
      'lab/busybox:1',
      'sh',
      '-c',
      chatty,
    ]);
    labDockerSync(1, [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--name',
      'int-tty',
      '--tty',
      'lab/busybox:1',
      'sh',
      '-c',
      'while true; do echo "tty line"; sleep 0.3; done',
    ]);
    await waitUntil(() => runningTaskNodes('int-logs').length === 3 && runningTaskNodes('int-tty').length === 1, {timeoutMs: 60_000});
  });

  afterAll(() => {
    labDockerSync(1, ['service', 'rm', 'int-logs', 'int-tty']);
  });

  it('brings every replica’s lines through the manager, workers included, stdout and stderr apart', {timeout: 60_000}, async () => {
    expect(runningTaskNodes('int-logs').sort()).toEqual(['node1', 'node2', 'node3']);
    const follower = new LogFollower({source: await logSource(), target: {kind: 'service', id: serviceId('int-logs')}, tty: false, tail: 20});
    void follower.start();
    try {
      const lines = await waitUntil(
        () => {
          const all = follower.buffer.toArray();
          const nodes = new Set(all.filter(line => line.stream === 'stdout').map(line => /on (node\d)/.exec(line.text)?.[1]));
          return nodes.size === 3 && all.some(line => line.stream === 'stderr') ? all : undefined;
        },
        {timeoutMs: 30_000},
      );
      for (const line of lines) {
        expect(line.taskId).toMatch(/^[a-z0-9]{25}$/);
        expect(line.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
        expect(line.text).toMatch(line.stream === 'stderr' ? /^err \d+$/ : /^out \d+ on node\d$/);
      }
      // The node a line names is the node the engine says the task runs on.
      const nodeIds = new Map(
        labDockerSync(1, ['node', 'ls', '--format', '{{.ID}} {{.Hostname}}'])
          .split('\n')
          .filter(Boolean)
          .map(line => line.split(' ') as [string, string]),
      );
      for (const line of lines.filter(candidate => candidate.stream === 'stdout')) {
        expect(nodeIds.get(line.nodeId!)).toBe(/on (node\d)/.exec(line.text)![1]);
      }
    } finally {
      follower.stop();
    }
  });

  it('reads a TTY service’s raw stream', async () => {
    const follower = new LogFollower({source: await logSource(), target: {kind: 'service', id: serviceId('int-tty')}, tty: true, tail: 5});
    void follower.start();
    try {
      const lines = await waitUntil(() => (follower.buffer.size >= 3 ? follower.buffer.toArray() : undefined), {timeoutMs: 30_000});
      for (const line of lines) {
        expect(line.text).toBe('tty line');
        expect(line.stream).toBe('stdout');
      }
    } finally {
      follower.stop();
    }
  });

  it('follows one task', async () => {
    const taskId = labDockerSync(1, ['service', 'ps', 'int-logs', '--filter', 'desired-state=running', '--format', '{{.ID}}', '--no-trunc'])
      .split('\n')[0]!
      .trim();
    const follower = new LogFollower({source: await logSource(), target: {kind: 'task', id: taskId}, tty: false, tail: 5});
    void follower.start();
    try {
      await waitUntil(() => follower.buffer.size >= 4, {timeoutMs: 30_000});
      expect(new Set(follower.buffer.toArray().map(line => line.taskId))).toEqual(new Set([taskId]));
    } finally {
      follower.stop();
    }
  });

  it('says the service is gone once it is removed', async () => {
    labDockerSync(1, [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--name',
      'int-doomed',
      '--env',
      'NODE_NAME={{.Node.Hostname}}',
      'lab/busybox:1',
      'sh',
      '-c',
      chatty,
    ]);
    const id = serviceId('int-doomed');
    await waitUntil(() => runningTaskNodes('int-doomed').length === 1, {timeoutMs: 30_000});
    const follower = new LogFollower({
      source: await logSource(),
      target: {kind: 'service', id},
      tty: false,
      tail: 5,
      initialBackoffMs: 200,
      stallTimeoutMs: 3000,
    });
    void follower.start();
    await waitUntil(() => follower.buffer.size > 0, {timeoutMs: 30_000});
    labDockerSync(1, ['service', 'rm', 'int-doomed']);
    try {
      await waitUntil(() => follower.status.removed, {timeoutMs: 30_000});
      expect(follower.status.state).toBe('error');
      expect(follower.status.error).toMatch(/service removed/);
    } finally {
      follower.stop();
    }
  });
});
