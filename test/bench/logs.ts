// Log view under a flood, in numbers:
// 1. the in-process pipeline (demultiplexed chunks → lines → parse → de-dup →
//    ring buffer → the visible window), fed as fast as it will take: its ceiling;
// 2. the built CLI in a real pty following a lab service that floods its log:
//    lines per second received, peak memory, and how fast a key is answered
//    while the flood runs.
// Runs inside `npm run bench` (which holds the lab lock), or alone:
// `bash test/lab/locked.sh node .bench-dist/test/bench/logs.js`.
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {labScript, root} from './settings.js';
import type {LogChunk, LogOptions, LogTarget, Loggable} from '../../source/docker/logs.js';
import {LogFollower} from '../../source/model/log-stream.js';
import {renderLogLine} from '../../source/render/log-line.js';
import {logWindow} from '../../source/views/logs/log-window.js';
import {labDockerSync as labDocker, labIsUp, labSockets, waitUntil} from '../lab/lab.js';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';
import {report} from './report.js';

const cliPath = path.join(root, 'dist', 'cli.js');

export type Report = typeof report;

/** A log body of `lines` engine-formatted lines, in 64 KiB chunks, as fast as the reader takes them. */
class SyntheticFlood implements Loggable {
  constructor(private readonly lines: number) {}
  async openLogs(_target: LogTarget, _options: LogOptions, signal?: AbortSignal): Promise<AsyncIterable<LogChunk>> {
    const total = this.lines;
    const start = Date.parse('2026-01-01T00:00:00Z');
    async function* body(): AsyncGenerator<LogChunk> {
      let text = '';
      for (let i = 0; i < total && !signal?.aborted; i++) {
        const time = new Date(start + i).toISOString().replace('Z', '000000Z');
        text += `${time} com.docker.swarm.node.id=n${i % 3},com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t${i % 3} GET /api/items/${i} 200 0.0${i % 97}s "Mozilla/5.0"\n`;
        if (text.length > 65536) {
          yield {stream: i % 10 === 0 ? 'stderr' : 'stdout', data: Buffer.from(text)};
          text = '';
          await new Promise(resolve => setImmediate(resolve));
        }
      }
      if (text) yield {stream: 'stdout', data: Buffer.from(text)};
    }
    return body();
  }
}

export async function benchLogPipeline(report: Report): Promise<void> {
  const lines = 300_000;
  const follower = new LogFollower({source: new SyntheticFlood(lines), target: {kind: 'service', id: 's1'}, tty: false, follow: false, tail: undefined});
  let windows = 0;
  let lastWindow = 0;
  // Redraw at most every 100 ms, as the log screen does.
  follower.subscribe(() => {
    const now = performance.now();
    if (now - lastWindow < 100) return;
    lastWindow = now;
    windows++;
    logWindow({lines: follower.buffer.toArray(), width: 120, height: 35, wrap: false, render: line => renderLogLine(line)});
  });
  const started = performance.now();
  await follower.start();
  const seconds = (performance.now() - started) / 1000;
  report(
    'log pipeline: lines parsed and buffered',
    `${Math.round(lines / seconds).toLocaleString('en')} lines/s (${lines.toLocaleString('en')} lines in ${seconds.toFixed(2)} s, ${windows} redraws)`,
  );
}

function receivedOnScreen(term: TerminalSession): number | undefined {
  const match = /(\d+) lines \(oldest dropped: keeps \d+; (\d+) received\)|(\d+) lines ·/.exec(term.screenText());
  if (!match) return undefined;
  return Number(match[2] ?? match[3] ?? match[1]);
}

export async function benchLogFlood(report: Report): Promise<void> {
  const service = 'bench-flood';
  // Batches of 2,000 lines as fast as busybox writes them, briefly pausing so the engine's log driver keeps up.
  labDocker(1, [
    'service',
    'create',
    '--detach',
    '--no-resolve-image',
    '--name',
    service,
    'lab/busybox:1',
    'sh',
    '-c',
    'i=0; while true; do yes "flood batch $i: some text to make the line look like a real log line" | head -n 2000; i=$((i+1)); sleep 0.05; done',
  ]);
  try {
    await waitUntil(() => labDocker(1, ['service', 'ps', service, '--format', '{{.CurrentState}}']).startsWith('Running'), {timeoutMs: 60_000});
    const term = TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, '--log-lines', '5000'], {cols: 120, rows: 40});
    try {
      await term.waitForText(service, {timeoutMs: 20_000});
      term.press('/');
      term.type(service);
      term.press(keys.enter);
      await term.waitForText(/1 of \d+/);
      term.press('l');
      await term.waitForText(/oldest dropped/, {timeoutMs: 30_000});
      const seconds = 20;
      const first = receivedOnScreen(term)!;
      const before = term.stats()!;
      // Memory sampled through the flood: bounded means it levels off, not that it stays small.
      const rss: number[] = [];
      for (let second = 0; second < seconds; second += 5) {
        await new Promise(resolve => setTimeout(resolve, 5000));
        rss.push(term.stats()!.rssBytes);
      }
      const last = receivedOnScreen(term)!;
      const after = term.stats()!;
      report('log flood: resident memory every 5 s', rss.map(bytes => `${(bytes / 1024 / 1024).toFixed(0)}`).join(' → ') + ' MiB');
      report('log flood: lines received and shown', `${Math.round((last - first) / seconds).toLocaleString('en')} lines/s over ${seconds} s`);
      report('log flood: CPU', `${(((after.cpuSeconds - before.cpuSeconds) / seconds) * 100).toFixed(0)} % of a core`);
      // A key during the flood: timestamps on, until they are on screen.
      const latencies: number[] = [];
      for (let i = 0; i < 6; i++) {
        const at = term.press('t');
        const wanted = i % 2 === 0;
        await term.waitFor(session => /^\d{4}-\d\d-\d\dT[\d:.]+Z /m.test(session.screenText()) === wanted, {timeoutMs: 10_000});
        latencies.push(performance.now() - at);
      }
      latencies.sort((a, b) => a - b);
      report(
        'log flood: key to frame (t), median / max',
        `${Math.round(latencies[latencies.length >> 1]!)} ms / ${Math.round(latencies[latencies.length - 1]!)} ms`,
      );
      report('log flood: peak memory (VmHWM), 5,000-line buffer', `${(after.peakRssBytes / 1024 / 1024).toFixed(1)} MiB`);
    } finally {
      term.kill();
    }
  } finally {
    labDocker(1, ['service', 'rm', service]);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const startedLab = !labIsUp();
  try {
    await benchLogPipeline(report);
    if (startedLab) execFileSync('bash', [labScript, 'up'], {stdio: ['ignore', 'ignore', 'inherit']});
    await benchLogFlood(report);
  } finally {
    if (startedLab) execFileSync('bash', [labScript, 'down'], {stdio: 'ignore'});
  }
}
