// `npm run bench`: what swarmtop costs, in numbers, one figure per line.
//
// Against the real lab swarm (started unless one is up already), and against the
// simulated swarm at demo sizes small and large (see demo.ts), always the built CLI
// in a real 120×40 pseudo-terminal.
//
//   BENCH_ONLY=lab | demo | startup | idle | ssh | reach | lab-figures | live
//                                run one part only (default lab and demo); live: a
//                                replica's running count against watch -n1 (live-latency.ts,
//                                BENCH_LIVE_RUNS rounds, default 3); reach: the
//                                per-task stats cost alone (reach.ts); lab-figures:
//                                the lab's figures for BENCH_JSON alone; the lab part
//                                also measures startup (see startup.ts), event latency
//                                and the log view under a flood; idle is the lab console
//                                alone (idle CPU and bytes); ssh: latency over ssh and
//                                logins per minute (BENCH_SSH_SECONDS)
//   BENCH_LATENCY_RUNS=10        external scales timed for event latency
//   BENCH_DEMO_SIZES=small,large which demo sizes (default small,large)
//   BENCH_DEMO_ENGINE=separate,in-process
//                                where the simulated engine runs (default separate: the
//                                figures and budgets are swarmtop's own; see demo.ts)
//   BENCH_DEMO_SEED=1            the seed the simulated swarm is built and played from
//   BENCH_JSON=<file>            also write the figures as JSON (figures.ts), per target
//   BENCH_BASELINE=write | off   store this run's figures as docs/bench-baseline.json, or
//                                skip comparing against it (baseline.ts; by default each
//                                measured target is printed beside the baseline's)
//
// Exits non-zero when a figure misses its budget (figures.ts: the issue's, at size
// large), after printing every one it missed.
//   BENCH_IDLE_SECONDS=60        idle sampling time
//   BENCH_KEY_SAMPLES=20         samples per measured key
//   BENCH_REACH=0                skip the per-task stats cost (reach.ts)
import {execFileSync} from 'node:child_process';
import {labIsUp} from '../lab/lab.js';
import {benchAgainstBaseline} from './baseline.js';
import {benchDemo, type EnginePlacement} from './demo.js';
import {formatLatency, measureEventLatency} from './event-latency.js';
import {measuredFigures} from './figures.js';
import {formatLiveLatency, measureLiveLatency} from './live-latency.js';
import {benchLab} from './lab.js';
import {benchLabFigures} from './lab-figures.js';
import {benchReach} from './reach.js';
import {benchLogFlood, benchLogPipeline} from './logs.js';
import {benchSsh} from './ssh.js';
import {report} from './report.js';
import {benchSettings, labScript} from './settings.js';
import {benchStartup} from './startup.js';

/** A replica's running count on screen against `watch -n1 docker service ls`, the nodes reached (live-latency.ts). */
async function benchLiveLatency(): Promise<void> {
  const result = await measureLiveLatency({runs: Number(process.env['BENCH_LIVE_RUNS'] ?? 3), nodesVia: true});
  for (const line of formatLiveLatency(result)) console.log(line);
}

/** Everything measured against the lab, on one lab started here unless one is up already. */
async function benchAgainstLab(settings: ReturnType<typeof benchSettings>, only?: string): Promise<void> {
  const startedLab = !labIsUp();
  if (startedLab) {
    console.log('starting the lab swarm…');
    execFileSync('bash', [labScript, 'up'], {stdio: ['ignore', 'ignore', 'inherit']});
  }
  try {
    if (only === 'ssh') {
      await benchSsh(settings);
      return;
    }
    if (only === 'reach') {
      await benchReach(settings);
      return;
    }
    if (only === 'lab-figures') {
      await benchLabFigures(settings);
      return;
    }
    if (only === 'live') {
      await benchLiveLatency();
      return;
    }
    await benchStartup(settings);
    if (only === 'startup') return;
    await benchLab(settings);
    await benchLabFigures(settings);
    if (process.env['BENCH_REACH'] !== '0') await benchReach(settings);
    const latency = await measureEventLatency({runs: Number(process.env['BENCH_LATENCY_RUNS'] ?? 10)});
    for (const line of formatLatency(latency)) console.log(line);
    await benchLiveLatency();
    await benchLogPipeline(report);
    await benchLogFlood(report);
    if (!only || only === 'ssh') await benchSsh(settings);
  } finally {
    if (startedLab) execFileSync('bash', [labScript, 'down'], {stdio: 'ignore'});
  }
}

async function main(): Promise<void> {
  const settings = benchSettings();
  const only = process.env['BENCH_ONLY'];
  if (only === 'idle') {
    await benchLab(settings);
    return;
  }
  if (!only || ['lab', 'startup', 'ssh', 'reach', 'lab-figures', 'live'].includes(only)) await benchAgainstLab(settings, only);
  const missed: string[] = [];
  const failures: string[] = [];
  const sizes = (process.env['BENCH_DEMO_SIZES'] ?? 'small,large').split(',').filter(Boolean);
  const measuredLarge = (!only || only === 'demo') && sizes.includes('large');
  if (!only || only === 'demo') {
    const placements = (process.env['BENCH_DEMO_ENGINE'] ?? 'separate').split(',').filter(Boolean) as EnginePlacement[];
    for (const size of sizes) {
      for (const placement of placements) {
        const verdict = await benchDemo(settings, size, placement);
        missed.push(...verdict.missed);
        failures.push(...verdict.failed);
      }
    }
  }
  benchAgainstBaseline(measuredFigures(), settings);
  if (!measuredLarge) {
    console.log('\nno demo budget checked: they are for the demo at size large (the startup budgets are checked with startup)');
    return;
  }
  if (missed.length > 0) {
    console.log(`\nissue 17's budgets missed (${missed.length}; docs/performance.md's "Budgets at size large" says why):`);
    for (const miss of missed) console.log(`  ${miss}`);
  } else console.log('\nevery budget of issue 17 holds');
  if (failures.length > 0) {
    console.log(`\nover the ceilings this code was measured within (${failures.length}; figures.ts):`);
    for (const failure of failures) console.log(`  ${failure}`);
    process.exitCode = 1;
  } else console.log('every figure within its ceiling (figures.ts)');
}

main().catch(error => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
