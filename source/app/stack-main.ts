// `swarmtop stack …` as the process runs it: the engine reached with the console's
// connection flags, the question asked on the terminal, the exit code returned to cli.tsx.

import os from 'node:os';
import {createInterface} from 'node:readline/promises';
import {swarmClient} from '../docker/client.js';
import {connect} from '../docker/connect.js';
import {resolveEndpoint} from '../docker/endpoint.js';
import {sshArgsFrom} from '../docker/ssh-command.js';
import {UsageError} from './cli-args.js';
import {applyStackPlan} from './stack-apply.js';
import {type StackCommand, type StackCommandDeps, runStackCommand} from './stack-command.js';

/** The compose reader's part (source/app/stack-plan.ts and source/render/stack-plan.ts). */
export type StackPlanning = Pick<StackCommandDeps, 'plan' | 'planLines' | 'planJson' | 'problemLines'>;

async function engineClient(command: StackCommand) {
  let endpoint;
  let sshArgs;
  try {
    endpoint = resolveEndpoint({host: command.host, context: command.context, env: process.env, homeDir: os.homedir()});
    sshArgs = sshArgsFrom(command.sshOpt, process.env['SWARMTOP_SSH_OPTS']);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const connection = await connect(endpoint, {sshArgs});
  return swarmClient(connection.docker);
}

async function askOnTerminal(question: string): Promise<boolean> {
  const terminal = createInterface({input: process.stdin, output: process.stdout});
  try {
    return /^y(es)?$/i.test((await terminal.question(question)).trim());
  } finally {
    terminal.close();
  }
}

/** Runs the command `argv` (the words after `stack`) and resolves to its exit code. */
export function stackMain(argv: readonly string[], planning: StackPlanning): Promise<number> {
  return runStackCommand(argv, {
    ...planning,
    connect: engineClient,
    apply: applyStackPlan,
    hasTerminal: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    confirm: askOnTerminal,
    env: process.env,
    out: text => process.stdout.write(text),
    err: text => process.stderr.write(text),
  });
}
