// `a` in :stacks: a compose file (Tab completes its path) and a stack name, then the plan
// (what `swarmtop stack plan` prints), then, confirmed, the plan applied and the rollout of
// each changed service shown as it is followed.

import path from 'node:path';
import {describeError} from '../../docker/errors.js';
import {composeProblemLines, stackPlanLines} from '../../render/stack-plan.js';
import {type FormVerdict, openDialog} from '../../shell/dialogs.js';
import {back, openRollout, topFrame} from '../../shell/navigation.js';
import {clearFlash, flash, flashPending} from '../../shell/ui-store.js';
import {completePath} from '../path-complete.js';
import {applyStackPlan} from '../stack-apply.js';
import {computeStackPlan} from '../stack-plan.js';
import type {OperationContext, StackOperation} from './operation.js';

/** The plan's lines a confirm dialog shows; the rest counted, so the frame stays within the terminal. */
export const PLAN_LINES_SHOWN = 14;

const STACK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function planDetails(lines: readonly string[], shown = PLAN_LINES_SHOWN): string[] {
  if (lines.length <= shown) return [...lines];
  return [...lines.slice(0, shown - 1), `… and ${lines.length - shown + 1} more lines (swarmtop stack plan prints them all)`];
}

/** Each changed service's rollout shows while it is followed: one rollout frame, replaced by the next. */
function showRollout(ctx: OperationContext, serviceId: string): void {
  ctx.noteServiceChange(serviceId);
  ctx.ui.setState(state => ({stack: openRollout(topFrame(state.stack).view === 'rollout' ? back(state.stack) : state.stack, serviceId)}));
}

function planAndConfirm(ctx: OperationContext, file: string, stack: string): void {
  flashPending(ctx.ui, `reading ${file} and stack ${stack}…`);
  computeStackPlan(ctx.client, {files: [file], stack, prune: false, env: process.env})
    .then(result => {
      if (!result.ok) {
        if ('problems' in result) flash(ctx.ui, `${file} cannot be deployed: ${composeProblemLines(result.problems).join('; ')}`, 'error');
        else flash(ctx.ui, `stack ${stack} could not be read: ${result.error}`, 'error');
        return;
      }
      const {plan} = result;
      clearFlash(ctx.ui);
      if (!plan.changes) {
        flash(ctx.ui, `stack ${stack}: ${file} changes nothing`, 'ok');
        return;
      }
      openDialog(ctx.ui, {
        kind: 'confirm',
        question: `Apply ${path.basename(file)} to stack ${stack}?`,
        details: planDetails(stackPlanLines(plan)),
        tone: 'warn',
        confirm: () => {
          void applyStackPlan(ctx.client, plan, {
            progress: text => flashPending(ctx.ui, `${text}…`),
            following: serviceId => showRollout(ctx, serviceId),
            refresh: ctx.refresh,
          })
            .then(outcome => flash(ctx.ui, outcome.lines.join('; '), outcome.ok ? 'ok' : 'error'))
            // A hook that throws (the screen, not the engine) must not become an unhandled rejection.
            .catch((error: unknown) => flash(ctx.ui, `deploy of stack ${stack}: ${describeError(error)}`, 'error'));
        },
      });
    })
    .catch((error: unknown) => flash(ctx.ui, `planning stack ${stack}: ${describeError(error)}`, 'error'));
}

export const deployStack: StackOperation = {
  id: 'deployStack',
  keys: ['a'],
  description: 'Apply a compose file: plan shown first',
  panes: ['stacks'],
  hint: 'apply',
  dangerous: true,
  target: 'stack',
  refuse: (_target, ctx) => (ctx.client.stackWrites ? undefined : {text: 'deploying stacks is not available with this engine client', tone: 'error'}),
  run: (target, ctx) => {
    openDialog(ctx.ui, {
      kind: 'form',
      title: 'Apply a compose file (Tab completes the path)',
      focus: 0,
      fields: [
        {name: 'file', label: 'compose file', value: '', hint: 'path; the stack name defaults to its directory', complete: value => completePath(value)},
        {name: 'stack', label: 'stack', value: target.name, hint: "blank: the file's directory name"},
      ],
      submit: (values): FormVerdict => {
        const file = (values['file'] ?? '').trim();
        if (!file) return {errors: {file: 'enter the compose file'}};
        const stack = (values['stack'] ?? '').trim() || path.basename(path.dirname(path.resolve(file)));
        if (!STACK_NAME.test(stack)) return {errors: {stack: "letters, digits, '_', '.' and '-', starting with a letter or digit"}};
        planAndConfirm(ctx, file, stack);
        return {accepted: true};
      },
    });
  },
};
