// npm run fuzz: seeded random keys against the built console in a real pty,
// read-only, against the lab: every pane, dialog and prompt, with resizes from
// 20×10 to 250×80. Fails on a crash (the console ends other than by a quit
// key), anything on stderr (an unhandled rejection, a stack trace), or a frame
// taller than the terminal (the header pushed off the top row, or drawn twice).
//
//   FUZZ_SECONDS  how long (default 600; CI runs 60)
//   FUZZ_SEED     the seed (default: from the clock, printed so a failure can be replayed)
//   FUZZ_ENGINE   lab (default) or demo (the simulated swarm: no lab needed, for a quick local run)

import {type TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';
import {between, ensureLab, pick, populate, seededRandom, startConsole, type ConsoleRun} from './console-run.js';

const seconds = Number(process.env['FUZZ_SECONDS'] ?? 600);
const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const random = seededRandom(seed);
const onDemo = process.env['FUZZ_ENGINE'] === 'demo';

// Everything the keymap binds, except what quits or stops the process (q, Ctrl-C, Ctrl-Z, Ctrl-\).
const BOUND = ['j', 'k', 'g', 'G', 'h', 'o', 'l', 'd', 'y', 's', 'i', 'r', 'e', 'u', 'c', '+', '-', '1', '2', '3', '?', ':', '/', 'w', 'f', 't', 'n', 'N', ' '];
const SPECIAL = [
  keys.up,
  keys.down,
  keys.left,
  keys.right,
  keys.pageUp,
  keys.pageDown,
  keys.home,
  keys.end,
  keys.enter,
  keys.escape,
  keys.tab,
  keys.shiftTab,
  keys.backspace,
  '\x02',
  '\x06',
  '\x12',
  '\x0c',
  '\x04',
  '\x01',
  '\x05',
  '\x17',
  '\x15',
];
const COMMANDS = ['nodes', 'services', 'svc', 'tasks', 'stacks', 'networks', 'secrets', 'configs', 'swarm', 'help', 'no-such-view', 'logs', ''];
const PRINTABLE = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPRSTUVWXYZ[\\]^_`abcdefghijklmnoprstuvwxyz{|}~éü漢😀';

function randomText(): string {
  const length = between(random, 0, 12);
  let text = '';
  for (let i = 0; i < length; i++) text += pick(random, [...PRINTABLE]);
  return text;
}

type Step =
  | {kind: 'key'; data: string}
  | {kind: 'command'; text: string}
  | {kind: 'filter'; text: string}
  | {kind: 'resize'; cols: number; rows: number}
  | {kind: 'wait'; ms: number};

function nextStep(): Step {
  const roll = random();
  if (roll < 0.5) return {kind: 'key', data: pick(random, BOUND)};
  if (roll < 0.7) return {kind: 'key', data: pick(random, SPECIAL)};
  if (roll < 0.78) return {kind: 'key', data: pick(random, [...PRINTABLE])};
  if (roll < 0.85) return {kind: 'command', text: pick(random, COMMANDS)};
  if (roll < 0.9) return {kind: 'filter', text: randomText()};
  if (roll < 0.96) return {kind: 'resize', cols: between(random, 20, 250), rows: between(random, 10, 80)};
  return {kind: 'wait', ms: between(random, 100, 1500)};
}

function describeStep(step: Step): string {
  switch (step.kind) {
    case 'key':
      return `key ${JSON.stringify(step.data)}`;
    case 'command':
      return `:${step.text}`;
    case 'filter':
      return `/${step.text}`;
    case 'resize':
      return `resize ${step.cols}x${step.rows}`;
    case 'wait':
      return `wait ${step.ms} ms`;
  }
}

function apply(term: TerminalSession, step: Step): void {
  switch (step.kind) {
    case 'key':
      term.write(step.data);
      return;
    case 'command':
      term.write(':');
      term.write(step.text);
      term.write(keys.enter);
      return;
    case 'filter':
      term.write('/');
      term.write(step.text);
      if (random() < 0.7) term.write(keys.enter);
      return;
    case 'resize':
      term.resize(step.cols, step.rows);
      return;
    case 'wait':
      return;
  }
}

/** Why the frame on screen is wrong, or undefined. Only asked once the console is quiet. */
function frameProblem(term: TerminalSession): string | undefined {
  const lines = term.screenLines();
  if (!lines[0]?.startsWith('swarmtop')) return 'the header is not on the top row (a frame taller than the terminal scrolled it off)';
  const headers = lines.filter(line => line.startsWith('swarmtop ')).length;
  if (headers > 1) return `the header is on screen ${headers} times`;
  return undefined;
}

class FuzzFailure extends Error {}

async function main(): Promise<void> {
  console.log(`fuzz: ${seconds} s, seed ${seed} (replay with FUZZ_SEED=${seed})`);
  const restoreLab = onDemo ? () => {} : ensureLab();
  const cleanUp = onDemo ? () => {} : await populate();
  let run: ConsoleRun | undefined;
  const recent: string[] = [];
  let steps = 0;
  let restarts = 0;
  let checks = 0;
  const sizes = {minCols: 999, maxCols: 0, minRows: 999, maxRows: 0};
  try {
    const deadline = Date.now() + seconds * 1000;
    const start = (cols: number, rows: number) => {
      run = onDemo ? startConsole(cols, rows, ['--refresh', '1', '--demo'], 'unix:///dev/null') : startConsole(cols, rows, ['--refresh', '1']);
      return run.term.waitForText(/^swarmtop/m, {timeoutMs: 20_000});
    };
    await start(between(random, 20, 250), between(random, 10, 80));
    while (Date.now() < deadline) {
      const {term} = run!;
      const step = nextStep();
      recent.push(describeStep(step));
      if (recent.length > 30) recent.shift();
      if (step.kind === 'resize') {
        sizes.minCols = Math.min(sizes.minCols, step.cols);
        sizes.maxCols = Math.max(sizes.maxCols, step.cols);
        sizes.minRows = Math.min(sizes.minRows, step.rows);
        sizes.maxRows = Math.max(sizes.maxRows, step.rows);
      }
      if (term.exitStatus === undefined) apply(term, step);
      steps += 1;
      await new Promise(resolve => setTimeout(resolve, step.kind === 'wait' ? step.ms : between(random, 5, 60)));

      const stderr = run!.stderr();
      if (stderr.trim()) throw new FuzzFailure(`the console wrote to stderr:\n${stderr}`);
      if (term.exitStatus !== undefined) {
        // A quit (a prompt command can reach one) ends with 0; anything else is a crash.
        if (term.exitStatus.exitCode !== 0 || term.exitStatus.signal)
          throw new FuzzFailure(
            `the console ended with exit code ${term.exitStatus.exitCode}${term.exitStatus.signal ? `, signal ${term.exitStatus.signal}` : ''}`,
          );
        restarts += 1;
        await start(between(random, 20, 250), between(random, 10, 80));
        continue;
      }
      if (steps % 10 === 0) {
        // Judge the frame only once drawing has settled (a log view streams, so it may not).
        const quiet = await term.waitForQuiet(250, {timeoutMs: 1500}).then(
          () => true,
          () => false,
        );
        if (quiet && term.exitStatus === undefined) {
          checks += 1;
          const problem = frameProblem(term);
          if (problem) throw new FuzzFailure(problem);
        }
      }
    }
    console.log(
      `fuzz: passed — ${steps} steps, ${checks} frames checked, ${restarts} restarts after a quit, sizes ${sizes.minCols}..${sizes.maxCols} × ${sizes.minRows}..${sizes.maxRows}`,
    );
  } catch (error) {
    console.error(`fuzz: FAILED after ${steps} steps (seed ${seed}): ${(error as Error).message}`);
    console.error(`last steps: ${recent.join(' · ')}`);
    if (run) console.error(`screen (${run.term.exitStatus ? 'exited' : 'running'}):\n${run.term.screenLines().join('\n')}`);
    process.exitCode = 1;
  } finally {
    run?.term.kill();
    cleanUp();
    restoreLab();
  }
}

await main();
