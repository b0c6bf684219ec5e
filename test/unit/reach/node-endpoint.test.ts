import {describe, expect, it} from 'vitest';
import {nodeEndpoints} from '../../../source/docker/node-endpoint.js';
import {parseNodesVia} from '../../../source/docker/nodes-via.js';
import type {Endpoint} from '../../../source/docker/endpoint.js';
import type {SwarmNode} from '../../../source/docker/types.js';

function node(id: string, hostname: string | undefined, addr: string | undefined): SwarmNode {
  return {
    ID: id,
    Version: {Index: 1},
    Spec: {Role: 'worker', Availability: 'active'},
    Status: {State: 'ready', ...(addr ? {Addr: addr} : {})},
    ...(hostname ? {Description: {Hostname: hostname}} : {}),
  } as SwarmNode;
}

const unixManager: Endpoint = {url: 'unix:///var/run/docker.sock', source: 'default socket'};
const sshManager: Endpoint = {url: 'ssh://admin@mgr:2222', source: '--host flag'};
const tls = {verify: true, dir: '/certs', ca: Buffer.from('ca')};
const tcpManager: Endpoint = {url: 'tcp://mgr:2376', source: '--host flag', tls};

describe('--nodes-via', () => {
  it('takes a URL with {hostname} or {addr}', () => {
    expect(parseNodesVia(' unix:///run/docker-{hostname}.sock ')).toEqual({template: 'unix:///run/docker-{hostname}.sock'});
    expect(parseNodesVia('ssh://admin@{addr}').template).toBe('ssh://admin@{addr}');
  });

  it('refuses a template without placeholders, with an unknown one, or with a bad scheme', () => {
    expect(() => parseNodesVia('ssh://admin@node1')).toThrow(/needs \{hostname\} or \{addr\}/);
    expect(() => parseNodesVia('ssh://{user}@{hostname}')).toThrow(/unknown placeholder \{user\}/);
    expect(() => parseNodesVia('http://{hostname}')).toThrow(/Invalid --nodes-via/);
  });

  it('fills the template per node', () => {
    const nodesVia = parseNodesVia('unix:///run/stlab/{hostname}.sock');
    const found = nodeEndpoints(node('n2', 'node2', '10.0.0.2'), {nodesVia, manager: {endpoint: unixManager, nodeId: 'n1'}});
    expect(found).toEqual({endpoints: [expect.objectContaining({url: 'unix:///run/stlab/node2.sock', source: '--nodes-via'})]});
  });

  it('gives a tcp template the manager TLS settings', () => {
    const nodesVia = parseNodesVia('tcp://{addr}:2376');
    const found = nodeEndpoints(node('n2', 'node2', '10.0.0.2'), {nodesVia, manager: {endpoint: tcpManager, nodeId: 'n1'}, env: {}});
    expect('endpoints' in found && found.endpoints[0]).toEqual(expect.objectContaining({url: 'tcp://10.0.0.2:2376', tls}));
  });

  it('says why a node has no endpoint when the template needs what the node lacks', () => {
    const nodesVia = parseNodesVia('ssh://admin@{addr}');
    expect(nodeEndpoints(node('n2', 'node2', undefined), {nodesVia, manager: {endpoint: sshManager, nodeId: 'n1'}})).toEqual({
      reason: expect.stringMatching(/no address/),
    });
  });
});

describe('default node endpoints', () => {
  it('reaches the manager node the way the manager is reached', () => {
    expect(nodeEndpoints(node('n1', 'node1', '10.0.0.1'), {manager: {endpoint: unixManager, nodeId: 'n1'}})).toEqual({endpoints: [unixManager]});
  });

  it('with a local socket, reaches no other node, and says so', () => {
    expect(nodeEndpoints(node('n2', 'node2', '10.0.0.2'), {manager: {endpoint: unixManager, nodeId: 'n1'}})).toEqual({
      reason: expect.stringMatching(/local socket.*--nodes-via/),
    });
  });

  it('with an ssh manager: the same user and port at the hostname, then at the address', () => {
    const found = nodeEndpoints(node('n2', 'node2', '10.0.0.2'), {manager: {endpoint: sshManager, nodeId: 'n1'}});
    expect('endpoints' in found && found.endpoints.map(endpoint => endpoint.url)).toEqual(['ssh://admin@node2:2222', 'ssh://admin@10.0.0.2:2222']);
  });

  it('with a tcp manager: its port and TLS at each node', () => {
    const found = nodeEndpoints(node('n2', 'node2', '10.0.0.2'), {manager: {endpoint: tcpManager, nodeId: 'n1'}});
    expect('endpoints' in found && found.endpoints).toEqual([
      expect.objectContaining({url: 'tcp://node2:2376', tls}),
      expect.objectContaining({url: 'tcp://10.0.0.2:2376', tls}),
    ]);
  });
});
