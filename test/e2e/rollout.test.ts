import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {labDocker, labDockerSync as docker, labSkipReason, labSockets, startNode, stopNode, waitUntil} from '../lab/lab.js';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();
const SERVICE = 'ro-web';

function startConsole(args: string[] = [], configHome?: string): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, ...args], {
    cols: 140,
    rows: 40,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, XDG_CONFIG_HOME: configHome ?? path.join(os.tmpdir(), 'swarmtop-no-config')},
  });
}

/** A config folder whose config.yml asks for rollouts started elsewhere to open their view. */
function followingRollouts(): string {
  const home = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-follow-'));
  mkdirSync(path.join(home, 'swarmtop'));
  writeFileSync(path.join(home, 'swarmtop', 'config.yml'), 'followRollouts: true\n');
  return home;
}

const inspect = (format: string) => docker(1, ['service', 'inspect', SERVICE, '--format', format]).trim();
const runningImages = () =>
  docker(1, ['service', 'ps', SERVICE, '--filter', 'desired-state=running', '--format', '{{.Image}} {{.CurrentState}}'])
    .split('\n')
    .filter(line => line.includes('Running'))
    .map(line => line.split(' ')[0]);

/** Everything the screen showed while `until` was pending: sampled often, so passing states are caught. */
async function watchScreen(term: TerminalSession, until: () => Promise<unknown>): Promise<string[]> {
  const frames: string[] = [];
  const sample = () => {
    const text = term.screenText();
    if (frames.at(-1) !== text) frames.push(text);
  };
  const timer = setInterval(sample, 50);
  try {
    await until();
  } finally {
    clearInterval(timer);
    sample();
  }
  return frames;
}

const progressValues = (frames: readonly string[]) => [
  ...new Set(frames.flatMap(frame => [...frame.matchAll(/(\d+)\/3 on the new spec/g)].map(match => Number(match[1])))),
];

/**
 * Returns once the console's event stream is up, which it shows nowhere else: a config made
 * now is listed on its :events pane only then (the stream carries no past events), so one is
 * made until it is. Leaves the console on the services pane.
 */
async function eventStreamLive(term: TerminalSession): Promise<void> {
  const command = (name: string) => {
    term.press(':');
    term.type(name);
    term.press(keys.enter);
  };
  command('events');
  await term.waitForText(/^events\s/m);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'swarmtop-probe-')), 'probe');
  writeFileSync(file, 'probe\n');
  for (let attempt = 1; ; attempt++) {
    const name = `ro-probe-${attempt}`;
    docker(1, ['config', 'create', name, file]);
    try {
      await term.waitForText(new RegExp(`config\\s+create\\s+${name}`), {timeoutMs: 2000});
      break;
    } catch (error) {
      if (attempt === 5) throw error;
    } finally {
      docker(1, ['config', 'rm', name]);
    }
  }
  command('services');
  await term.waitForText(/NAME\s+MODE\s+REPLICAS/);
}

