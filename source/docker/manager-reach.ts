// How to reach another manager of the swarm when the one in use stops
// answering: through the node-reach template (--nodes-via), or with the same
// transport and user as the current endpoint, by the node's hostname and then
// by its manager address.

import os from 'node:os';
import {type Endpoint, endpointTarget, resolveEndpoint} from './endpoint.js';
import {type NodesVia, fillTemplate} from './nodes-via.js';
import type {SwarmNode} from './types.js';
import {urlHost} from './url-host.js';

/** A manager's address without the swarm port: "10.0.0.2:2377" → "10.0.0.2"; IPv6 keeps its brackets. */
export function managerHost(node: SwarmNode): string | undefined {
  const addr = node.ManagerStatus?.Addr ?? node.Status.Addr;
  if (!addr) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(addr);
  if (bracketed) return `[${bracketed[1]}]`;
  return addr.replace(/:\d+$/, '');
}

export interface ManagerCandidate {
  nodeId: string;
  hostname: string;
  endpoint: Endpoint;
}

/**
 * Where each other manager can be reached, most promising first: reachable
 * managers before the rest, the leader first among them. A unix socket
 * reaches only the machine it is on, so without a template it offers none.
 */
export function managerCandidates(
  nodes: readonly SwarmNode[],
  current: {endpoint: Endpoint; nodeId: string},
  options: {nodesVia?: NodesVia; env?: NodeJS.ProcessEnv} = {},
): ManagerCandidate[] {
  const rank = (node: SwarmNode) => (node.ManagerStatus?.Reachability === 'reachable' ? 0 : 1) * 2 + (node.ManagerStatus?.Leader ? 0 : 1);
  const managers = nodes.filter(node => node.Spec.Role === 'manager' && node.ManagerStatus && node.ID !== current.nodeId).sort((a, b) => rank(a) - rank(b));
  const target = endpointTarget(current.endpoint);
  const candidates: ManagerCandidate[] = [];
  for (const node of managers) {
    // Only a DNS name or an IP literal fills a URL: a node reporting anything else is not tried by it.
    const hostname = urlHost(node.Description?.Hostname) ?? '';
    const addr = urlHost(managerHost(node));
    const hosts: string[] = [];
    if (options.nodesVia) {
      const {template} = options.nodesVia;
      // A template naming a placeholder this node lacks can't be filled for it.
      if (template.includes('{hostname}') && !hostname) continue;
      if (template.includes('{addr}') && !addr) continue;
      candidates.push({nodeId: node.ID, hostname, endpoint: via(fillTemplate(template, hostname, addr ?? ''), '--nodes-via', options.env)});
      continue;
    }
    if (target.scheme === 'unix') continue;
    if (hostname) hosts.push(hostname);
    if (addr && addr !== hostname) hosts.push(addr);
    for (const host of hosts) {
      const url =
        target.scheme === 'ssh'
          ? `ssh://${target.username ? `${encodeURIComponent(target.username)}@` : ''}${host}${target.port === undefined ? '' : `:${target.port}`}`
          : `tcp://${host}:${target.port}`;
      const endpoint = via(url, `manager ${hostname || node.ID} of the swarm`, {});
      candidates.push({nodeId: node.ID, hostname, endpoint: current.endpoint.tls ? {...endpoint, tls: current.endpoint.tls} : endpoint});
    }
  }
  return candidates;
}

function via(url: string, source: string, env: NodeJS.ProcessEnv | undefined): Endpoint {
  // resolveEndpoint normalises the URL (and, for a template's tcp://, picks up TLS from the environment).
  return {...resolveEndpoint({host: url, env: env ?? {}, homeDir: os.homedir()}), source};
}
