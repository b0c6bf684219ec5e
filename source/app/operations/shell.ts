import {flash} from '../../shell/ui-store.js';
import {type TaskOperation} from './operation.js';

// Dangerous: a shell in a container can change anything in it, so read-only mode has no `x`.
export const shell: TaskOperation = {
  id: 'shell',
  keys: ['x'],
  description: "Shell in the task's container, on its node",
  panes: ['tasks'],
  hint: 'shell',
  dangerous: true,
  target: 'task',
  refuse: (task, ctx) => {
    if (!ctx.taskShell) return {text: "a shell needs the nodes' engines, which this console does not reach", tone: 'warn'};
    if (task.Status.State !== 'running') return {text: `a shell needs a running task; this one is ${task.Status.State}`, tone: 'warn'};
    return undefined;
  },
  run: (task, ctx) => {
    const node = ctx.snapshot?.nodes.find(candidate => candidate.ID === task.NodeID);
    flash(ctx.ui, 'opening a shell…');
    ctx.taskShell!.open(task, node).then(
      result => flash(ctx.ui, result.text, result.tone),
      (error: unknown) => flash(ctx.ui, `shell failed: ${error instanceof Error ? error.message : String(error)}`, 'error'),
    );
  },
};
