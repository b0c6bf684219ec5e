import {afterAll, describe, expect, it} from 'vitest';
import {DockerNodeEngine} from '../../source/docker/node-engine.js';
import {labDockerSync, labSkipReason, labSockets, waitUntil} from '../lab/lab.js';

const skip = labSkipReason();

// Plain containers on node3's own engine (no swarm): one the kernel kills for memory, one killed
// with SIGKILL from outside. Both exit 137; only the first has an "oom" event in the engine's log.
const OOM = 'ne-oom';
const KILLED = 'ne-killed';

describe.skipIf(skip)("a node's own engine, read the way the stats sampler reads it", () => {
  afterAll(() => {
    try {
      labDockerSync(3, ['rm', '-f', OOM, KILLED]);
    } catch {
      // Not created: the test failed before.
    }
  });

  it('tells an OOM kill from another SIGKILL by its event log, and ends the read at `until`', async () => {
    labDockerSync(3, ['rm', '-f', OOM, KILLED]);
    labDockerSync(3, ['run', '-d', '--name', OOM, '--memory', '16m', 'lab/busybox:1', 'sh', '-c', 'x=0123456789; while :; do x=$x$x; done']);
    labDockerSync(3, ['run', '-d', '--name', KILLED, 'lab/busybox:1', 'sleep', '1d']);
    labDockerSync(3, ['kill', KILLED]);
    const idOf = (name: string) => labDockerSync(3, ['inspect', '-f', '{{.Id}}', name]).trim();
    await waitUntil(() => labDockerSync(3, ['inspect', '-f', '{{.State.Running}}', OOM]).trim() === 'false', {timeoutMs: 30_000, what: `${OOM} ended`});

    const engine = DockerNodeEngine.connect({url: labSockets()[3], source: 'test'});
    try {
      const windowOf = async (name: string) => {
        const state = await engine.inspect(idOf(name));
        expect(state.State?.ExitCode).toBe(137);
        return {since: Date.parse(state.State!.StartedAt!) - 1000, until: Date.now()};
      };
      expect(await engine.oomEventLogged(idOf(OOM), await windowOf(OOM))).toBe(true);
      expect(await engine.oomEventLogged(idOf(KILLED), await windowOf(KILLED))).toBe(false);
      // A window that closed before the container started holds nothing of it.
      expect(await engine.oomEventLogged(idOf(OOM), {since: Date.now() - 3_600_000, until: Date.now() - 3_000_000})).toBe(false);
    } finally {
      engine.close();
    }
  });
});
