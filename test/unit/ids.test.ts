// Identifiers from engine answers reach a URL only when they have the engine's
// own shape, and node hosts fill a URL only when they are a DNS name or an IP
// literal. Each check runs against a real HTTP server on a unix socket that
// records every request: a refused value sends nothing, an accepted one is sent.

import {mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createDockerClient} from '../../source/docker/client-options.js';
import {resolveEndpoint} from '../../source/docker/endpoint.js';
import {UnsafeIdError, containerId, networkId, shown, swarmId} from '../../source/docker/ids.js';
import {LogResource} from '../../source/docker/logs.js';
import {managerCandidates} from '../../source/docker/manager-reach.js';
import {DockerNodeEngine, type NodeEngine} from '../../source/docker/node-engine.js';
import {nodeEndpoints} from '../../source/docker/node-endpoint.js';
import {NodeResource} from '../../source/docker/nodes.js';
import {parseNodesVia} from '../../source/docker/nodes-via.js';
import {ServiceResource} from '../../source/docker/services.js';
import type {SwarmNode} from '../../source/docker/types.js';
import {urlHost} from '../../source/docker/url-host.js';
import {NodeReachPool} from '../../source/model/node-reach-pool.js';

const CLIMBING = '../../swarm/leave?force=true#/exec';
const CONTAINER = 'a'.repeat(64);
const SERVICE = 'abcdefghijklmnopqrstuvw12';

/** An engine on a unix socket recording `METHOD path` of every request; it answers what `answer` says, else `{}`. */
async function recordingEngine(answer: (request: http.IncomingMessage) => unknown = () => ({})) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ids-test-'));
  const socketPath = path.join(dir, 'engine.sock');
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    request.resume();
    request.on('end', () => {
      response.writeHead(200, {'Content-Type': 'application/json'});
      response.end(JSON.stringify(answer(request)));
    });
  });
  await new Promise<void>(resolve => server.listen(socketPath, resolve));
  const endpoint = resolveEndpoint({host: `unix://${socketPath}`, env: {}, homeDir: '/'});
  return {
    endpoint,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      rmSync(dir, {recursive: true, force: true});
    },
  };
}

let open: {close(): Promise<void>}[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  for (const engine of open.splice(0)) await engine.close();
  open = [];
});

async function engine(answer?: (request: http.IncomingMessage) => unknown) {
  const recording = await recordingEngine(answer);
  open.push(recording);
  return recording;
}

describe('identifier parsers', () => {
  it("take the engine's own shapes", () => {
    expect(containerId(CONTAINER)).toBe(CONTAINER);
    expect(swarmId(SERVICE, 'service')).toBe(SERVICE);
    expect(networkId(SERVICE)).toBe(SERVICE);
    expect(networkId(CONTAINER)).toBe(CONTAINER);
  });

  it('refuse anything else, naming the value with its controls escaped', () => {
    expect(() => containerId(CLIMBING)).toThrow(`refused container ID "${CLIMBING}"`);
    expect(() => containerId(CONTAINER.toUpperCase())).toThrow(UnsafeIdError);
    expect(() => containerId(`${CONTAINER}a`)).toThrow(UnsafeIdError);
    expect(() => swarmId(`${SERVICE.slice(1)}/`, 'node')).toThrow(/refused node ID/);
    expect(() => swarmId(undefined, 'task')).toThrow(/refused task ID undefined/);
    expect(() => networkId('a'.repeat(30))).toThrow(/refused network ID/);
    const hostile = '\u001b]0;owned\u0007\u202eabc';
    expect(shown(hostile)).toBe('"\\x1b]0;owned\\x07\\u{202e}abc"');
    expect(() => swarmId(hostile, 'service')).toThrow(/^refused service ID "\\x1b\]0;owned\\x07\\u\{202e\}abc"/);
  });
});

