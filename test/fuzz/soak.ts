// npm run soak: the console on the services pane of a swarm that churns (one
// service scaled up and down every 10 s) for an hour, read-only. RSS and open
// handles (file descriptors: sockets, pipes) are sampled every 10 s; the first
// and the last 10 minutes are reported, and a rise beyond noise fails the run.
//
//   SOAK_SECONDS  how long (default 3600)
//   SOAK_WINDOW   seconds compared at each end (default 600, at most a third of the run)

import {labDockerSync as labDocker} from '../lab/lab.js';
import {processStats} from '../support/terminal.js';
import {ensureLab, openHandles, populate, startConsole} from './console-run.js';

const seconds = Number(process.env['SOAK_SECONDS'] ?? 3600);
const windowSeconds = Math.min(Number(process.env['SOAK_WINDOW'] ?? 600), seconds / 3);
const SAMPLE_MS = 10_000;
const CHURN_MS = 10_000;

interface Sample {
  at: number;
  rssBytes: number;
  handles: number;
  cpuSeconds: number;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function main(): Promise<void> {
  console.log(`soak: ${seconds} s, comparing the first and last ${windowSeconds} s`);
  const restoreLab = ensureLab();
  const cleanUp = await populate();
  labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'fz-churn', '--replicas', '1', 'lab/busybox:1', 'sleep', '1d']);
  const run = startConsole(160, 45, ['--refresh', '1']);
  const samples: Sample[] = [];
  let scaleUp = true;
  let churns = 0;
  try {
    await run.term.waitForText(/fz-churn/, {timeoutMs: 30_000});
    const started = Date.now();
    let nextChurn = started + CHURN_MS;
    let nextSample = started;
    while (Date.now() - started < seconds * 1000) {
      const now = Date.now();
      if (now >= nextChurn) {
        labDocker(1, ['service', 'scale', '--detach', `fz-churn=${scaleUp ? 6 : 1}`]);
        scaleUp = !scaleUp;
        churns += 1;
        nextChurn += CHURN_MS;
      }
      if (now >= nextSample) {
        if (run.term.exitStatus) throw new Error(`the console ended (exit code ${run.term.exitStatus.exitCode})`);
        const stats = processStats(run.term.pid);
        samples.push({at: (now - started) / 1000, rssBytes: stats.rssBytes, handles: openHandles(run.term.pid), cpuSeconds: stats.cpuSeconds});
        nextSample += SAMPLE_MS;
      }
      const stderr = run.stderr();
      if (stderr.trim()) throw new Error(`the console wrote to stderr:\n${stderr}`);
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    const first = samples.filter(sample => sample.at <= windowSeconds);
    const last = samples.filter(sample => sample.at >= seconds - windowSeconds);
    const line = (name: string, window: Sample[]) =>
      `${name}: RSS mean ${mib(mean(window.map(s => s.rssBytes)))} (min ${mib(Math.min(...window.map(s => s.rssBytes)))}, max ${mib(Math.max(...window.map(s => s.rssBytes)))}), open handles mean ${mean(window.map(s => s.handles)).toFixed(1)} (max ${Math.max(...window.map(s => s.handles))}), CPU ${(window[window.length - 1]!.cpuSeconds - window[0]!.cpuSeconds).toFixed(1)} s`;
    console.log(`soak: ${churns} scale changes, ${samples.length} samples`);
    console.log(line(`first ${windowSeconds} s`, first));
    console.log(line(`last ${windowSeconds} s`, last));
    const rssGrowth = mean(last.map(s => s.rssBytes)) / mean(first.map(s => s.rssBytes));
    const handleGrowth = mean(last.map(s => s.handles)) - mean(first.map(s => s.handles));
    // Flat means within noise: the heap breathes by a few MiB, a stream or two may be mid-reconnect.
    if (rssGrowth > 1.25 || handleGrowth > 5) {
      throw new Error(`not flat: RSS ×${rssGrowth.toFixed(2)}, open handles ${handleGrowth >= 0 ? '+' : ''}${handleGrowth.toFixed(1)}`);
    }
    console.log(`soak: passed (RSS ×${rssGrowth.toFixed(2)}, open handles ${handleGrowth >= 0 ? '+' : ''}${handleGrowth.toFixed(1)})`);
  } catch (error) {
    console.error(`soak: FAILED: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    run.term.kill();
    try {
      labDocker(1, ['service', 'rm', 'fz-churn']);
    } catch {
      // gone with the lab
    }
    cleanUp();
    restoreLab();
  }
}

await main();
