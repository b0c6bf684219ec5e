// Runs an operation on what the pane has selected: finds its target, says why
// nothing is sent when it can't be, asks first when it should, then runs it.
import type {OperationId} from '../../keymap/names.js';
import {openDialog} from '../../shell/dialogs.js';
import {topFrame} from '../../shell/navigation.js';
import {flash} from '../../shell/ui-store.js';
import {operationTargets, selectedRow} from '../../views/panes/selection.js';
import {operationById} from './index.js';
import type {Confirmation, OperationContext, OperationTargetOf, Refusal, TargetKind} from './operation.js';

/** An operation's steps, for whichever kind of target it has. */
interface Steps<T> {
  refuse?(target: T, ctx: OperationContext): Refusal | undefined;
  confirm?(target: T, ctx: OperationContext): Confirmation | undefined;
  run(target: T, ctx: OperationContext): void;
}

function carryOut<T>(steps: Steps<T>, target: T, ctx: OperationContext): void {
  const refusal = steps.refuse?.(target, ctx);
  if (refusal) {
    flash(ctx.ui, refusal.text, refusal.tone);
    return;
  }
  const question = steps.confirm?.(target, ctx);
  if (!question) {
    steps.run(target, ctx);
    return;
  }
  openDialog(ctx.ui, {kind: 'confirm', ...question, confirm: () => steps.run(target, ctx)});
}

function missing(kind: TargetKind): string {
  return `select a ${kind} first`;
}

export function startOperation(id: OperationId, ctx: OperationContext): void {
  const operation = operationById(id);
  if (!operation) return;
  const targets = operationTargets(topFrame(ctx.ui.getState().stack), ctx.snapshot);
  const found: Partial<OperationTargetOf> = targets;
  switch (operation.target) {
    case 'service':
      if (found.service) carryOut(operation, found.service, ctx);
      else flash(ctx.ui, missing('service'), 'warn');
      return;
    case 'node':
      if (found.node) carryOut(operation, found.node, ctx);
      else flash(ctx.ui, missing('node'), 'warn');
      return;
    case 'stack':
      if (found.stack) carryOut(operation, found.stack, ctx);
      else flash(ctx.ui, missing('stack'), 'warn');
      return;
    case 'stored':
      if (found.stored) carryOut(operation, found.stored, ctx);
      else flash(ctx.ui, 'select a secret or config first', 'warn');
      return;
    case 'store':
      if (found.store) carryOut(operation, found.store, ctx);
      return;
    case 'volume':
      if (found.volume) carryOut(operation, found.volume, ctx);
      else flash(ctx.ui, 'select a volume first', 'warn');
      return;
    case 'task': {
      // A task is a row of the tasks pane itself, not something other panes point at.
      const task = selectedRow('tasks', topFrame(ctx.ui.getState().stack), ctx.snapshot)?.task;
      if (task) carryOut(operation, task, ctx);
      else flash(ctx.ui, missing('task'), 'warn');
      return;
    }
  }
}
