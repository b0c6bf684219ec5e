/**
 * CPU time and memory of a process, from Linux /proc, for the benchmarks and
 * the terminal harness. No vitest here: the benchmark script imports this too.
 */
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

export interface ProcessStats {
  pid: number;
  /** Process state letter from /proc (R running, S sleeping, Z zombie, ...). */
  state: string;
  /** User + system CPU time, in seconds. */
  cpuSeconds: number;
  userCpuSeconds: number;
  systemCpuSeconds: number;
  threads: number;
  /** Current resident set size in bytes (VmRSS); 0 if the kernel reports none (zombie). */
  rssBytes: number;
  /** Peak resident set size in bytes (VmHWM); 0 if the kernel reports none (zombie). */
  peakRssBytes: number;
}

let clockTicksPerSecond: number | undefined;

function clockTicks(): number {
  if (clockTicksPerSecond === undefined) {
    clockTicksPerSecond = 100;
    try {
      const ticks = Number.parseInt(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim(), 10);
      if (ticks > 0) clockTicksPerSecond = ticks;
    } catch {
      /* keep Linux's usual 100 */
    }
  }
  return clockTicksPerSecond;
}

/**
 * CPU time and memory of process `pid`, read from /proc/<pid>/stat and
 * /proc/<pid>/status (Linux only). Only that process is counted, not its
 * children. Throws if the process does not exist (any more) — sample before
 * asking the program to quit.
 */
export function processStats(pid: number): ProcessStats {
  let stat: string;
  let status: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (process.platform !== 'linux') throw new Error('processStats() needs Linux /proc', {cause: error});
    if (code === 'ENOENT' || code === 'ESRCH') throw new Error(`processStats(): no process ${pid} (has it exited?)`, {cause: error});
    throw error;
  }
  // The command name (field 2) is in parentheses and may contain spaces or ')'.
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state) in proc(5) numbering, so field n is fields[n - 3].
  const field = (n: number): number => Number(fields[n - 3]);
  const ticks = clockTicks();
  const userCpuSeconds = field(14) / ticks;
  const systemCpuSeconds = field(15) / ticks;
  const kilobytes = (name: string): number => {
    const match = new RegExp(`^${name}:\\s*(\\d+)\\s*kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  };
  return {
    pid,
    state: fields[0] ?? '?',
    cpuSeconds: userCpuSeconds + systemCpuSeconds,
    userCpuSeconds,
    systemCpuSeconds,
    threads: field(20),
    rssBytes: kilobytes('VmRSS'),
    peakRssBytes: kilobytes('VmHWM'),
  };
}
