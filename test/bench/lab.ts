// The console against the real lab swarm (3 nodes, 3 services, 12 tasks).
import {execFileSync} from 'node:child_process';
import {labDockerSync as labDocker, labSockets, waitUntil, labIsUp} from '../lab/lab.js';
import {processStats} from '../support/process-stats.js';
import {TerminalSession} from '../support/terminal.js';
import {mebibytes, report, sleep} from './report.js';
import {type BenchSettings, labScript} from './settings.js';

export async function benchLab({cliPath, idleSeconds, cols, rows}: BenchSettings): Promise<void> {
  const startedLab = !labIsUp();
  if (startedLab) {
    console.log('starting the lab swarm…');
    execFileSync('bash', [labScript, 'up'], {stdio: ['ignore', 'ignore', 'inherit']});
  }
  const services = ['bench-web', 'bench-agent', 'bench-api'];
  try {
    labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'bench-web', '--replicas', '6', 'lab/busybox:1', 'sleep', '1d']);
    labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'bench-api', '--replicas', '3', 'lab/busybox:1', 'sleep', '1d']);
    labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'bench-agent', '--mode', 'global', 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(
      () =>
        labDocker(1, ['service', 'ls', '--format', '{{.Replicas}}'])
          .split('\n')
          .filter((line: string) => /^(\d+)\/\1/.test(line)).length >= 3,
      {timeoutMs: 60_000},
    );

    const started = performance.now();
    const term = TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager], {cols, rows});
    try {
      await term.waitFor(
        session => {
          const text = session.screenText();
          return /bench-web\s+replicated\s+6\/6/.test(text) && /nodes \d+\/\d+ ready/.test(text);
        },
        {timeoutMs: 20_000},
      );
      report('lab: time to first full frame', `${Math.round(performance.now() - started)} ms`);
      await term.waitForQuiet(500, {timeoutMs: 10_000});

      const before = processStats(term.pid);
      const bytesBefore = term.bytesWritten;
      const writesBefore = term.writes;
      await sleep(idleSeconds * 1000);
      const after = processStats(term.pid);
      const perMinute = 60 / idleSeconds;
      report(`lab: idle CPU (default 2 s refresh, ${idleSeconds} s sampled)`, `${((after.cpuSeconds - before.cpuSeconds) * perMinute).toFixed(2)} s/min`);
      // The goal for an idle, settled swarm is at most 1 KB a minute (`watch` writes about 1.3 KB);
      // this first minute still has the new services' ages moving in 10 s steps.
      report(
        'lab: idle bytes written, first minute',
        `${Math.round((term.bytesWritten - bytesBefore) * perMinute)} B/min in ${Math.round((term.writes - writesBefore) * perMinute)} writes/min`,
      );
      report('lab: peak memory (VmHWM)', mebibytes(after.peakRssBytes));
      report('lab: full-screen clears while idle', String(term.clearScreenCount));
      // Settled: nothing on screen younger than a minute any more, so no age moves by the second.
      const settledBytes = term.bytesWritten;
      const settledWrites = term.writes;
      await sleep(idleSeconds * 1000);
      report(
        'lab: idle bytes written, settled (goal ≤ 1024)',
        `${Math.round((term.bytesWritten - settledBytes) * perMinute)} B/min in ${Math.round((term.writes - settledWrites) * perMinute)} writes/min`,
      );
    } finally {
      term.kill();
    }
  } finally {
    try {
      labDocker(1, ['service', 'rm', ...services]);
    } catch {
      // Already gone with the lab.
    }
    if (startedLab) execFileSync('bash', [labScript, 'down'], {stdio: 'ignore'});
  }
}
