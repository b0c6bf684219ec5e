// Smoke test of the Swarm lab itself and of the helpers in lab.ts.
// Needs the lab (globalSetup test/lab/global-setup.ts); skips without it unless STLAB_REQUIRED=1.

import {describe, expect, inject, it} from 'vitest';
import {jsonLines, labDocker, labSkipReason, labSockets, parseLabEnv, startNode, stopNode, waitUntil, type LabNode} from './lab.js';

describe('lab helpers', () => {
  it('parses env lines', () => {
    expect(parseLabEnv('STLAB_NODE1=unix:///run/stlab/node1.sock\nnoise\nSTLAB_NODE1_ADDR=10.213.0.11\n')).toEqual({
      STLAB_NODE1: 'unix:///run/stlab/node1.sock',
      STLAB_NODE1_ADDR: '10.213.0.11',
    });
  });

  it('waitUntil returns the first truthy value and times out with the last error', async () => {
    let n = 0;
    await expect(waitUntil(() => ++n >= 3 && n, {intervalMs: 1})).resolves.toBe(3);
    await expect(
      waitUntil(
        () => {
          throw new Error('not yet');
        },
        {timeoutMs: 30, intervalMs: 5, what: 'never'},
      ),
    ).rejects.toThrow(/never.*not yet/);
  });
});

const skip = labSkipReason();

describe.skipIf(skip)('swarm lab', () => {
  const nodes: LabNode[] = [1, 2, 3];

  it('exposes the sockets to the workers', () => {
    const sockets = labSockets();
    expect(sockets[1]).toMatch(/^unix:\/\/.*node1\.sock$/);
    expect(sockets.manager).toBe(sockets[1]);
    expect(inject('stlab').env.STLAB_NODE2).toBe(sockets[2]);
  });

  it('has three Ready nodes named node1..3, node1 the leader', async () => {
    const rows = jsonLines<{Hostname: string; Status: string; ManagerStatus: string}>(await labDocker(1, ['node', 'ls', '--format', '{{json .}}']));
    expect(rows.map(r => r.Hostname).sort()).toEqual(['node1', 'node2', 'node3']);
    expect(rows.every(r => r.Status === 'Ready')).toBe(true);
    expect(rows.find(r => r.Hostname === 'node1')?.ManagerStatus).toBe('Leader');
  });

  it('has both lab images on every node, with distinct IDs', async () => {
    const ids = await Promise.all(nodes.map(n => labDocker(n, ['image', 'inspect', '--format', '{{.Id}}', 'lab/busybox:1', 'lab/busybox:2'])));
    const [v1, v2] = ids[0]!.trim().split('\n');
    expect(v1).not.toBe(v2);
    for (const out of ids) expect(out).toBe(ids[0]);
  });

  it('spreads a service over all nodes', async () => {
    await labDocker(1, [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--name',
      'smoke',
      '--replicas',
      '3',
      '--replicas-max-per-node',
      '1',
      'lab/busybox:1',
    ]);
    try {
      const onNodes = await waitUntil(
        async () => {
          const out = await labDocker(1, ['service', 'ps', 'smoke', '--filter', 'desired-state=running', '--format', '{{.Node}} {{.CurrentState}}']);
          const running = out
            .split('\n')
            .filter(l => / Running /.test(l))
            .map(l => l.split(' ')[0]);
          return running.length === 3 && running.sort();
        },
        {what: 'smoke tasks running'},
      );
      expect(onNodes).toEqual(['node1', 'node2', 'node3']);
    } finally {
      await labDocker(1, ['service', 'rm', 'smoke']);
    }
  });

  it('loses the manager on stop-node 1 and gets it back on start-node 1', async () => {
    await stopNode(1);
    await expect(labDocker(1, ['node', 'ls'])).rejects.toThrow(/node1/);
    await startNode(1);
    const ready = await waitUntil(
      async () => {
        const out = await labDocker(1, ['node', 'ls', '--format', '{{.Status}}']);
        return out.split('\n').filter(s => s === 'Ready').length === 3;
      },
      {timeoutMs: 60_000, what: '3 Ready nodes after restarting node1'},
    );
    expect(ready).toBe(true);
  }, 90_000);
});
