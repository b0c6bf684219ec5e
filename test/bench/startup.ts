// Startup against the real lab swarm: process start to a full first frame, and
// peak memory, for swarmtop as users get it (the globally installed npm package
// and the single executable), beside `watch -n1 docker service ls` measured in
// the same run, given as ratios. Also the development build (tsc's dist/cli.js).
//
// Peak memory is what GNU time reports (ru_maxrss): for watch, the largest of
// watch and the docker CLI runs it waited for, which is the figure a user sees
// cost for a refreshing list.
//
// The single executable's and the npm command's figures are held to issue 23's budgets
// (figures.ts: STARTUP_BUDGETS); a miss is printed and makes the bench exit non-zero.
// `BENCH_ONLY=startup npm run bench` runs this part alone.
//
// A file just written sits in the page cache in large folios, which are mapped whole:
// a freshly built executable then shows some 35 MiB more of its own (shared, clean)
// file pages in its RSS than the same file read from disk, which maps only the pages
// it uses. The new executable's cached pages are dropped before it is measured, so its
// figure is that of an executable read from disk, as at every start but a first one
// right after it was written.
//
//   BENCH_STARTUP_RUNS=5   runs of each command (the median is reported)
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {labDockerSync as labDocker, labSockets, waitUntil} from '../lab/lab.js';
import {buildSea, packAndInstall, repoRoot} from '../support/distribution.js';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';
import {startupVerdicts} from './figures.js';
import {percentile, report, sleep} from './report.js';
import type {BenchSettings} from './settings.js';

interface Contender {
  name: string;
  command: string;
  args: string[];
  /** The screen holds a full frame. */
  full: (screen: string) => boolean;
  quit: (term: TerminalSession) => void;
}

interface Sample {
  firstFrameMs: number;
  peakRssKb: number;
}

const SERVICE_ROW = /bench-web\s+replicated\s+6\/6/;

/** One run: spawned under GNU time in a pty, timed to a full frame, left to run `holdMs`, then quit. */
async function measureOnce(contender: Contender, {cols, rows}: BenchSettings, holdMs: number): Promise<Sample> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-startup-'));
  const rssFile = path.join(dir, 'rss');
  const started = performance.now();
  const term = TerminalSession.spawn('/usr/bin/time', ['-f', '%M', '-o', rssFile, contender.command, ...contender.args], {
    cols,
    rows,
    env: {DOCKER_HOST: labSockets().manager, DOCKER_CONTEXT: undefined},
  });
  try {
    await term.waitFor(session => contender.full(session.screenText()), {timeoutMs: 20_000});
    const firstFrameMs = performance.now() - started;
    await sleep(holdMs);
    contender.quit(term);
    await term.waitForExit({timeoutMs: 10_000});
    const peakRssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    if (!Number.isFinite(peakRssKb) || peakRssKb <= 0) throw new Error(`GNU time wrote no peak RSS for ${contender.name}`);
    return {firstFrameMs, peakRssKb};
  } finally {
    term.kill();
    rmSync(dir, {recursive: true, force: true});
  }
}

function median(values: number[]): number {
  return percentile(values, 0.5);
}

/** The tools the comparison runs, missing ones named with their Debian package. */
function missingTools(): string[] {
  const wanted: [string, string][] = [
    ['/usr/bin/time', 'time'],
    ['watch', 'procps'],
    ['docker', 'docker.io'],
  ];
  return wanted
    .filter(([command]) => spawnSync('sh', ['-c', `command -v ${command}`], {stdio: 'ignore'}).status !== 0)
    .map(([command, pkg]) => `${command} (apt-get install ${pkg})`);
}

export async function benchStartup(settings: BenchSettings): Promise<void> {
  const missing = missingTools();
  if (missing.length > 0) {
    report('startup: beside watch', `not measured: needs ${missing.join(', ')}`);
    return;
  }
  const runs = Number(process.env['BENCH_STARTUP_RUNS'] ?? 5);
  const installed = packAndInstall();
  report('build: npm pack (bundle) and npm install -g of the tarball', `${installed.ms} ms`);
  const sea = buildSea();
  report('build: single executable (bundle, node --build-sea), this arch', `${sea.ms} ms`);
  report('single executable: file size', `${(statSync(sea.value).size / 1024 / 1024).toFixed(1)} MiB`);
  // GNU dd: write the file's pages out, then advise the kernel to drop them (see the top of this file).
  execFileSync('dd', [`of=${sea.value}`, 'oflag=nocache', 'conv=notrunc,fdatasync', 'count=0', 'status=none']);

  // The data rows and the summary line (the header names the refresh time only once data is stale).
  const swarmtopFull = (screen: string) => SERVICE_ROW.test(screen) && /nodes \d+\/\d+ ready/.test(screen);
  const quitSwarmtop = (term: TerminalSession) => term.press('q');
  const contenders: Contender[] = [
    {
      name: 'watch -n1 docker service ls',
      command: 'watch',
      args: ['-n1', 'docker service ls'],
      full: screen => SERVICE_ROW.test(screen),
      quit: term => term.press(keys.ctrlC),
    },
    {name: 'swarmtop (npm install -g)', command: installed.value.command, args: [], full: swarmtopFull, quit: quitSwarmtop},
    {name: 'swarmtop (single executable)', command: sea.value, args: [], full: swarmtopFull, quit: quitSwarmtop},
    {
      name: 'swarmtop (development build, node dist/cli.js)',
      command: process.execPath,
      args: [path.join(repoRoot, 'dist', 'cli.js')],
      full: swarmtopFull,
      quit: quitSwarmtop,
    },
  ];

  const services = ['bench-web', 'bench-api'];
  try {
    labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'bench-web', '--replicas', '6', 'lab/busybox:1', 'sleep', '1d']);
    labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'bench-api', '--replicas', '3', 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => /6\/6/.test(labDocker(1, ['service', 'ls', '--filter', 'name=bench-web', '--format', '{{.Replicas}}'])), {timeoutMs: 60_000});

    const results = new Map<string, Sample[]>(contenders.map(contender => [contender.name, []]));
    // Interleaved, so a slow moment of the machine falls on every contender alike.
    for (let run = 0; run < runs; run++) {
      for (const contender of contenders) results.get(contender.name)!.push(await measureOnce(contender, settings, 2500));
    }
    const figures = (name: string) => {
      const samples = results.get(name)!;
      return {frame: median(samples.map(sample => sample.firstFrameMs)), rss: median(samples.map(sample => sample.peakRssKb))};
    };
    const watch = figures(contenders[0]!.name);
    for (const contender of contenders) {
      const {frame, rss} = figures(contender.name);
      const ratios = contender === contenders[0] ? '' : ` (${(frame / watch.frame).toFixed(1)}× and ${(rss / watch.rss).toFixed(1)}× watch's)`;
      report(`startup: ${contender.name}: first full frame, peak RSS (median of ${runs})`, `${Math.round(frame)} ms, ${(rss / 1024).toFixed(1)} MiB${ratios}`);
    }
    const single = figures(contenders[2]!.name);
    const {lines, pass} = startupVerdicts({
      watchFirstFrameMs: watch.frame,
      seaFirstFrameMs: single.frame,
      seaPeakRssMib: single.rss / 1024,
      npmPeakRssMib: figures(contenders[1]!.name).rss / 1024,
    });
    for (const [name, verdict] of lines) report(name, verdict);
    if (!pass) process.exitCode = 1;
  } finally {
    try {
      labDocker(1, ['service', 'rm', ...services]);
    } catch {
      // Already gone with the lab.
    }
    rmSync(path.dirname(installed.value.prefix), {recursive: true, force: true});
  }
}
