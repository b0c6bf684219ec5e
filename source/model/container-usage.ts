// Turning the engine's container readings into what panes show: CPU % from two
// successive one-shot readings, memory as the docker CLI counts it (page cache
// that can be dropped is not "used"), network totals, health and how it ended.

import type {ContainerStateReading, ContainerStatsReading} from '../docker/node-engine.js';
import type {ContainerEnd, ContainerHealth, Usage, UsageSum} from '../docker/reach.js';

/** What is kept of a reading to compute CPU at the next one. */
export interface CpuMark {
  total: number;
  system?: number;
  at: number;
}

export function cpuMark(reading: ContainerStatsReading, receivedAt: number): CpuMark | undefined {
  const total = reading.cpu_stats?.cpu_usage?.total_usage;
  if (total === undefined) return undefined;
  const read = reading.read ? Date.parse(reading.read) : Number.NaN;
  const system = reading.cpu_stats?.system_cpu_usage;
  return {total, ...(system ? {system} : {}), at: Number.isFinite(read) && read > 0 ? read : receivedAt};
}

/**
 * CPU in percent of one core between two readings: the container's CPU time
 * over the host's (times its cores), as `docker stats` does; by wall time when
 * the engine gives no host figure.
 */
export function cpuPercent(previous: CpuMark, current: CpuMark, cores: number): number | undefined {
  const used = current.total - previous.total;
  if (used < 0) return undefined;
  if (previous.system !== undefined && current.system !== undefined && current.system > previous.system && cores > 0) {
    return (used / (current.system - previous.system)) * cores * 100;
  }
  const wallNs = (current.at - previous.at) * 1e6;
  return wallNs > 0 ? (used / wallNs) * 100 : undefined;
}

export function usageOf(reading: ContainerStatsReading, cpu: number | undefined, cores: number): Usage {
  const memory = reading.memory_stats;
  const inactive = memory?.stats?.['inactive_file'] ?? memory?.stats?.['total_inactive_file'] ?? 0;
  const used = memory?.usage === undefined ? undefined : Math.max(0, memory.usage - inactive);
  let netRx: number | undefined;
  let netTx: number | undefined;
  for (const network of Object.values(reading.networks ?? {})) {
    netRx = (netRx ?? 0) + (network.rx_bytes ?? 0);
    netTx = (netTx ?? 0) + (network.tx_bytes ?? 0);
  }
  return {
    ...(cpu === undefined ? {} : {cpu}),
    ...(cores > 0 ? {cores} : {}),
    ...(used === undefined ? {} : {memUsed: used}),
    ...(memory?.limit ? {memLimit: memory.limit} : {}),
    ...(netRx === undefined ? {} : {netRx, netTx}),
  };
}

const PROBES_KEPT = 5;

export function healthOf(reading: ContainerStateReading): ContainerHealth | undefined {
  const health = reading.State?.Health;
  if (!health?.Status || health.Status === 'none') return undefined;
  return {
    status: health.Status,
    failingStreak: health.FailingStreak ?? 0,
    probes: (health.Log ?? []).slice(-PROBES_KEPT).map(probe => ({
      ...(probe.End ? {end: probe.End} : {}),
      ...(probe.ExitCode === undefined ? {} : {exitCode: probe.ExitCode}),
      output: (probe.Output ?? '').trim(),
    })),
  };
}

/** How a container that is no longer running ended; undefined while it runs. */
export function endOf(reading: ContainerStateReading): ContainerEnd | undefined {
  const state = reading.State;
  if (!state || state.Running) return undefined;
  return {
    ...(state.ExitCode === undefined ? {} : {exitCode: state.ExitCode}),
    oomKilled: state.OOMKilled === true,
    ...(reading.HostConfig?.Memory ? {memLimit: reading.HostConfig.Memory} : {}),
    ...(state.Error ? {error: state.Error} : {}),
    ...(state.FinishedAt && !state.FinishedAt.startsWith('0001') ? {finishedAt: state.FinishedAt} : {}),
  };
}

// How long after a container ended its engine may still log the OOM kill (see oomEventWindow).
export const OOM_EVENT_GRACE_MS = 10_000;

/**
 * Where to look for an OOM kill the engine's flag missed, or undefined when there is no need.
 * The engine sets OOMKilled only when containerd's OOM event reaches it before the exit; under
 * load the exit can come first, and then a container the kernel killed for memory reads as a
 * plain "exit 137" while the engine still logs an "oom" event for it. Until the grace period
 * after the end has passed that event may yet come, so the answer is not final.
 */
export function oomEventWindow(reading: ContainerStateReading, end: ContainerEnd, now: number): {since: number; until: number; final: boolean} | undefined {
  if (end.oomKilled || end.exitCode !== 137) return undefined;
  const finished = end.finishedAt ? Date.parse(end.finishedAt) : Number.NaN;
  if (!Number.isFinite(finished)) return undefined;
  const started = reading.State?.StartedAt ? Date.parse(reading.State.StartedAt) : Number.NaN;
  // A started time that is missing or later than the end (never started): the minute before the end.
  const since = Number.isFinite(started) && started > 0 && started <= finished ? started : finished - 60_000;
  const until = Math.min(now, finished + OOM_EVENT_GRACE_MS);
  return {since: Math.floor(since) - 1000, until: Math.max(until, since), final: now >= finished + OOM_EVENT_GRACE_MS};
}

export function addToSum(sum: UsageSum | undefined, usage: Usage | undefined): UsageSum {
  const base = sum ?? {cpu: 0, memUsed: 0, tasks: 0, partial: false};
  if (!usage) return {...base, partial: true};
  return {cpu: base.cpu + (usage.cpu ?? 0), memUsed: base.memUsed + (usage.memUsed ?? 0), tasks: base.tasks + 1, partial: base.partial};
}