describe.skipIf(skip)('watching rollouts live, against the lab swarm', () => {
  let term: TerminalSession | undefined;

  beforeAll(async () => {
    docker(1, [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--name',
      SERVICE,
      '--replicas',
      '3',
      '--update-parallelism',
      '1',
      '--update-delay',
      '2s',
      '--update-monitor',
      '2s',
      'lab/busybox:1',
      'sleep',
      '1d',
    ]);
    await waitUntil(() => runningImages().length === 3, {timeoutMs: 60_000});
  });

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  afterAll(() => {
    docker(1, ['service', 'rm', SERVICE]);
  });

  it('shows a change made by another client at once, long before the poll would', async () => {
    // A 30 s poll: only the event stream can bring the change on screen this fast.
    term = startConsole(['--refresh', '30']);
    await term.waitForText(new RegExp(`${SERVICE}\\s+replicated\\s+3/3`));
    await eventStreamLive(term);
    await term.waitForText(new RegExp(`${SERVICE}\\s+replicated\\s+3/3`));
    const started = Date.now();
    docker(1, ['service', 'scale', `${SERVICE}=4`, '-d']);
    await term.waitForText(new RegExp(`${SERVICE}\\s+replicated\\s+\\d/4`), {timeoutMs: 5000});
    expect(Date.now() - started).toBeLessThan(2000);
    docker(1, ['service', 'scale', `${SERVICE}=3`, '-d']);
    await term.waitForText(new RegExp(`${SERVICE}\\s+replicated\\s+\\d/3`), {timeoutMs: 5000});
    await waitUntil(() => runningImages().length === 3, {timeoutMs: 30_000});
  });

  it('follows an update started by the docker CLI, slot by slot, to its end', {timeout: 120_000}, async () => {
    // An operator who follows rollouts (config followRollouts: true); by default it is a notice (test/e2e/custom.test.ts).
    term = startConsole([], followingRollouts());
    await term.waitForText(new RegExp(`${SERVICE}\\s+replicated\\s+3/3\\s+lab/busybox:1`));
    const update = labDocker(1, ['service', 'update', '--detach', '--no-resolve-image', '--image', 'lab/busybox:2', SERVICE]);
    const frames = await watchScreen(term, async () => {
      await update;
      // The services pane opens the rollout on its own when an update starts.
      await term!.waitForText(`rollout of ${SERVICE}`, {timeoutMs: 10_000});
      await term!.waitForText(new RegExp(`${SERVICE} updated in \\d+ s`), {timeoutMs: 90_000});
    });
    const all = frames.join('\n');
    expect(all).toContain(`${SERVICE}  updating  lab/busybox:1 → lab/busybox:2`);
    expect(all).toContain('update: parallelism 1 · delay 2 s · on failure pause · monitor 2 s');
    expect(all).toContain('engine: update in progress');
    // Progress went through the intermediate states to the end.
    const seen = progressValues(frames);
    expect(seen).toContain(1);
    expect(seen).toContain(2);
    expect(seen).toContain(3);
    expect(all).toMatch(/lab\/busybox:1 → lab\/busybox:2\s+(Preparing|Starting|Assigned|Pending|Ready)/);
    const last = frames.at(-1)!;
    expect(last).toContain(`${SERVICE}  update completed`);
    expect(last).toMatch(/3\/3 on the new spec · \d+ s elapsed/);
    expect(last).toContain('engine: update completed');
    expect(inspect('{{.UpdateStatus.State}}')).toBe('completed');
  });

  it('shows a failing update’s task errors, the rollback, and how it ended', {timeout: 150_000}, async () => {
    const before = inspect('{{.Spec.TaskTemplate.ContainerSpec.Image}}');
    term = startConsole();
    await term.waitForText(new RegExp(`${SERVICE}\\s+replicated\\s+3/3\\s+${before}`));
    // Opened by hand this time: o on the service.
    term.type(`/${SERVICE}`);
    term.press(keys.enter);
    await term.waitForText(new RegExp(`/${SERVICE}\\s+1 of`));
    term.press('o');
    await term.waitForText(`rollout of ${SERVICE}`);
    // One failed slot of three is tolerated and the next starts 3 s later: the update stays in
    // "updating" for seconds before the second failure rolls it back. (Failing on the first, it
    // moved on to the rollback within one refresh on a loaded machine, and no frame showed it.)
    const update = labDocker(1, [
      'service',
      'update',
      '--detach',
      '--no-resolve-image',
      '--image',
      'lab/busybox:missing',
      '--update-failure-action',
      'rollback',
      '--update-monitor',
      '5s',
      '--update-max-failure-ratio',
      '0.5',
      '--update-delay',
      '3s',
      SERVICE,
    ]);
    const frames = await watchScreen(term, async () => {
      await update;
      await term!.waitForText(new RegExp(`${SERVICE} rolled back in \\d+ s`), {timeoutMs: 120_000});
    });
    const all = frames.join('\n');
    if (process.env['ROLLOUT_FRAMES']) (await import('node:fs')).writeFileSync(process.env['ROLLOUT_FRAMES'], frames.join('\n=====\n'));
    expect(all).toContain(`${SERVICE}  updating  ${before} → lab/busybox:missing`);
    // The task error, in the engine's words, while the update fails.
    expect(all).toMatch(/lab\/busybox:missing[^\n]*(No such image|not found|pull access denied|manifest unknown)/i);
    expect(all).toContain(`${SERVICE}  rolling back`);
    expect(all).toContain('rollback: ');
    const last = frames.at(-1)!;
    expect(last).toMatch(new RegExp(`${SERVICE} rolled back in \\d+ s: .+`));
    expect(last).toContain(`${SERVICE}  rolled back`);
    await waitUntil(() => inspect('{{.UpdateStatus.State}}') === 'rollback_completed', {timeoutMs: 30_000});
    await waitUntil(
      () => {
        const images = runningImages();
        return images.length === 3 && images.every(image => image === before);
      },
      {timeoutMs: 60_000},
    );
  });

  it('reconnects to the event stream by itself when the manager is back', {timeout: 150_000}, async () => {
    // A 30 s poll: a quick refresh afterwards comes from the event stream alone. (With the whole
    // manager gone the connection-lost banner speaks for both; "events down" is for the stream alone.)
    term = startConsole(['--refresh', '30']);
    await term.waitForText(new RegExp(`${SERVICE}\\s+replicated\\s+3/3`));
    try {
      await stopNode(1);
      await term.waitForText(/events down: polling|connection lost/, {timeoutMs: 15_000});
    } finally {
      await startNode(1);
    }
    await term.waitFor(session => !/events down|stale|connection lost/.test(session.screenText()), {timeoutMs: 60_000});
    await waitUntil(() => runningImages().length === 3, {timeoutMs: 60_000});
    const started = Date.now();
    docker(1, ['service', 'scale', `${SERVICE}=2`, '-d']);
    await term.waitForText(new RegExp(`${SERVICE}\\s+replicated\\s+\\d/2`), {timeoutMs: 5000});
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('shows why an update paused, and u sends it again from the rollout view', {timeout: 150_000}, async () => {
    term = startConsole();
    await term.waitForText(new RegExp(`${SERVICE}\\s+replicated`));
    const update = labDocker(1, [
      'service',
      'update',
      '--detach',
      '--no-resolve-image',
      '--image',
      'lab/busybox:missing',
      '--update-failure-action',
      'pause',
      '--update-monitor',
      '5s',
      SERVICE,
    ]);
    await update;
    // Started elsewhere: a notice says so, and o watches it.
    await term.waitForText(`${SERVICE} is updating — o watches it`, {timeoutMs: 10_000});
    term.press('o');
    await term.waitForText(`rollout of ${SERVICE}`, {timeoutMs: 10_000});
    await term.waitForText(`${SERVICE}  update paused`, {timeoutMs: 90_000});
    await term.waitForText(/engine: update paused due to failure or early termination of task \w+/);
    await term.waitForText(/lab\/busybox:missing[^\n]*(No such image|not found|pull access denied|manifest unknown)/i, {timeoutMs: 10_000});
    const version = Number(inspect('{{.Version.Index}}'));
    term.press('u');
    await term.waitForText(`Resume the paused update of ${SERVICE}? [y/N]`);
    term.press('y');
    await term.waitForText(`${SERVICE} update resumed`);
    // The spec went back unchanged, as \`docker service update\` sends it, and the engine cleared the pause
    // (engine 20.10 then leaves the status empty, exactly as after the docker CLI's re-issue).
    await waitUntil(() => Number(inspect('{{.Version.Index}}')) > version, {timeoutMs: 10_000});
    expect(inspect('{{.Spec.TaskTemplate.ContainerSpec.Image}}')).toBe('lab/busybox:missing');
    await waitUntil(() => inspect('{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}') !== 'paused', {timeoutMs: 10_000});
    await term.waitForNoText(`${SERVICE}  update paused`, {timeoutMs: 10_000});
  });
});
