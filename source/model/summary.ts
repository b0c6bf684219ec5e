import type {SwarmSnapshot} from '../docker/types.js';
import {healthTone, indexSnapshot, isSettled} from './cluster-index.js';

export interface ClusterSummary {
  nodesReady: number;
  nodesTotal: number;
  managersReachable: number;
  managersTotal: number;
  /** Manager failures the raft quorum survives with every manager up: ⌊(n−1)/2⌋. */
  faultTolerance: number;
  quorum: number;
  quorumLost: boolean;
  evenManagers: boolean;
  /** Converged services, finished jobs among them. */
  servicesConverged: number;
  /** Jobs that finished: counted as converged, and named so in the header. */
  jobsComplete: number;
  servicesTotal: number;
}

// Once per snapshot: the shell asks on every change of the store (an event, the link), not only on a new read.
const summaries = new WeakMap<SwarmSnapshot, ClusterSummary>();

export function summarize(snapshot: SwarmSnapshot): ClusterSummary {
  let summary = summaries.get(snapshot);
  if (!summary) {
    summary = summarizeOnce(snapshot);
    summaries.set(snapshot, summary);
  }
  return summary;
}

function summarizeOnce(snapshot: SwarmSnapshot): ClusterSummary {
  const index = indexSnapshot(snapshot);
  // Raft members are the nodes the leader reports a ManagerStatus for; a node whose
  // spec says manager but has none is still joining and does not count toward quorum.
  const managers = snapshot.nodes.filter(node => node.ManagerStatus);
  const managersReachable = managers.filter(node => node.ManagerStatus?.Reachability === 'reachable').length;
  const managersTotal = managers.length;
  const quorum = Math.floor(managersTotal / 2) + 1;
  const tones = snapshot.services.map(service => healthTone(index.healthByService.get(service.ID)));
  return {
    nodesReady: snapshot.nodes.filter(node => node.Status.State === 'ready').length,
    nodesTotal: snapshot.nodes.length,
    managersReachable,
    managersTotal,
    faultTolerance: Math.max(0, Math.floor((managersTotal - 1) / 2)),
    quorum,
    quorumLost: managersTotal > 0 && managersReachable < quorum,
    evenManagers: managersTotal > 0 && managersTotal % 2 === 0,
    servicesConverged: tones.filter(isSettled).length,
    jobsComplete: tones.filter(tone => tone === 'complete').length,
    servicesTotal: snapshot.services.length,
  };
}
