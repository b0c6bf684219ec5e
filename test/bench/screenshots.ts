// README screenshots, captured from the real console against the lab swarm.
//
//   npm run build && npm run build:bench && node .bench-dist/test/bench/screenshots.js
//
// Starts the lab unless one is up already, creates a small but realistic set
// of services (converged, global, crash-looping, unschedulable), runs the
// built CLI in a real pseudo-terminal, and saves what the terminal shows as
// SVG (screenshots/*.svg) and text (screenshots/*.txt). Removes its services
// afterwards, and takes the lab down again if it started it.
//
// SCREENSHOTS_DIR overrides the output directory; SCREENSHOTS_RAW_DIR, if set,
// gets the console's raw output (escape sequences included) up to each capture.
import {execFileSync} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {labDockerSync as labDocker, labSockets, waitUntil, labIsUp} from '../lab/lab.js';
import {screenSvg, screenText} from '../support/screenshot.js';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const labScript = path.join(root, 'test', 'lab', 'lab.sh');
const outDir = path.resolve(process.env['SCREENSHOTS_DIR'] ?? path.join(root, 'screenshots'));

/** The services the screenshots show, created with `docker service create --detach --no-resolve-image`. */
const SERVICES: ReadonlyArray<{name: string; args: string[]}> = [
  {
    name: 'web',
    args: [
      '--replicas',
      '3',
      '--replicas-max-per-node',
      '1',
      '--publish',
      '8080:80',
      '--env',
      'NODE={{.Node.Hostname}}',
      'lab/busybox:1',
      'sh',
      '-c',
      'i=0; while true; do echo "GET /api/items/$i 200 served by $NODE"; [ $((i % 5)) -eq 4 ] && echo "slow upstream: $i" >&2; i=$((i+1)); sleep 0.7; done',
    ],
  },
  {name: 'api', args: ['--replicas', '2', 'lab/busybox:2', 'sleep', '1d']},
  {name: 'agent', args: ['--mode', 'global', 'lab/busybox:1', 'sleep', '1d']},
  {name: 'crashy', args: ['--restart-delay', '2s', 'lab/busybox:1', 'sh', '-c', 'sleep 3; exit 137']},
  {name: 'stuck', args: ['--constraint', 'node.labels.zone==nowhere', 'lab/busybox:1', 'sleep', '1d']},
];
const SERVICE_NAMES = SERVICES.map(service => service.name);

function log(message: string): void {
  process.stderr.write(`screenshots: ${message}\n`);
}

/**
 * Identifies the running lab instance (node1's dockerd pid and start time, as
 * lab.sh records them), so that a lab someone else restarted meanwhile is not
 * taken down.
 */
function labInstance(): string | undefined {
  const run = process.env['STLAB_RUN'] || '/run/stlab';
  try {
    const pidFile = path.join(run, 'node1.dockerd.pid');
    return `${readFileSync(pidFile, 'utf8').trim()}@${readFileSync(`${pidFile}.start`, 'utf8').trim()}`;
  } catch {
    return undefined;
  }
}

function existingServices(): string[] {
  const names = labDocker(1, ['service', 'ls', '--format', '{{.Name}}'])
    .split('\n')
    .map(line => line.trim());
  return SERVICE_NAMES.filter(name => names.includes(name));
}

function removeServices(): void {
  const present = existingServices();
  if (present.length > 0) labDocker(1, ['service', 'rm', ...present]);
}

/** `docker service ls` replicas column by service name ("3/3", "0/1", ...). */
function replicas(): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of labDocker(1, ['service', 'ls', '--format', '{{.Name}} {{.Replicas}}']).split('\n')) {
    const [name, count] = line.trim().split(/\s+/);
    if (name && count) map.set(name, count);
  }
  return map;
}

function taskStates(service: string): string[] {
  return labDocker(1, ['service', 'ps', service, '--format', '{{.CurrentState}}'])
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean);
}

async function createServices(): Promise<void> {
  removeServices();
  const others = labDocker(1, ['service', 'ls', '--format', '{{.Name}}']).split('\n').filter(Boolean);
  if (others.length > 0) {
    throw new Error(`the lab runs other services (${others.join(', ')}): is a test using it? Try again when it is done`);
  }
  for (const service of SERVICES) {
    labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', service.name, ...service.args]);
  }
  log('waiting for the services to settle…');
  let counts = new Map<string, string>();
  await waitUntil(
    () => {
      counts = replicas();
      return counts.get('web') === '3/3' && counts.get('api') === '2/2' && counts.get('agent') === '3/3';
    },
    {timeoutMs: 90_000, intervalMs: 500, what: 'web 3/3, api 2/2, agent 3/3'},
  ).catch((error: Error) => {
    throw new Error(`${error.message}; replicas: ${JSON.stringify(Object.fromEntries(counts))}`);
  });
  await waitUntil(() => taskStates('stuck').some(state => state.startsWith('Pending')), {
    timeoutMs: 30_000,
    intervalMs: 500,
    what: 'stuck pending',
  });
  // Two failed attempts, so the task history has something to show.
  await waitUntil(() => taskStates('crashy').filter(state => state.startsWith('Failed')).length >= 2, {
    timeoutMs: 90_000,
    intervalMs: 500,
    what: 'crashy failed twice',
  });
}

function startConsole(cols: number, rows: number): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager], {
    cols,
    rows,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
    defaultTimeoutMs: 20_000,
  });
}

