import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {labDockerSync as docker, labSkipReason, labSockets, waitUntil} from '../lab/lab.js';
import {filterTo} from '../support/console-steps.js';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

// Jobs and failures named for what they are (issue 24, items 1 and 2), on the lab
// swarm: the services are made with the docker CLI, as another operator would,
// and read off the screen of the built console.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();
const PREFIX = 'jb-';
const create = ['service', 'create', '--detach', '--quiet', '--no-resolve-image'];

function startConsole(args: string[] = []): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, '--refresh', '0.5', ...args], {
    cols: 180,
    rows: 40,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
  });
}

/** The screen as one line: summaries wrap, and a sentence may span two rows. */
const flat = (term: TerminalSession) => term.screenText().replace(/\s+/g, ' ');
const waitForSentence = (term: TerminalSession, sentence: string | RegExp, timeoutMs = 30_000) =>
  term.waitFor(session => (typeof sentence === 'string' ? flat(session).includes(sentence) : sentence.test(flat(session))), {
    timeoutMs,
    description: `sentence ${String(sentence)}`,
  });

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** REPLICAS as `docker service ls` prints it: the console must read the same. */
const listedReplicas = (service: string) => docker(1, ['service', 'ls', '--filter', `name=${service}`, '--format', '{{.Replicas}}']).trim();
const inspect = (service: string, format: string) => docker(1, ['service', 'inspect', service, '--format', format]).trim();
const taskErrors = (service: string) =>
  docker(1, ['service', 'ps', service, '--no-trunc', '--format', '{{.CurrentState}}|{{.Error}}']).split('\n').filter(Boolean);
const ours = () =>
  docker(1, ['service', 'ls', '--format', '{{.Name}}'])
    .split('\n')
    .filter(name => name.startsWith(PREFIX));

describe.skipIf(skip)('jobs and named failures, against the lab swarm', () => {
  let term: TerminalSession | undefined;

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  afterAll(() => {
    const names = ours();
    if (names.length) docker(1, ['service', 'rm', ...names]);
  });

  it(
    'a replicated job of 3 completions, one at a time: counted as docker counts it, complete in the header, and r runs it again',
    {timeout: 180_000},
    async () => {
      docker(1, [
        ...create,
        '--name',
        'jb-batch',
        '--mode',
        'replicated-job',
        '--replicas',
        '3',
        '--max-concurrent',
        '1',
        'lab/busybox:1',
        'sh',
        '-c',
        'sleep 1',
      ]);
      await waitUntil(() => listedReplicas('jb-batch').includes('(3/3 completed)'), {timeoutMs: 90_000});
      const listed = listedReplicas('jb-batch');
      term = startConsole();
      await term.waitForText(new RegExp(`jb-batch\\s+replicated job\\s+${escapeRegExp(listed)}`));
      expect(listed).toMatch(/^0\/\d+ \(3\/3 completed\)$/);
      // A finished job is no unconverged service: the header counts it as complete.
      await term.waitForText(/services (\d+)\/\1 converged \(\d+ jobs? complete\)/);
      await filterTo(term, 'jb-batch');
      await waitForSentence(term, /jb-batch job: complete · iteration 0 · last run started .* ago, finished .* ago/);
      expect(flat(term)).not.toContain('crash-looping');

      const iteration = Number(inspect('jb-batch', '{{.JobStatus.JobIteration.Index}}'));
      term.press('r');
      await term.waitForText('Run job jb-batch again? [y/N]');
      term.press('y');
      await waitForSentence(term, 'jb-batch running again: a new iteration started');
      await waitUntil(() => Number(inspect('jb-batch', '{{.JobStatus.JobIteration.Index}}')) > iteration, {timeoutMs: 20_000});
      await waitForSentence(term, `jb-batch job: complete · iteration ${iteration + 1}`, 90_000);
      await term.waitForText(/jb-batch\s+replicated job\s+0\/\d+ \(3\/3 completed\)/);
      term.kill();

      // Read-only mode has no r: nothing asks, nothing runs.
      term = startConsole(['--readonly']);
      await filterTo(term, 'jb-batch');
      term.press('r');
      await term.waitForText('read-only');
      expect(term.screenText()).not.toContain('[y/N]');
      expect(Number(inspect('jb-batch', '{{.JobStatus.JobIteration.Index}}'))).toBe(iteration + 1);
    },
  );

  it('a global job: one completion per node, counted as docker counts it', {timeout: 120_000}, async () => {
    docker(1, [...create, '--name', 'jb-sweep', '--mode', 'global-job', 'lab/busybox:1', 'true']);
    await waitUntil(() => /\((\d+)\/\1 completed\)/.test(listedReplicas('jb-sweep')) && !listedReplicas('jb-sweep').startsWith('0/0 (0'), {timeoutMs: 60_000});
    const listed = listedReplicas('jb-sweep');
    term = startConsole();
    await term.waitForText(new RegExp(`jb-sweep\\s+global job\\s+${escapeRegExp(listed)}`));
    await filterTo(term, 'jb-sweep');
    await waitForSentence(term, /jb-sweep job: complete/);
  });

  it('a service on an image nobody has cannot start, for the engine’s reason; it is no crash loop', {timeout: 120_000}, async () => {
    docker(1, [...create, '--name', 'jb-ghost', '--restart-delay', '1s', 'nobody/nothing:9']);
    await waitUntil(() => taskErrors('jb-ghost').filter(line => line.includes('No such image')).length >= 2, {timeoutMs: 90_000});
    term = startConsole();
    await filterTo(term, 'jb-ghost');
    await waitForSentence(term, /jb-ghost cannot start: No such image: nobody\/nothing:9 \(tried (\d+ times|once) on node\d( ×\d+)?(, node\d( ×\d+)?)*\)/);
    expect(flat(term)).not.toContain('crash-looping');
    term.press(keys.enter);
    await waitForSentence(term, /jb-ghost\.1 cannot start: No such image: nobody\/nothing:9 \(tried/);
    await term.waitForText(/jb-ghost\.1\s+nobody\/nothing:9\s.*Cannot start \(/);
    expect(flat(term)).not.toContain('crash-looping');
  });

  it('an update to a command that exits at once rolls back, and the console says why', {timeout: 180_000}, async () => {
    docker(1, [...create, '--name', 'jb-flaky', '--update-failure-action', 'rollback', '--update-monitor', '3s', 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => listedReplicas('jb-flaky') === '1/1', {timeoutMs: 60_000});
    term = startConsole();
    await filterTo(term, 'jb-flaky');
    docker(1, ['service', 'update', '--detach', '--quiet', '--no-resolve-image', '--entrypoint', 'sh -c "exit 9"', 'jb-flaky']);
    const notice = /jb-flaky rolled back in [\w ]+: jb-flaky\.1 exited with 9 during the update \(failure ratio 0\)/;
    // The notice of the rollout's end says why, while the console watches.
    await waitForSentence(term, notice, 120_000);
    await waitUntil(() => inspect('jb-flaky', '{{.UpdateStatus.State}}') === 'rollback_completed', {timeoutMs: 30_000});
    // The status line and describe say the same once the notice is gone.
    await waitForSentence(term, 'jb-flaky update: rolled back: jb-flaky.1 exited with 9 during the update (failure ratio 0)');
    await term.waitForText(/jb-flaky\s+replicated\s+1\/1\s+lab\/busybox:1\s+rolled back: jb-flaky\.1 exited/);
    term.type('d');
    await waitForSentence(term, 'Outcome: rolled back: jb-flaky.1 exited with 9 during the update (failure ratio 0)');
  });
});
