// `swarmtop stack plan` and `swarmtop stack deploy`: what a compose file would change on the
// swarm, and applying it, for pipelines. The flags are one table (STACK_FLAGS), read by the same
// reader as the console's (cli-args.ts). Exit codes: plan 0 nothing would change, 3 something
// would; deploy 0 applied and converged; both 1 on an error, a refusal or a failed update, and
// 2 on usage. Everything printed passes through the display sanitizer.

import type {SwarmClient} from '../docker/client.js';
import type {ComposeProblem, StackPlan} from '../model/compose/plan-types.js';
import {type DisplayText, terminalMessage} from '../render/text.js';
import {CLI_FLAGS, type FlagSpec, UsageError, flagHelp, readFlags, specsOf} from './cli-args.js';
import type {StackApplyHooks, StackApplyOutcome} from './stack-apply.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_CHANGES = 3;

/** Every flag of `swarmtop stack`, in the order the help lists them. -c is the compose file here, as in `docker stack deploy`. */
export const STACK_FLAGS = {
  'compose-file': {short: 'c', value: '<file>', repeatable: true, help: ['Compose file (repeatable: later files override earlier ones)']},
  prune: {help: ["Remove the stack's services, networks, secrets and configs the files no longer have"]},
  json: {help: ['plan: print the plan as JSON']},
  yes: {help: ['deploy: apply without asking']},
  host: CLI_FLAGS.host,
  context: {value: '<name>', help: CLI_FLAGS.context.help},
  'ssh-opt': CLI_FLAGS['ssh-opt'],
  help: {short: 'h', help: ['Print this help']},
} as const satisfies Record<string, FlagSpec>;

const STACK_SPECS = specsOf(STACK_FLAGS);

export const STACK_HELP = `
  Plan or apply a compose file on the swarm, as \`docker stack deploy\` would

  Usage
    $ swarmtop stack plan -c FILE [-c FILE…] [--prune] [--json] NAME
    $ swarmtop stack deploy -c FILE [-c FILE…] [--prune] [--yes] NAME

  Options
${flagHelp('    ', STACK_SPECS)}

  Exit codes
    plan     0 nothing would change   3 something would   1 error   2 usage
    deploy   0 applied and converged  1 refused, failed or error    2 usage
`;

export interface StackCommand {
  verb: 'plan' | 'deploy';
  files: string[];
  stack: string;
  prune: boolean;
  json: boolean;
  yes: boolean;
  host?: string;
  context?: string;
  sshOpt: string[];
}

/** docker's rule for a stack's name (it prefixes every object's name). */
const STACK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Reads the words after `stack`; undefined when help was asked for. Throws a UsageError for anything else amiss. */
export function parseStackCommand(argv: readonly string[]): StackCommand | undefined {
  const {values, positionals} = readFlags(STACK_SPECS, argv);
  if (values.help === true) return undefined;
  const [verb, stack, ...extra] = positionals;
  if (verb !== 'plan' && verb !== 'deploy')
    throw new UsageError(verb === undefined ? 'swarmtop stack needs plan or deploy' : `swarmtop stack takes plan or deploy (got "${verb}")`);
  if (stack === undefined) throw new UsageError(`swarmtop stack ${verb} needs the stack's name`);
  if (extra.length > 0) throw new UsageError(`swarmtop stack ${verb} takes one stack name (got "${extra[0]}" too)`);
  if (!STACK_NAME.test(stack)) throw new UsageError(`"${stack}" is not a stack name: letters, digits, '_', '.' and '-', starting with a letter or digit`);
  const files = Array.isArray(values['compose-file']) ? values['compose-file'] : [];
  if (files.length === 0) throw new UsageError(`swarmtop stack ${verb} needs a compose file: -c FILE`);
  if (verb === 'deploy' && values.json === true) throw new UsageError('--json is for stack plan; deploy prints what it does');
  if (verb === 'plan' && values.yes === true) throw new UsageError('--yes is for stack deploy; plan changes nothing');
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const host = text(values.host);
  const context = text(values.context);
  return {
    verb,
    files,
    stack,
    prune: values.prune === true,
    json: values.json === true,
    yes: values.yes === true,
    ...(host === undefined ? {} : {host}),
    ...(context === undefined ? {} : {context}),
    sshOpt: Array.isArray(values['ssh-opt']) ? values['ssh-opt'] : [],
  };
}

