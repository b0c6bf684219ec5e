// The README's screenshot of per-task CPU and MEM, captured from the lab with
// --nodes-via each node's own socket:
//   npm run build && npm run build:bench && bash test/lab/locked.sh node .bench-dist/test/bench/reach-screenshot.js
import {execFileSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {labDockerSync as docker, labIsUp, labSockets, waitUntil} from '../lab/lab.js';
import {screenSvg, screenText} from '../support/screenshot.js';
import {TerminalSession} from '../support/terminal.js';
import {root, labScript} from './settings.js';

const NODES_VIA = 'unix:///run/stlab/{hostname}.sock';
const services = ['api', 'worker', 'cache', 'report'];

async function main(): Promise<void> {
  const startedLab = !labIsUp();
  if (startedLab) execFileSync('bash', [labScript, 'up'], {stdio: ['ignore', 'ignore', 'inherit']});
  try {
    const create = (args: string[]) => docker(1, ['service', 'create', '--detach', '--no-resolve-image', ...args]);
    create([
      '--name',
      'api',
      '--replicas',
      '3',
      '--limit-memory',
      '64m',
      '--health-cmd',
      'true',
      '--health-interval',
      '2s',
      'lab/busybox:1',
      'sh',
      '-c',
      'x=0123456789; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do x=$x$x; done; sleep 1d',
    ]);
    create(['--name', 'worker', '--replicas', '2', 'lab/busybox:1', 'sh', '-c', 'while :; do :; done']);
    create(['--name', 'cache', '--mode', 'global', 'lab/busybox:1', 'sleep', '1d']);
    create(['--name', 'report', '--limit-memory', '16m', '--restart-condition', 'none', 'lab/busybox:1', 'sh', '-c', 'x=0123456789; while :; do x=$x$x; done']);
    await waitUntil(
      () =>
        docker(1, ['service', 'ls', '--format', '{{.Replicas}}'])
          .split('\n')
          .filter(line => /^(\d+)\/\1/.test(line)).length >= 3,
      {timeoutMs: 90_000},
    );
    const term = TerminalSession.spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), '-H', labSockets().manager, '--nodes-via', NODES_VIA], {
      cols: 120,
      rows: 24,
      env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
      defaultTimeoutMs: 30_000,
    });
    try {
      await term.waitForText('worker');
      term.type(':tasks');
      term.write('\r');
      await term.waitForText(/worker\.1.*\d%/);
      await term.waitForText('OOM killed');
      await new Promise(resolve => setTimeout(resolve, 5000));
      await term.waitForQuiet(400, {timeoutMs: 15_000});
      const outDir = path.join(root, 'screenshots');
      mkdirSync(outDir, {recursive: true});
      writeFileSync(path.join(outDir, 'tasks-stats.svg'), screenSvg(term, {title: `swarmtop -H ${labSockets().manager} --nodes-via ${NODES_VIA}`}));
      writeFileSync(path.join(outDir, 'tasks-stats.txt'), screenText(term));
      console.log('saved screenshots/tasks-stats.svg and .txt');
    } finally {
      term.kill();
    }
  } finally {
    try {
      docker(1, ['service', 'rm', ...services]);
    } catch {
      // Gone with the lab.
    }
    if (startedLab) execFileSync('bash', [labScript, 'down'], {stdio: 'ignore'});
  }
}

main().catch(error => {
  console.error(`screenshot failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
