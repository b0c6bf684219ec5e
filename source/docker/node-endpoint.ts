// Where each node's own engine is reached (for container stats, health, exec):
// through the --nodes-via template, or by default the way the manager is
// reached (the template itself: nodes-via.ts).

import os from 'node:os';
import {type Endpoint, endpointTarget, resolveEndpoint} from './endpoint.js';
import {type NodesVia, fillTemplate} from './nodes-via.js';
import type {SwarmNode} from './types.js';

/** The node's own address as the swarm reports it (Status.Addr), IPv6 in brackets for a URL. */
export function nodeAddress(node: SwarmNode): string | undefined {
  const addr = node.Status.Addr;
  if (!addr || addr === '0.0.0.0') return undefined;
  return addr.includes(':') && !addr.startsWith('[') ? `[${addr}]` : addr;
}

export interface NodeReachOptions {
  nodesVia?: NodesVia;
  /** How the manager is reached, and which node it is. */
  manager: {endpoint: Endpoint; nodeId: string};
  env?: NodeJS.ProcessEnv;
}

/** A node's engine endpoints, most promising first, or why there is none to try. */
export type NodeEndpoints = {endpoints: Endpoint[]} | {reason: string};

export function nodeEndpoints(node: SwarmNode, options: NodeReachOptions): NodeEndpoints {
  const hostname = node.Description?.Hostname ?? '';
  const addr = nodeAddress(node);
  const {nodesVia, manager} = options;
  if (nodesVia) {
    const {template} = nodesVia;
    if (template.includes('{hostname}') && !hostname) return {reason: 'the node reports no hostname for {hostname} in --nodes-via'};
    if (template.includes('{addr}') && !addr) return {reason: 'the node reports no address for {addr} in --nodes-via'};
    try {
      return {endpoints: [via(fillTemplate(template, hostname, addr ?? ''), '--nodes-via', options.env ?? process.env, manager.endpoint)]};
    } catch (error) {
      return {reason: error instanceof Error ? error.message : String(error)};
    }
  }
  if (node.ID === manager.nodeId) return {endpoints: [manager.endpoint]};
  const target = endpointTarget(manager.endpoint);
  if (target.scheme === 'unix') {
    return {reason: 'the manager is reached by a local socket, which reaches no other node: give --nodes-via (e.g. ssh://user@{hostname})'};
  }
  const hosts = [...new Set([hostname, addr].filter((host): host is string => Boolean(host)))];
  if (hosts.length === 0) return {reason: 'the node reports neither a hostname nor an address'};
  const endpoints = hosts.map(host => {
    if (target.scheme === 'ssh') {
      const user = target.username ? `${encodeURIComponent(target.username)}@` : '';
      const port = 'port' in target && target.port !== undefined && target.port !== 22 ? `:${target.port}` : '';
      return via(`ssh://${user}${host}${port}`, `the manager's ssh user at node ${hostname || node.ID}`, {}, manager.endpoint);
    }
    return via(`tcp://${host}:${target.port}`, `the manager's port at node ${hostname || node.ID}`, {}, manager.endpoint);
  });
  return {endpoints};
}

// A tcp:// node endpoint uses the manager's TLS settings unless the environment gave it its own.
function via(url: string, source: string, env: NodeJS.ProcessEnv, manager: Endpoint): Endpoint {
  const endpoint = {...resolveEndpoint({host: url, env, homeDir: os.homedir()}), source};
  if (endpointTarget(endpoint).scheme === 'tcp' && !endpoint.tls && manager.tls) return {...endpoint, tls: manager.tls};
  return endpoint;
}
