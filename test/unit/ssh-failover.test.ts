import {describe, expect, it} from 'vitest';
import {managerCandidates} from '../../source/docker/manager-reach.js';
import {parseNodesVia} from '../../source/docker/nodes-via.js';
import {StartupError} from '../../source/docker/startup-error.js';
import {sshArgsFrom, sshArgv, sshHint, sshReason} from '../../source/docker/ssh-transport.js';
import type {SwarmNode} from '../../source/docker/types.js';
import {applyFailure, applySnapshot, createClusterStore} from '../../source/model/cluster-store.js';
import {ManagerFailover, type ManagerInUse} from '../../source/model/manager-failover.js';

describe('the ssh command line', () => {
  it('passes user and port only when the endpoint names them, the host after --', () => {
    expect(sshArgv({host: 'prod-mgr'}, ['-o', 'BatchMode=yes'], ['docker', 'system', 'dial-stdio'])).toEqual([
      '-o',
      'BatchMode=yes',
      '--',
      'prod-mgr',
      'docker',
      'system',
      'dial-stdio',
    ]);
    expect(sshArgv({host: 'm1', user: 'ops', port: 2222}, [], [])).toEqual(['-l', 'ops', '-p', '2222', '--', 'm1']);
    // A host that looks like an option stays a host.
    expect(sshArgv({host: '-oProxyCommand=x'}, [], [])).toEqual(['--', '-oProxyCommand=x']);
  });

  it('takes raw arguments from SWARMTOP_SSH_OPTS and Key=Value options from --ssh-opt', () => {
    expect(sshArgsFrom(['UserKnownHostsFile=/tmp/kh', 'Port = 2200'], ' -F /etc/alt_config ')).toEqual([
      '-F',
      '/etc/alt_config',
      '-o',
      'UserKnownHostsFile=/tmp/kh',
      '-o',
      'Port = 2200',
    ]);
    expect(() => sshArgsFrom(['-F'], undefined)).toThrow('--ssh-opt takes an ssh option as Key=Value, like ssh -o (got "-F")');
  });
});

describe("ssh's reason, on one line", () => {
  it('joins "Host key verification failed" with the line that says which key and why', () => {
    const unknown = 'No ED25519 host key is known for 10.0.0.1 and you have requested strict checking.\nHost key verification failed.\n';
    expect(sshReason(unknown)).toBe('Host key verification failed: No ED25519 host key is known for 10.0.0.1 and you have requested strict checking.');
    const changed = [
      '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
      '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
      '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
      'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
      'Offending ED25519 key in /tmp/kh:1',
      'Host key for 10.0.0.1 has changed and you have requested strict checking.',
      'Host key verification failed.',
    ].join('\n');
    expect(sshReason(changed)).toBe('Host key verification failed: Host key for 10.0.0.1 has changed and you have requested strict checking.');
  });

  it('keeps the last line otherwise, and gives a hint for the common refusals', () => {
    expect(sshReason('Warning: Permanently added x\nroot@10.0.0.1: Permission denied (publickey).\n')).toBe('root@10.0.0.1: Permission denied (publickey).');
    expect(sshHint('root@h: Permission denied (publickey).', 'h')).toMatch(/never asks for a password/);
    expect(sshHint('ssh: Could not resolve hostname prod-mgr: Name or service not known', 'prod-mgr')).toMatch(/Host alias in ~\/.ssh\/config/);
    expect(sshHint('Host key verification failed', 'h')).toMatch(/run `ssh h` once/);
    expect(sshReason('')).toBe('');
  });
});

const node = (id: string, hostname: string, addr: string, manager: {leader?: boolean; reachable?: boolean} | undefined): SwarmNode => ({
  ID: id,
  Version: {Index: 1},
  Spec: {Role: manager ? 'manager' : 'worker', Availability: 'active'},
  Description: {Hostname: hostname},
  Status: {State: 'ready', Addr: addr},
  ...(manager
    ? {ManagerStatus: {Leader: manager.leader ?? false, Reachability: manager.reachable === false ? 'unreachable' : 'reachable', Addr: `${addr}:2377`}}
    : {}),
});

const nodes = [
  node('n1', 'node1', '10.0.0.1', {leader: true}),
  node('n2', 'node2', '10.0.0.2', {reachable: false}),
  node('n3', 'node3', '10.0.0.3', {}),
  node('w4', 'worker4', '10.0.0.4', undefined),
];

