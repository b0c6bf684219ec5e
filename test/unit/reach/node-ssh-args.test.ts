// The console's own ssh arguments (--ssh-opt, SWARMTOP_SSH_OPTS) reach every ssh
// it runs for a node's engine: the stats clients and the shell of `x`. Checked
// with the system ssh against a loopback port nobody listens on: ssh's refusal
// names the port, which only the extra arguments set.
import {spawnSync} from 'node:child_process';
import net from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {closeEndpointTransport} from '../../../source/docker/client-options.js';
import {describeError} from '../../../source/docker/errors.js';
import {sshFailure, sshReason} from '../../../source/docker/ssh-command.js';
import {classifyStartupError} from '../../../source/docker/startup-error.js';
import {resolveEndpoint} from '../../../source/docker/endpoint.js';
import type {NodeEngine} from '../../../source/docker/node-engine.js';
import type {SwarmNode, SwarmTask} from '../../../source/docker/types.js';
import {startNodeReach, type NodeReach} from '../../../source/app/node-reach.js';
import {decodeExecRequest} from '../../../source/app/exec-helper-request.js';
import {terminalTaskShell} from '../../../source/app/task-shell.js';
import {createClusterStore} from '../../../source/model/cluster-store.js';
import type {NodeReachPool} from '../../../source/model/node-reach-pool.js';
import {createUiStore} from '../../../source/shell/ui-store.js';

const hasSsh = spawnSync('ssh', ['-V']).status === 0;

/** A loopback port that was free a moment ago (connections to it are refused). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

const worker: SwarmNode = {
  ID: 'node2id',
  Version: {Index: 1},
  Spec: {Role: 'worker', Availability: 'active'},
  Status: {State: 'ready', Addr: '127.0.0.1'},
  Description: {Hostname: 'node2'},
} as SwarmNode;

describe.skipIf(!hasSsh)("ssh arguments for the nodes' own engines", () => {
  let reach: NodeReach | undefined;
  const manager = resolveEndpoint({host: 'ssh://127.0.0.1', env: {}, homeDir: '/'});

  afterEach(() => {
    reach?.stop();
    reach = undefined;
    closeEndpointTransport(manager);
  });

  it("reaches an ssh:// node with the console's ssh arguments (its reason names the port they set)", async () => {
    const port = await closedPort();
    // -F /dev/null: the user's own ssh config plays no part.
    const sshArgs = ['-F', '/dev/null', '-o', `Port=${port}`];
    reach = startNodeReach({
      connection: {endpoint: manager, nodeId: 'node1id'},
      cluster: createClusterStore(),
      ui: createUiStore(),
      nodesVia: {template: 'ssh://{addr}'},
      sshArgs,
      intervalMs: 60_000,
      screenRows: () => 24,
    });
    const reached = await reach.pool.engine(worker);
    // ssh's own line once, with the hint: no "ssh: ssh:", and no errno code ssh never gave.
    expect(reached).toEqual({reason: `ssh: connect to host 127.0.0.1 port ${port}: Connection refused — is sshd running on that host and port?`});
  }, 20_000);
});

describe('the shell of x', () => {
  it("hands the helper the ssh arguments with the node's endpoint", async () => {
    const via = resolveEndpoint({host: 'ssh://node2', env: {}, homeDir: '/'});
    const pool = {
      engine: async () => ({engine: {} as NodeEngine, reach: {status: 'reached', endpoint: via.url, ncpu: 1, memTotal: 1}, via}),
    } as unknown as NodeReachPool;
    // The helper stands in as a script that returns the request it was given, as a failed helper reports its error.
    const shell = terminalTaskShell({
      pool,
      command: '/bin/sh',
      suspend: run => run(),
      programArgs: ['-e', 'process.stderr.write(process.env.SWARMTOP_EXEC); process.exit(199)'],
      sshArgs: ['-F', '/lab/ssh_config', '-o', 'UserKnownHostsFile=/lab/known_hosts'],
    });
    const task = {ID: 't1', NodeID: worker.ID, Status: {State: 'running', ContainerStatus: {ContainerID: 'c1'.repeat(32)}}} as SwarmTask;
    const result = await shell.open(task, worker);
    expect(result.tone).toBe('error');
    const request = decodeExecRequest(result.text.replace(/^shell on node2 could not start: /, ''));
    expect(request).toEqual({
      endpoint: via,
      containerId: 'c1'.repeat(32),
      command: ['/bin/sh'],
      sshArgs: ['-F', '/lab/ssh_config', '-o', 'UserKnownHostsFile=/lab/known_hosts'],
    });
  });
});

describe("ssh's reason for a node, in one line", () => {
  const refused = 'ssh: connect to host 10.213.0.13 port 22: Connection refused\n';

  it('says "ssh:" once and gives no errno code ssh never gave', () => {
    expect(describeError(sshFailure(sshReason(refused), '10.213.0.13'))).toBe(
      'ssh: connect to host 10.213.0.13 port 22: Connection refused — is sshd running on that host and port?',
    );
    // A reason without ssh's own prefix gets one.
    expect(describeError(sshFailure(sshReason('root@node3: Permission denied (publickey).\n'), 'node3'))).toMatch(
      /^ssh: root@node3: Permission denied \(publickey\)\. — swarmtop never asks for a password/,
    );
    // Other errors keep their code.
    expect(describeError(Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'}))).toBe('ECONNRESET: socket hang up');
  });

  it('reads the same at startup, after "over ssh:"', () => {
    const endpoint = resolveEndpoint({host: 'ssh://node3', env: {}, homeDir: '/'});
    expect(classifyStartupError(sshFailure(sshReason(refused), 'node3'), endpoint).message).toBe(
      'Cannot reach the Docker engine at ssh://node3 (from --host flag) over ssh: connect to host 10.213.0.13 port 22: Connection refused — is sshd running on that host and port?',
    );
  });
});
