import {describe, expect, it} from 'vitest';
import {addToSum, cpuMark, cpuPercent, endOf, healthOf, usageOf} from '../../../source/model/container-usage.js';
import {endCell, memoryText, sparkline, taskCondition} from '../../../source/render/usage.js';

describe('container usage from the engine readings', () => {
  it('computes CPU % of a core from two readings, by the host CPU time', () => {
    const first = cpuMark({read: '2026-01-01T00:00:00Z', cpu_stats: {cpu_usage: {total_usage: 1e9}, system_cpu_usage: 100e9, online_cpus: 2}}, 0)!;
    // One second later on a 2-core host: the host counted 2e9 ns, the container 0.5e9.
    const second = cpuMark({read: '2026-01-01T00:00:01Z', cpu_stats: {cpu_usage: {total_usage: 1.5e9}, system_cpu_usage: 102e9, online_cpus: 2}}, 0)!;
    expect(cpuPercent(first, second, 2)).toBeCloseTo(50);
  });

  it('falls back to wall time without a host figure, and gives nothing for a counter that went back', () => {
    const first = {total: 0, at: 1000};
    expect(cpuPercent(first, {total: 2e9, at: 3000}, 4)).toBeCloseTo(100);
    expect(cpuPercent({total: 5, at: 0}, {total: 1, at: 1000}, 1)).toBeUndefined();
  });

  it('counts memory as docker stats does: usage without the inactive page cache; networks summed', () => {
    const usage = usageOf(
      {
        memory_stats: {usage: 10_000, limit: 16 * 1024 * 1024, stats: {inactive_file: 4_000}},
        networks: {eth0: {rx_bytes: 10, tx_bytes: 20}, eth1: {rx_bytes: 1, tx_bytes: 2}},
      },
      12.5,
      2,
    );
    expect(usage).toEqual({cpu: 12.5, cores: 2, memUsed: 6_000, memLimit: 16 * 1024 * 1024, netRx: 11, netTx: 22});
  });

  it('reads how a container ended: OOM killed with its limit, or an exit code', () => {
    const oom = endOf({State: {Running: false, OOMKilled: true, ExitCode: 137, FinishedAt: '2026-01-01T00:00:00Z'}, HostConfig: {Memory: 16 * 1024 * 1024}});
    expect(oom).toEqual({exitCode: 137, oomKilled: true, memLimit: 16 * 1024 * 1024, finishedAt: '2026-01-01T00:00:00Z'});
    expect(endCell(oom!)).toEqual({text: 'OOM killed (limit 16MiB)', tone: 'error'});
    expect(endCell(endOf({State: {Running: false, ExitCode: 3}})!)).toEqual({text: 'exit 3', tone: 'error'});
    expect(endOf({State: {Running: true}})).toBeUndefined();
  });

  it('reads health with the last probes, and calls an ended container with failing probes unhealthy', () => {
    const health = healthOf({State: {Health: {Status: 'unhealthy', FailingStreak: 3, Log: [{ExitCode: 1, Output: 'no\n', End: 't1'}]}}});
    expect(health).toEqual({status: 'unhealthy', failingStreak: 3, probes: [{end: 't1', exitCode: 1, output: 'no'}]});
    expect(taskCondition({cpuHistory: [], memHistory: [], health: health!})).toEqual({text: 'unhealthy', tone: 'error'});
    expect(taskCondition({cpuHistory: [], memHistory: [], health: {...health!, status: 'starting'}, end: {exitCode: 143, oomKilled: false}}).text).toBe(
      'unhealthy, exit 143',
    );
    expect(healthOf({State: {}})).toBeUndefined();
  });

  it('sums usage, marking a sum partial when a member could not be read', () => {
    const sum = addToSum(addToSum(undefined, {cpu: 10, memUsed: 100}), {cpu: 5, memUsed: 50});
    expect(sum).toEqual({cpu: 15, memUsed: 150, tasks: 2, partial: false});
    expect(addToSum(sum, undefined).partial).toBe(true);
  });

  it('draws memory against a limit only when it is below the node memory, and sparklines to scale', () => {
    expect(memoryText(8 * 1024 * 1024, 16 * 1024 * 1024, 1024 ** 3)).toBe('8.0MiB/16MiB');
    expect(memoryText(8 * 1024 * 1024, 1024 ** 3, 1024 ** 3)).toBe('8.0MiB');
    expect(sparkline([0, 50, 100], 100)).toBe('▁▅█');
    expect(sparkline([0, 0])).toBe('▁▁');
  });
});
