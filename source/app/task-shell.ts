// `x`: a shell in a task's container on the node that runs it. The task's node
// is reached as for stats (the pool), the console steps aside as for $EDITOR,
// and this program, run again with SWARMTOP_EXEC (exec-helper.ts), runs the session on the terminal until the shell exits.

import {spawnSync} from 'node:child_process';
import {isContainerId, shown} from '../docker/ids.js';
import type {SwarmNode, SwarmTask} from '../docker/types.js';
import type {NodeReachPool} from '../model/node-reach-pool.js';
import type {TerminalSuspender} from './edit-terminal.js';
import {encodeExecRequest} from './exec-helper-request.js';

export interface TaskShell {
  /** Runs the shell; resolves with what to tell the operator afterwards. */
  open(task: SwarmTask, node: SwarmNode | undefined): Promise<{text: string; tone: 'ok' | 'warn' | 'error'}>;
}

/** The command split as a shell would split plain words: "/bin/bash -l" → ["/bin/bash", "-l"]. */
export function shellCommand(text: string): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.length > 0 ? words : ['/bin/sh'];
}

export function terminalTaskShell(options: {
  pool: NodeReachPool;
  command: string;
  suspend: TerminalSuspender;
  programArgs?: string[];
  sshArgs?: readonly string[];
}): TaskShell {
  // This program again (cli.js, or the single executable), which runs exec-helper when SWARMTOP_EXEC is set.
  const program = options.programArgs ?? process.argv.slice(1, 2);
  return {
    async open(task, node) {
      const containerId = task.Status.ContainerStatus?.ContainerID;
      if (!node || !containerId) return {text: 'this task has no container on a known node', tone: 'warn'};
      // The ID is the worker's own report: one that is not a container ID is never sent.
      if (!isContainerId(containerId))
        return {text: `can't open a shell: refused container ID ${shown(containerId)}: not 64 lowercase hex characters`, tone: 'error'};
      const reached = await options.pool.engine(node);
      const name = node.Description?.Hostname ?? node.ID.slice(0, 12);
      if ('reason' in reached) return {text: `can't open a shell: node ${name} is not reached: ${reached.reason}`, tone: 'error'};
      // The node is reached as for stats: an ssh:// node with the same ssh arguments.
      const request = encodeExecRequest({
        endpoint: reached.via,
        containerId,
        command: shellCommand(options.command),
        ...(options.sshArgs ? {sshArgs: [...options.sshArgs]} : {}),
      });
      const result = options.suspend(() =>
        // The helper's own errors come back on stderr; the session itself is a TTY on stdout.
        spawnSync(process.execPath, program, {stdio: ['inherit', 'inherit', 'pipe'], env: {...process.env, SWARMTOP_EXEC: request}, encoding: 'utf8'}),
      );
      if (result.error) return {text: `shell failed: ${result.error.message}`, tone: 'error'};
      if (result.status === 199) return {text: `shell on ${name} could not start: ${result.stderr.replace(/^swarmtop: shell: /, '').trim()}`, tone: 'error'};
      return {text: `shell on ${name} exited${result.status ? ` with ${result.status}` : ''}`, tone: result.status ? 'warn' : 'ok'};
    },
  };
}