/** Wait until the console has stopped drawing (the 2 s refresh leaves ample gaps), then save. */
async function capture(term: TerminalSession, name: string, title: string): Promise<void> {
  await term.waitForQuiet(400, {timeoutMs: 15_000});
  mkdirSync(outDir, {recursive: true});
  const svg = screenSvg(term, {title});
  writeFileSync(path.join(outDir, `${name}.svg`), svg);
  writeFileSync(path.join(outDir, `${name}.txt`), screenText(term));
  // Everything the console printed up to here, escape sequences included, for debugging its rendering.
  const rawDir = process.env['SCREENSHOTS_RAW_DIR'];
  if (rawDir) {
    mkdirSync(rawDir, {recursive: true});
    writeFileSync(path.join(rawDir, `${name}.raw`), term.rawOutput());
  }
  log(`saved ${path.relative(root, path.join(outDir, name))}.svg (${svg.length} bytes) and .txt`);
}

/**
 * Open the `/` or `:` prompt, type `text` and submit it, key by key and each
 * once the console has drawn the previous one, as a person types.
 */
async function typeIntoPrompt(term: TerminalSession, sigil: string, text: string): Promise<void> {
  const promptLine = (session: TerminalSession, typed: string): boolean => session.screenLines().some(line => line.startsWith(`${sigil}${typed}`));
  term.press(sigil);
  await term.waitFor(session => promptLine(session, ''), {description: `the ${sigil} prompt`});
  for (let i = 1; i <= text.length; i++) {
    term.type(text[i - 1]!);
    await term.waitFor(session => promptLine(session, text.slice(0, i)), {description: `${sigil}${text.slice(0, i)} in the prompt`});
  }
  term.press(keys.enter);
}

async function waitForServicesPane(term: TerminalSession): Promise<void> {
  await term.waitFor(
    session => {
      const text = session.screenText();
      return (
        /web\s+replicated\s+3\/3/.test(text) &&
        /api\s+replicated\s+2\/2/.test(text) &&
        /agent\s+global\s+3\/3/.test(text) &&
        /crashy\s/.test(text) &&
        /stuck\s/.test(text)
      );
    },
    {description: 'all five services, converged'},
  );
}

async function captureAll(): Promise<void> {
  const title = `swarmtop -H ${labSockets().manager}`;
  const term = startConsole(120, 40);
  try {
    await waitForServicesPane(term);
    await capture(term, 'services', title);

    await typeIntoPrompt(term, '/', 'crashy');
    await term.waitForText(/\/crashy\s+1 of/);
    term.press(keys.enter);
    await term.waitForText('tasks of crashy');
    // The current attempt plus its failed predecessors.
    await term.waitFor(session => (session.screenText().match(/\\_ crashy\.1/g) ?? []).length >= 2, {
      description: 'crashy.1 with at least two past tasks',
    });
    await capture(term, 'tasks', title);

    term.press(keys.escape);
    await term.waitForNoText('tasks of crashy');
    await typeIntoPrompt(term, ':', 'nodes');
    await term.waitForText(/node1\s+Manager\s+Ready/);
    await term.waitForText(/node3\s+Worker\s+Ready/);
    await capture(term, 'nodes', title);

    term.press('?');
    await term.waitForText('Help —');
    await capture(term, 'help', title);
    term.press(keys.escape);
    await term.waitForNoText('Help —');

    // The logs of every replica of web, then its description.
    await typeIntoPrompt(term, ':', 'services');
    await typeIntoPrompt(term, '/', 'web');
    await term.waitForText(/\/web\s+1 of/);
    term.press('l');
    await term.waitFor(session => [1, 2, 3].every(slot => new RegExp(`web\\.${slot}@node\\d`).test(session.screenText())), {
      description: 'lines from web.1, web.2 and web.3',
    });
    await capture(term, 'logs', title);
    term.press(keys.escape);
    await term.waitForNoText('logs of web');
    term.press('d');
    await term.waitForText('describe service web');
    await capture(term, 'describe', title);
    term.press(keys.escape);
    await term.waitForNoText('describe service web');

    // A rolling update started by another client: a notice in the status line, and o watches it.
    labDocker(1, [
      'service',
      'update',
      '--detach',
      '--no-resolve-image',
      '--image',
      'lab/busybox:2',
      '--update-parallelism',
      '1',
      '--update-delay',
      '4s',
      'web',
    ]);
    await term.waitForText('web is updating — o watches it');
    term.press('o');
    await term.waitForText(/rollout of web/);
    await term.waitForText('lab/busybox:2');
    // Part way: the first slot replaced, the next waiting out the delay.
    await new Promise(resolve => setTimeout(resolve, 5000));
    await capture(term, 'rollout', title);

    term.press('q');
    await term.exit(5_000).catch(() => undefined);
  } finally {
    term.kill();
  }

  const small = startConsole(80, 24);
  try {
    await waitForServicesPane(small);
    await capture(small, '80x24', title);
    small.press('q');
    await small.exit(5_000).catch(() => undefined);
  } finally {
    small.kill();
  }
}

async function main(): Promise<void> {
  const startedLab = !labIsUp();
  let ourLab: string | undefined;
  let cleanedUp = false;
  const cleanup = (): void => {
    if (cleanedUp) return;
    cleanedUp = true;
    try {
      removeServices();
    } catch {
      // Gone with the lab.
    }
    if (!startedLab) return;
    const current = labInstance();
    if (current !== undefined && ourLab !== undefined && current !== ourLab) {
      log('the lab was restarted by someone else meanwhile: leaving it up');
      return;
    }
    log('taking the lab down…');
    execFileSync('bash', [labScript, 'down'], {stdio: 'ignore'});
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanup();
      process.exit(130);
    });
  }

  try {
    if (startedLab) {
      log('starting the lab swarm…');
      execFileSync('bash', [labScript, 'up'], {stdio: ['ignore', 'ignore', 'inherit']});
      ourLab = labInstance();
    }
    await createServices();
    await captureAll();
  } finally {
    cleanup();
  }
}

main().catch(error => {
  console.error(`screenshots failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