describe('--nodes-via', () => {
  it('accepts a URL with {hostname} or {addr} and refuses anything else with a clear message', () => {
    expect(parseNodesVia(' ssh://admin@{addr}:2222 ')).toEqual({template: 'ssh://admin@{addr}:2222'});
    expect(parseNodesVia('unix:///run/stlab/{hostname}.sock')).toEqual({template: 'unix:///run/stlab/{hostname}.sock'});
    expect(() => parseNodesVia('ssh://admin@manager')).toThrow(/needs \{hostname\} or \{addr\}/);
    expect(() => parseNodesVia('ssh://{host}/{addr}')).toThrow(/unknown placeholder \{host\}/);
    expect(() => parseNodesVia('ftp://{addr}')).toThrow(StartupError);
    expect(() => parseNodesVia('ftp://{addr}')).toThrow(/unsupported scheme ftp:\/\//);
  });
});

describe('the other managers to try', () => {
  it('fills the template per manager, reachable ones first, never the one lost nor a worker', () => {
    const current = {endpoint: {url: 'unix:///run/stlab/node1.sock', source: '--host flag'}, nodeId: 'n1'};
    const candidates = managerCandidates(nodes, current, {nodesVia: parseNodesVia('unix:///run/stlab/{hostname}.sock')});
    expect(candidates.map(c => [c.nodeId, c.endpoint.url, c.endpoint.source])).toEqual([
      ['n3', 'unix:///run/stlab/node3.sock', '--nodes-via'],
      ['n2', 'unix:///run/stlab/node2.sock', '--nodes-via'],
    ]);
    expect(managerCandidates(nodes, current)).toEqual([]);
  });

  it('keeps the transport, user and port of an ssh endpoint: by hostname, then by manager address', () => {
    const current = {endpoint: {url: 'ssh://ops@node2:2200', source: 'DOCKER_HOST'}, nodeId: 'n2'};
    expect(managerCandidates(nodes, current).map(c => c.endpoint.url)).toEqual([
      'ssh://ops@node1:2200',
      'ssh://ops@10.0.0.1:2200',
      'ssh://ops@node3:2200',
      'ssh://ops@10.0.0.3:2200',
    ]);
    const noUser = {endpoint: {url: 'ssh://mgr-alias', source: '--host flag'}, nodeId: 'n1'};
    expect(managerCandidates(nodes, noUser).map(c => c.endpoint.url)).toContain('ssh://10.0.0.3');
  });
});

describe('manager failover', () => {
  type Conn = {name: string};
  const inUse = (nodeId: string, hostname: string): ManagerInUse<Conn> => ({nodeId, hostname, describe: `ep-${hostname}`, connection: {name: hostname}});

  function setup(answering: Record<string, boolean>, clock = {now: 0}) {
    const store = createClusterStore();
    applySnapshot(store, {nodes, services: [], tasks: []}, 1);
    const adopted: string[] = [];
    const closed: string[] = [];
    const failover = new ManagerFailover<Conn>({
      store,
      current: inUse('n1', 'node1'),
      candidates: (list, current) => managerCandidates(list, {endpoint: {url: 'ssh://node1', source: 'x'}, nodeId: current.nodeId}),
      open: async candidate => {
        if (!answering[candidate.endpoint.url]) throw new Error(`no answer from ${candidate.endpoint.url}`);
        return inUse(candidate.nodeId, candidate.hostname);
      },
      close: connection => closed.push(connection.name),
      adopt: (next, previous) => adopted.push(`${previous.hostname}->${next.hostname}`),
      now: () => clock.now,
    });
    return {store, failover, adopted, closed};
  }

  it('moves to the best manager that answers when the link is lost, and the header route says so', async () => {
    const {store, failover, adopted, closed} = setup({'ssh://node2': true, 'ssh://10.0.0.3': true});
    failover.start();
    applyFailure(store, 'connect ECONNREFUSED', 2, 3);
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(adopted).toEqual(['node1->node3']);
    expect(closed).toEqual(['node2']);
    expect(store.getState().manager).toEqual({via: 'node3', lost: 'node1', endpoint: 'ep-node3'});
    expect(failover.inUse.hostname).toBe('node3');
    failover.stop();
  });

  it('stays (banner and all) when no other manager answers, and tries again on the next failure', async () => {
    const answering: Record<string, boolean> = {};
    const {store, failover, adopted} = setup(answering);
    failover.start();
    applyFailure(store, 'gone', 2, 3);
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(adopted).toEqual([]);
    expect(store.getState().manager).toBeUndefined();
    expect(store.getState().link.status).toBe('lost');
    answering['ssh://10.0.0.2'] = true;
    applyFailure(store, 'gone', 4, 5);
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(adopted).toEqual(['node1->node2']);
    failover.stop();
  });

  it('gives a manager it just moved to time to settle (a new leader is being elected) before moving again', async () => {
    const clock = {now: 0};
    const {store, failover, adopted} = setup({'ssh://node2': true, 'ssh://10.0.0.3': true, 'ssh://node1': true}, clock);
    failover.start();
    applyFailure(store, 'gone', 2, 3);
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(adopted).toEqual(['node1->node3']);
    clock.now = 15_000;
    applyFailure(store, 'no answer within 5s', 4, 5);
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(adopted).toEqual(['node1->node3']);
    clock.now = 25_000;
    applyFailure(store, 'no answer within 5s', 6, 7);
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(adopted).toEqual(['node1->node3', 'node3->node1']);
    failover.stop();
  });
});

describe('refreshing on the new manager', () => {
  it('drops the refresh under way and starts one at once, its backoff forgotten', async () => {
    const {Refresher} = await import('../../source/model/refresher.js');
    const failures: number[] = [];
    let calls = 0;
    let release: (() => void) | undefined;
    const refresher = new Refresher({
      intervalMs: 60_000,
      refresh: signal =>
        new Promise<void>((resolve, reject) => {
          calls += 1;
          // The first refresh hangs on the manager left behind; the next one answers.
          if (calls === 1) signal.addEventListener('abort', () => reject(signal.reason), {once: true});
          else release = resolve;
          if (calls > 1) resolve();
        }),
      onFailure: (_error, count) => failures.push(count),
    });
    refresher.start();
    await new Promise(resolve => setTimeout(resolve, 5));
    expect(calls).toBe(1);
    refresher.restartNow();
    await new Promise(resolve => setTimeout(resolve, 5));
    expect(calls).toBe(2);
    expect(failures).toEqual([1]);
    release?.();
    refresher.stop();
  });
});
