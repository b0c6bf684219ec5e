// The swarm pane's text: what `docker info` and `docker swarm join-token`
// tell about the cluster, in one place. Pure; the document screen makes every
// line inert when drawing it.

import {X509Certificate} from 'node:crypto';
import type {SwarmInfo, SwarmNode} from '../docker/types.js';
import {summarize} from '../model/summary.js';
import {formatDuration} from './format.js';
import {humanDuration} from './format.js';
import {managerStatus, nodeName} from './nodes.js';

export interface SwarmPaneOptions {
  now: number;
  /** Join tokens shown in full; otherwise masked. */
  revealTokens: boolean;
  /** How to reveal them, when it is possible at all (not in read-only mode). */
  revealKey?: string;
}

/** When the swarm's root CA certificate expires, read from its PEM; undefined if it can't be parsed. */
export function caExpiry(trustRoot: string | undefined): Date | undefined {
  if (!trustRoot) return undefined;
  try {
    return new Date(new X509Certificate(trustRoot).validTo);
  } catch {
    return undefined;
  }
}

function when(iso: string | undefined, now: number): string | undefined {
  if (!iso) return undefined;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const distance = humanDuration(Math.abs(now - at));
  return `${iso} (${at <= now ? `${distance} ago` : `in ${distance}`})`;
}

function field(name: string, value: string | number | boolean | undefined): string[] {
  if (value === undefined || value === '') return [];
  const shown = typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
  return [`  ${`${name}:`.padEnd(36)}${shown}`];
}

/** The address workers and managers join at: the leader's raft address. */
export function joinAddress(nodes: readonly SwarmNode[]): string | undefined {
  const leader = nodes.find(node => node.ManagerStatus?.Leader) ?? nodes.find(node => node.ManagerStatus?.Addr);
  return leader?.ManagerStatus?.Addr;
}

export function maskToken(token: string): string {
  // SWMTKN-1-<root CA digest>-<secret>: the prefix says what it is; the rest is the secret.
  return token.replace(/^(SWMTKN-1-).*$/, '$1' + '•'.repeat(12));
}

export function joinCommand(token: string | undefined, address: string | undefined, reveal: boolean): string {
  if (!token) return '(no token: this engine did not return one)';
  return `docker swarm join --token ${reveal ? token : maskToken(token)} ${address ?? '<manager-address>:2377'}`;
}

/** `setAside`: one line per list whose unreadable objects the last read set aside. */
export function swarmLines(
  swarm: SwarmInfo | undefined,
  nodes: readonly SwarmNode[],
  options: SwarmPaneOptions & {unreadable?: string; setAside?: readonly string[]},
): string[] {
  // First, where it is seen: what the engine sent that the panes could not show.
  const setAside = options.setAside?.length ? ['Unreadable objects (set aside; the rest is shown)', ...options.setAside.map(line => `  ${line}`), ''] : [];
  if (!swarm) {
    return [
      ...setAside,
      options.unreadable
        ? `Could not read the swarm object (GET /swarm): ${options.unreadable}`
        : 'The swarm object has not been read yet (GET /swarm answers on managers only).',
    ];
  }
  const spec = swarm.Spec ?? {};
  const summary = summarize({nodes: [...nodes], services: [], tasks: []});
  const expiry = caExpiry(swarm.TLSInfo?.TrustRoot);
  const lines: string[] = [...setAside, 'Cluster'];
  lines.push(
    ...field('ID', swarm.ID),
    ...field('Name', spec.Name),
    ...field('Created', when(swarm.CreatedAt, options.now)),
    ...field('Updated', when(swarm.UpdatedAt, options.now)),
    ...field('Data path port', swarm.DataPathPort),
    ...field('Default address pool', swarm.DefaultAddrPool?.join(', ')),
    ...field('Subnet size', swarm.SubnetSize),
  );
  lines.push('', 'Orchestration', ...field('Task history retention limit', spec.Orchestration?.TaskHistoryRetentionLimit));
  const raft = spec.Raft ?? {};
  lines.push(
    '',
    'Raft',
    ...field('Snapshot interval', raft.SnapshotInterval),
    ...field('Number of old snapshots to retain', raft.KeepOldSnapshots),
    ...field('Log entries for slow followers', raft.LogEntriesForSlowFollowers),
    ...field('Election tick', raft.ElectionTick),
    ...field('Heartbeat tick', raft.HeartbeatTick),
  );
  lines.push('', 'Dispatcher', ...field('Heartbeat period', formatDuration(spec.Dispatcher?.HeartbeatPeriod)));
  lines.push(
    '',
    'CA',
    ...field('Root CA certificate expires', expiry ? when(expiry.toISOString(), options.now) : 'unknown'),
    ...field('Node certificate expiry', spec.CAConfig?.NodeCertExpiry ? formatDuration(spec.CAConfig.NodeCertExpiry) : undefined),
    ...field('External CAs', spec.CAConfig?.ExternalCAs?.map(ca => ca.URL).join(', ') || 'none'),
    ...field('Root rotation in progress', swarm.RootRotationInProgress ?? false),
    ...field('Autolock managers', spec.EncryptionConfig?.AutoLockManagers ? 'on' : 'off'),
  );
  const managers = nodes.filter(node => node.ManagerStatus || node.Spec.Role === 'manager');
  const tolerance = `tolerates ${summary.faultTolerance} manager failure${summary.faultTolerance === 1 ? '' : 's'}`;
  const quorumState = summary.quorumLost ? 'QUORUM LOST' : `quorum ${summary.quorum} of ${summary.managersTotal}`;
  lines.push('', `Managers: ${summary.managersReachable} of ${summary.managersTotal} reachable · ${quorumState} · ${tolerance}`);
  if (summary.evenManagers) lines.push('  (an even number of managers adds no fault tolerance over one fewer)');
  for (const node of managers) {
    lines.push(`  ${nodeName(node).padEnd(24)}${(managerStatus(node) || '-').padEnd(14)}${node.ManagerStatus?.Addr ?? ''}`);
  }
  const address = joinAddress(nodes);
  const tokens = swarm.JoinTokens ?? {};
  const hidden = !options.revealTokens;
  lines.push(
    '',
    hidden ? `Join commands (tokens hidden${options.revealKey ? `: ${options.revealKey} reveals them` : ''})` : 'Join commands',
    `  worker:  ${joinCommand(tokens.Worker, address, options.revealTokens)}`,
    `  manager: ${joinCommand(tokens.Manager, address, options.revealTokens)}`,
  );
  return lines;
}