describe('node engine requests', () => {
  it('send a checked container ID, and refuse a path-climbing one without a request', async () => {
    const {endpoint, requests} = await engine();
    const node = DockerNodeEngine.connect(endpoint);
    closers.push(() => node.close());
    await node.stats(CONTAINER);
    await node.inspect(CONTAINER);
    expect(requests).toEqual([`GET /containers/${CONTAINER}/stats?stream=false&one-shot=true`, `GET /containers/${CONTAINER}/json`]);
    requests.length = 0;
    await expect(node.stats(CLIMBING)).rejects.toThrow(UnsafeIdError);
    await expect(node.inspect(CLIMBING)).rejects.toThrow(UnsafeIdError);
    await expect(node.oomEventLogged(CLIMBING, {since: 0, until: 1000})).rejects.toThrow(UnsafeIdError);
    await expect(node.exec(CLIMBING, ['/bin/sh'], {rows: 24, columns: 80})).rejects.toThrow(/refused container ID "\.\.\/\.\.\/swarm/);
    expect(requests).toEqual([]);
  });

  it('do not start an exec whose ID, as the engine answered it, would climb the path', async () => {
    const {endpoint, requests} = await engine(request => (request.url?.endsWith('/exec') ? {Id: '../../swarm/leave?force=true#'} : {}));
    const node = DockerNodeEngine.connect(endpoint);
    closers.push(() => node.close());
    await expect(node.exec(CONTAINER, ['/bin/sh'], {rows: 24, columns: 80})).rejects.toThrow(/refused exec ID/);
    expect(requests).toEqual([`POST /containers/${CONTAINER}/exec`]);
  });
});

describe('manager requests', () => {
  it('check service, node and task IDs before any request', async () => {
    const {endpoint, requests} = await engine(() => ({
      ID: SERVICE,
      Version: {Index: 3},
      Spec: {Name: 'web', Mode: {Replicated: {Replicas: 1}}, TaskTemplate: {}},
    }));
    const docker = createDockerClient(endpoint);
    const services = new ServiceResource(docker);
    await services.scale(SERVICE, 2);
    expect(requests).toEqual([`GET /services/${SERVICE}`, `POST /services/${SERVICE}/update?version=3`]);
    requests.length = 0;
    await expect(services.scale(CLIMBING, 2)).rejects.toThrow(/refused service ID/);
    await expect(services.remove(CLIMBING)).rejects.toThrow(/refused service ID/);
    await expect(services.rollback(CLIMBING)).rejects.toThrow(/refused service ID/);
    await expect(new NodeResource(docker).setAvailability(CLIMBING, 'drain')).rejects.toThrow(/refused node ID/);
    await expect(new LogResource(docker).openLogs({kind: 'task', id: CLIMBING}, {follow: false, timestamps: false, tty: false})).rejects.toThrow(
      /refused task ID/,
    );
    expect(requests).toEqual([]);
  });
});

function node(id: string, hostname: string | undefined, addr: string | undefined, manager = false): SwarmNode {
  return {
    ID: id,
    Version: {Index: 1},
    Spec: {Role: manager ? 'manager' : 'worker', Availability: 'active'},
    Status: {State: 'ready', ...(addr ? {Addr: addr} : {})},
    ...(manager && addr ? {ManagerStatus: {Addr: `${addr}:2377`, Reachability: 'reachable'}} : {}),
    ...(hostname ? {Description: {Hostname: hostname}} : {}),
  } as SwarmNode;
}

describe('node hosts in URLs', () => {
  const sshManager = resolveEndpoint({host: 'ssh://admin@mgr:2222', env: {}, homeDir: '/'});
  const manager = {endpoint: sshManager, nodeId: 'n1'};

  it('take DNS names and IP literals only', () => {
    for (const good of ['node-2', 'node2.example.org', 'node2.example.org.', '10.0.0.2', '[fe80::1]', 'n_2']) expect(urlHost(good)).toBe(good);
    for (const bad of [
      'evil@host',
      'host:2375',
      'host?x',
      'host#x',
      '../x',
      'a/b',
      '-oProxyCommand=x',
      'host-',
      '[nope]',
      'a..b',
      '',
      'ä',
      'a b',
      'x'.repeat(64),
    ]) {
      expect(urlHost(bad), bad).toBeUndefined();
    }
  });

  it('never let a reported hostname change the user, port, host or socket path; the other nodes go on', () => {
    const nodesVia = parseNodesVia('ssh://admin@{hostname}:2222');
    const hostile = ['evil@attacker', 'attacker:22', 'x?y', 'x#y', '../../run/docker'];
    for (const hostname of hostile) {
      expect(nodeEndpoints(node('n2', hostname, '10.0.0.2'), {nodesVia, manager})).toEqual({reason: expect.stringMatching(/^hostname not usable in a URL: "/)});
    }
    expect(nodeEndpoints(node('n3', 'node3', '10.0.0.3'), {nodesVia, manager})).toEqual({
      endpoints: [expect.objectContaining({url: 'ssh://admin@node3:2222'})],
    });
    const socketVia = parseNodesVia('unix:///run/stlab/{hostname}.sock');
    expect(nodeEndpoints(node('n2', '../../etc/x', '10.0.0.2'), {nodesVia: socketVia, manager})).toEqual({
      reason: expect.stringMatching(/not usable in a URL/),
    });
    const addrVia = parseNodesVia('tcp://{addr}:2375');
    expect(nodeEndpoints(node('n2', 'node2', '10.0.0.2@evil'), {nodesVia: addrVia, manager})).toEqual({
      reason: expect.stringMatching(/address not usable in a URL/),
    });
  });

  it('by default try only the usable host, and say so when there is none', () => {
    expect(nodeEndpoints(node('n2', 'evil@attacker', '10.0.0.2'), {manager})).toEqual({
      endpoints: [expect.objectContaining({url: 'ssh://admin@10.0.0.2:2222'})],
    });
    expect(nodeEndpoints(node('n2', 'evil@attacker', 'x:1'), {manager})).toEqual({reason: 'hostname not usable in a URL: "evil@attacker"'});
    const candidates = managerCandidates([node('m2', 'evil@attacker', '10.0.0.5', true), node('m3', 'mgr3', '10.0.0.6', true)], manager);
    expect(candidates.map(candidate => candidate.endpoint.url)).toEqual(['ssh://admin@10.0.0.5:2222', 'ssh://admin@mgr3:2222', 'ssh://admin@10.0.0.6:2222']);
  });
});

describe('node identity', () => {
  const reached = (nodeId: string): NodeEngine => ({info: async () => ({ncpu: 1, memTotal: 1, nodeId}), close() {}}) as unknown as NodeEngine;

  it('holds when the engine reports no node ID: not reached', async () => {
    const endpoint = resolveEndpoint({host: 'tcp://node2:2375', env: {}, homeDir: '/'});
    for (const [reported, expected] of [
      ['', /reports no swarm node ID/],
      ['other', /is the engine of node other/],
    ] as const) {
      const pool = new NodeReachPool({endpointsFor: () => ({endpoints: [endpoint]}), connect: () => reached(reported)});
      expect(await pool.engine(node('n2', 'node2', '10.0.0.2'))).toEqual({reason: expect.stringMatching(expected)});
    }
    const pool = new NodeReachPool({endpointsFor: () => ({endpoints: [endpoint]}), connect: () => reached('n2')});
    expect(await pool.engine(node('n2', 'node2', '10.0.0.2'))).toMatchObject({reach: {status: 'reached'}});
  });
});
