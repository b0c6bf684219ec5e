// `swarmtop stack plan` and the console's `a` in :stacks: the compose files read as
// `docker stack deploy` reads them, the stack read from the engine, and the plan of what a
// deploy would change. The files are read here (the only place with the file system);
// everything after is pure.
import {readFileSync} from 'node:fs';
import type {ReadOnlySwarmClient} from '../docker/client.js';
import {readLiveStack} from '../docker/stack-read.js';
import {readStack} from '../model/compose/compose.js';
import {planStack} from '../model/compose/plan.js';
import type {ComposeProblem, StackPlan} from '../model/compose/plan-types.js';

export interface StackPlanRequest {
  /** -c FILE, in order (later ones override, as the CLI merges them). */
  files: string[];
  /** The stack's name. */
  stack: string;
  /** --prune: services of the stack the files no longer have are removed. */
  prune: boolean;
  /** process.env in production; tests pass their own. */
  env: Readonly<Record<string, string | undefined>>;
  /** Also interpolate from `.env` beside the first file, as docker compose does; `docker stack deploy` does not, so off by default. */
  dotEnv?: boolean;
}

export type StackPlanResult = {ok: true; plan: StackPlan} | {ok: false; problems: ComposeProblem[]} | {ok: false; error: string};

// The CLI's own rule for a stack's name: it becomes part of every object's name.
const STACK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export async function computeStackPlan(client: ReadOnlySwarmClient, request: StackPlanRequest, signal?: AbortSignal): Promise<StackPlanResult> {
  if (!STACK_NAME.test(request.stack)) {
    return {
      ok: false,
      problems: [
        {
          file: request.files[0] ?? '',
          line: 0,
          message: `invalid stack name "${request.stack}": letters, digits, "_", "." and "-", starting with a letter or digit`,
        },
      ],
    };
  }
  const read = readStack(request.stack, request.files, request.env, {readBytes: file => readFileSync(file)}, {dotEnv: request.dotEnv ?? false});
  if (!read.ok) return read;
  const live = await readLiveStack(client, request.stack, signal);
  if (!live.ok) return live;
  return planStack(read.stack, live.live, request.prune, request.files[0]!);
}