/** What computeStackPlan answers (source/app/stack-plan.ts, the contract of issue 25). */
export type PlanResult = {ok: true; plan: StackPlan} | {ok: false; problems: ComposeProblem[]} | {ok: false; error: string};

/** Everything the command reaches beyond its arguments: tests pass fakes. */
export interface StackCommandDeps {
  /** The writable client for the connection flags; a StartupError or UsageError when it cannot be had. */
  connect(command: StackCommand): Promise<SwarmClient>;
  plan(client: SwarmClient, request: {files: string[]; stack: string; prune: boolean; env: Readonly<Record<string, string | undefined>>}): Promise<PlanResult>;
  planLines(plan: StackPlan): DisplayText[];
  planJson(plan: StackPlan): unknown;
  problemLines(problems: readonly ComposeProblem[]): DisplayText[];
  apply(client: SwarmClient, plan: StackPlan, hooks: StackApplyHooks): Promise<StackApplyOutcome>;
  /** Whether there is a terminal to ask on (stdin and stdout). */
  hasTerminal: boolean;
  /** Asks on the terminal; true for yes. */
  confirm(question: string): Promise<boolean>;
  env: Readonly<Record<string, string | undefined>>;
  out(text: string): void;
  err(text: string): void;
}

/** Runs `swarmtop stack …` (argv is what follows `stack`); resolves to the exit code. */
export async function runStackCommand(argv: readonly string[], deps: StackCommandDeps): Promise<number> {
  const say = (text: string) => deps.out(`${terminalMessage(text)}\n`);
  const warn = (text: string) => deps.err(`swarmtop: ${terminalMessage(text)}\n`);
  const print = (lines: readonly DisplayText[]) => {
    for (const line of lines) deps.out(`${line}\n`);
  };
  let command: StackCommand | undefined;
  try {
    command = parseStackCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    warn(`${error.message}\nRun swarmtop stack --help for the flags it takes.`);
    return EXIT_USAGE;
  }
  if (!command) {
    deps.out(`${STACK_HELP}\n`);
    return EXIT_OK;
  }
  const {verb, stack} = command;
  // Refused before the engine is reached: deploy without --yes needs someone to ask.
  if (verb === 'deploy' && !command.yes && !deps.hasTerminal) {
    warn(
      'stack deploy asks before it applies, and there is no terminal to ask on: pass --yes to apply without asking\nRun swarmtop stack --help for the flags it takes.',
    );
    return EXIT_USAGE;
  }
  let client: SwarmClient;
  try {
    client = await deps.connect(command);
  } catch (error) {
    warn(error instanceof Error ? error.message : String(error));
    return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILED;
  }
  const result = await deps.plan(client, {files: command.files, stack, prune: command.prune, env: deps.env});
  if (!result.ok) {
    if ('problems' in result) {
      for (const line of deps.problemLines(result.problems)) deps.err(`${line}\n`);
      warn(`the compose file${command.files.length > 1 ? 's' : ''} cannot be deployed as they are; nothing was changed`);
    } else warn(`the swarm could not be read: ${result.error}`);
    return EXIT_FAILED;
  }
  const {plan} = result;
  if (verb === 'plan') {
    if (command.json) deps.out(`${JSON.stringify(deps.planJson(plan), null, 2)}\n`);
    else print(deps.planLines(plan));
    return plan.changes ? EXIT_CHANGES : EXIT_OK;
  }
  print(deps.planLines(plan));
  if (!plan.changes) {
    say(`stack ${stack}: nothing to change`);
    return EXIT_OK;
  }
  if (!command.yes) {
    const yes = await deps.confirm(`Apply these changes to stack ${stack}? [y/N] `);
    if (!yes) {
      say(`stack ${stack}: not deployed; nothing was changed`);
      return EXIT_FAILED;
    }
  }
  const outcome = await deps.apply(client, plan, {progress: text => deps.err(`${terminalMessage(text)}\n`)});
  for (const line of outcome.lines) say(line);
  return outcome.ok ? EXIT_OK : EXIT_FAILED;
}
