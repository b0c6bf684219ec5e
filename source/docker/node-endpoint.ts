// Where each node's own engine is reached (for container stats, health, exec):
// through the --nodes-via template, or by default the way the manager is
// reached (the template itself: nodes-via.ts).

import os from 'node:os';
import {type Endpoint, endpointTarget, resolveEndpoint} from './endpoint.js';
import {type NodesVia, fillTemplate} from './nodes-via.js';
import {shown} from './ids.js';
import type {SwarmNode} from './types.js';
import {UNUSABLE_HOST, type UrlHost, urlHost} from './url-host.js';

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
  // What the node reports, and the part of it usable in a URL (a DNS name or an IP literal).
  const reportedHostname = node.Description?.Hostname ?? '';
  const reportedAddr = nodeAddress(node);
  const hostname = urlHost(reportedHostname);
  const addr = urlHost(reportedAddr);
  const name = hostname ?? node.ID;
  const {nodesVia, manager} = options;
  if (nodesVia) {
    const {template} = nodesVia;
    if (template.includes('{hostname}') && !reportedHostname) return {reason: 'the node reports no hostname for {hostname} in --nodes-via'};
    if (template.includes('{addr}') && !reportedAddr) return {reason: 'the node reports no address for {addr} in --nodes-via'};
    if (template.includes('{hostname}') && !hostname) return {reason: `${UNUSABLE_HOST}: ${shown(reportedHostname)}`};
    if (template.includes('{addr}') && !addr) return {reason: `address not usable in a URL: ${shown(reportedAddr)}`};
    try {
      return {endpoints: [via(fillTemplate(template, hostname ?? '', addr ?? ''), '--nodes-via', options.env ?? process.env, manager.endpoint)]};
    } catch (error) {
      return {reason: error instanceof Error ? error.message : String(error)};
    }
  }
  if (node.ID === manager.nodeId) return {endpoints: [manager.endpoint]};
  const target = endpointTarget(manager.endpoint);
  if (target.scheme === 'unix') {
    return {reason: 'the manager is reached by a local socket, which reaches no other node: give --nodes-via (e.g. ssh://user@{hostname})'};
  }
  const hosts = [...new Set([hostname, addr].filter((host): host is UrlHost => Boolean(host)))];
  if (hosts.length === 0) {
    if (reportedHostname || reportedAddr) return {reason: `${UNUSABLE_HOST}: ${shown(reportedHostname || reportedAddr)}`};
    return {reason: 'the node reports neither a hostname nor an address'};
  }
  const endpoints = hosts.map(host => {
    if (target.scheme === 'ssh') {
      const user = target.username ? `${encodeURIComponent(target.username)}@` : '';
      const port = 'port' in target && target.port !== undefined && target.port !== 22 ? `:${target.port}` : '';
      return via(`ssh://${user}${host}${port}`, `the manager's ssh user at node ${name}`, {}, manager.endpoint);
    }
    return via(`tcp://${host}:${target.port}`, `the manager's port at node ${name}`, {}, manager.endpoint);
  });
  return {endpoints};
}

// A tcp:// node endpoint uses the manager's TLS settings unless the environment gave it its own.
function via(url: string, source: string, env: NodeJS.ProcessEnv, manager: Endpoint): Endpoint {
  const endpoint = {...resolveEndpoint({host: url, env, homeDir: os.homedir()}), source};
  if (endpointTarget(endpoint).scheme === 'tcp' && !endpoint.tls && manager.tls) return {...endpoint, tls: manager.tls};
  return endpoint;
}
