// npm run soak: the console on the services pane of a swarm that churns (one
// service scaled up and down every 10 s) for an hour, read-only. RSS and open
// handles (file descriptors: sockets, pipes) are sampled every 10 s; the first
// and the last 10 minutes are reported, and a rise beyond noise fails the run.
//
//   SOAK_SECONDS  how long (default 3600)
//   SOAK_WINDOW   seconds compared at each end (default 600, at most a third of the run)
//   SOAK_ENGINE   lab (default: the lab swarm, under the lab lock) or demo (the simulated
//                 engine in its own process: the console's side is the same, and the lab
//                 stays free for others during the hour)

import {type ChildProcess, spawn} from 'node:child_process';
import path from 'node:path';
import Dockerode from 'dockerode';
import {labDockerSync as labDocker, labSockets} from '../lab/lab.js';
import {processStats} from '../support/process-stats.js';
import {ensureLab, openHandles, populate, root, startConsole} from './console-run.js';

const seconds = Number(process.env['SOAK_SECONDS'] ?? 3600);
const windowSeconds = Math.min(Number(process.env['SOAK_WINDOW'] ?? 600), seconds / 3);
const engineKind = process.env['SOAK_ENGINE'] ?? 'lab';
const SAMPLE_MS = 10_000;
const CHURN_MS = 10_000;

interface Sample {
  at: number;
  rssBytes: number;
  handles: number;
  cpuSeconds: number;
}

interface Engine {
  host: string;
  service: string;
  close(): void;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function labEngine(): Promise<Engine> {
  const restoreLab = ensureLab();
  const cleanUp = await populate();
  labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'fz-churn', '--replicas', '1', 'lab/busybox:1', 'sleep', '1d']);
  return {
    host: labSockets().manager,
    service: 'fz-churn',
    close: () => {
      try {
        labDocker(1, ['service', 'rm', 'fz-churn']);
      } catch {
        // gone with the lab
      }
      cleanUp();
      restoreLab();
    },
  };
}

async function demoEngine(): Promise<Engine> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, '.bench-dist', 'test', 'bench', 'demo-engine.js'), 'small'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const host = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = /^(unix:\/\/\S+)\n/.exec(text);
      if (line) resolve(line[1]!);
    });
    child.once('exit', code => reject(new Error(`the demo engine exited (${code})`)));
  });
  const docker = new Dockerode({socketPath: host.slice('unix://'.length)});
  const services = await docker.listServices();
  const replicated = services.find(service => service.Spec?.Mode?.Replicated);
  if (!replicated?.Spec?.Name) throw new Error('the demo swarm has no replicated service to scale');
  return {host, service: replicated.Spec.Name, close: () => child.kill('SIGTERM')};
}

async function scale(host: string, name: string, replicas: number): Promise<void> {
  const docker = new Dockerode({socketPath: host.slice('unix://'.length)});
  const service = docker.getService(name);
  const current = (await service.inspect()) as {Version: {Index: number}; Spec: Record<string, unknown>};
  await service.update({...current.Spec, Mode: {Replicated: {Replicas: replicas}}, version: current.Version.Index});
}

async function main(): Promise<void> {
  console.log(`soak: ${seconds} s against the ${engineKind} engine, comparing the first and last ${windowSeconds} s`);
  const engine = engineKind === 'demo' ? await demoEngine() : await labEngine();
  const run = startConsole(160, 45, ['--refresh', '1'], engine.host);
  const samples: Sample[] = [];
  let scaleUp = true;
  let churns = 0;
  try {
    await run.term.waitForText(engine.service, {timeoutMs: 30_000});
    const started = Date.now();
    let nextChurn = started + CHURN_MS;
    let nextSample = started;
    while (Date.now() - started < seconds * 1000) {
      const now = Date.now();
      if (now >= nextChurn) {
        await scale(engine.host, engine.service, scaleUp ? 6 : 1);
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
    engine.close();
  }
}

await main();
