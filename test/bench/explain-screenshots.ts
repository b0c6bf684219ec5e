// README screenshots of the explanations (why pending, crash loops, what an
// update changed, the events pane), captured from the real console against the
// lab swarm:
//
//   npm run build && npm run build:bench && bash test/lab/locked.sh node .bench-dist/test/bench/explain-screenshots.js
//
// Needs the lab up (`bash test/lab/lab.sh up`) and free of other services. Sets
// node1's label zone=a and drains node3 for the captures, and puts both back,
// with its services removed, afterwards. Writes screenshots/explain-*.svg and .txt.
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {labDockerSync as docker, labSockets, waitUntil} from '../lab/lab.js';
import {screenSvg, screenText} from '../support/screenshot.js';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const outDir = path.resolve(process.env['SCREENSHOTS_DIR'] ?? path.join(root, 'screenshots'));
const create = ['service', 'create', '--detach', '--quiet', '--no-resolve-image'];
const SERVICES: ReadonlyArray<[string, string[]]> = [
  ['web', ['--replicas', '2', '--env', 'MODE=blue', '--update-delay', '1s', 'lab/busybox:1', 'sleep', '1d']],
  ['zoned', ['--constraint', 'node.labels.zone==eu', 'lab/busybox:1', 'sleep', '1d']],
  ['hungry', ['--reserve-memory', '500GiB', 'lab/busybox:1', 'sleep', '1d']],
  ['spread', ['--replicas', '3', '--replicas-max-per-node', '1', '--reserve-cpu', '0.25', 'lab/busybox:1', 'sleep', '1d']],
  ['crashy', ['--restart-delay', '1s', 'lab/busybox:1', 'sh', '-c', 'sleep 1; exit 137']],
];

const log = (message: string) => process.stderr.write(`explain-screenshots: ${message}\n`);
const nodeId = (name: string) => docker(1, ['node', 'inspect', name, '--format', '{{.ID}}']).trim();
const states = (service: string) => docker(1, ['service', 'ps', service, '--format', '{{.CurrentState}} {{.Error}}']);

async function capture(term: TerminalSession, name: string): Promise<void> {
  await term.waitForQuiet(400, {timeoutMs: 15_000});
  mkdirSync(outDir, {recursive: true});
  writeFileSync(path.join(outDir, `${name}.svg`), screenSvg(term, {title: `swarmtop -H ${labSockets().manager}`}));
  writeFileSync(path.join(outDir, `${name}.txt`), screenText(term));
  log(`saved screenshots/${name}.svg`);
}

async function prompt(term: TerminalSession, sigil: string, text: string): Promise<void> {
  term.press(sigil);
  await term.waitFor(session => session.screenLines().some(line => line.startsWith(sigil)), {description: `the ${sigil} prompt`});
  term.type(text);
  await term.waitFor(session => session.screenLines().some(line => line.startsWith(`${sigil}${text}`)), {description: text});
  term.press(keys.enter);
}

/** Esc, and a pause: an Esc followed at once by another key reads as Alt+key. */
async function escape(term: TerminalSession): Promise<void> {
  term.press(keys.escape);
  await new Promise(resolve => setTimeout(resolve, 300));
}

async function main(): Promise<void> {
  const others = docker(1, ['service', 'ls', '--format', '{{.Name}}']).split('\n').filter(Boolean);
  if (others.length > 0) throw new Error(`the lab runs other services (${others.join(', ')}): try again when it is free`);
  docker(1, ['node', 'update', '--label-add', 'zone=a', nodeId('node1')]);
  docker(1, ['node', 'update', '--availability', 'drain', nodeId('node3')]);
  let term: TerminalSession | undefined;
  try {
    for (const [name, args] of SERVICES) docker(1, [...create, '--name', name, ...args]);
    await waitUntil(() => /Failed.*exit \(137\)[\s\S]*Failed.*exit \(137\)[\s\S]*Failed/.test(states('crashy')), {timeoutMs: 90_000, intervalMs: 500});
    docker(1, [
      'service',
      'update',
      '--detach',
      '--quiet',
      '--no-resolve-image',
      '--image',
      'lab/busybox:2',
      '--env-add',
      'MODE=green',
      '--replicas',
      '3',
      '--reserve-memory',
      '16MiB',
      'web',
    ]);
    await waitUntil(() => docker(1, ['service', 'inspect', 'web', '--format', '{{.UpdateStatus.State}}']).trim() === 'completed', {timeoutMs: 60_000});
    // Started after the update, so its rollout view does not open by itself.
    term = TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager], {
      cols: 120,
      rows: 32,
      env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
      defaultTimeoutMs: 20_000,
    });

    // Why pending, on the service (one line) and on its task (node by node).
    await term.waitForText(/zoned\s+replicated\s+0\/1/);
    await prompt(term, '/', 'zoned');
    await term.waitForText('zoned pending: no node fits');
    term.press(keys.enter);
    await term.waitForText('zoned.1 pending:');
    await capture(term, 'explain-pending');
    await escape(term);
    await escape(term);
    await term.waitForNoText('tasks of zoned');

    await prompt(term, '/', 'hungry');
    await term.waitForText('hungry pending: no node fits');
    await capture(term, 'explain-resources');
    await escape(term);

    await prompt(term, '/', 'crashy');
    await term.waitForText('crashy crash-looping');
    term.press(keys.enter);
    await term.waitForText(/crashy\.1 crash-looping/);
    await capture(term, 'explain-crashloop');
    await escape(term);
    await escape(term);
    await term.waitForNoText('tasks of crashy');

    await prompt(term, '/', 'web');
    await term.waitForText(/\/web\s+1 of/);
    term.press('d');
    await term.waitForText('Last update:');
    await capture(term, 'explain-last-update');
    await escape(term);
    await escape(term);

    await prompt(term, ':', 'events');
    await term.waitForText('following');
    docker(1, ['service', 'scale', '--detach', 'spread=2']);
    docker(1, ['service', 'update', '--detach', '--quiet', '--no-resolve-image', '--image', 'lab/busybox:2', 'spread']);
    docker(1, ['node', 'update', '--label-add', 'disk=ssd', nodeId('node2')]);
    await term.waitForText(/service\s+update\s+spread\s+replicas 3→2/);
    await term.waitForText(/node\s+update\s+node2/);
    await new Promise(resolve => setTimeout(resolve, 3000));
    await capture(term, 'explain-events');
    term.press('q');
    await term.exit(5_000).catch(() => undefined);
  } finally {
    term?.kill();
    const ours = docker(1, ['service', 'ls', '--format', '{{.Name}}'])
      .split('\n')
      .filter(name => SERVICES.some(([service]) => service === name));
    if (ours.length) docker(1, ['service', 'rm', ...ours]);
    for (const [node, change] of [
      ['node1', ['--label-rm', 'zone']],
      ['node2', ['--label-rm', 'disk']],
      ['node3', ['--availability', 'active']],
    ] as const) {
      try {
        docker(1, ['node', 'update', ...change, nodeId(node)]);
      } catch {
        // The label was never added (the run stopped before).
      }
    }
  }
}

main().catch(error => {
  console.error(`explain screenshots failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
