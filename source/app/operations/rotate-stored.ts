import {describeError} from '../../docker/errors.js';
import type {SwarmSnapshot} from '../../docker/types.js';
import {type RotationPlan, type StoredObject, rotationPlan} from '../../model/stored-versions.js';
import {rotationPlanLines} from '../../render/rotation.js';
import {type FormVerdict, openDialog} from '../../shell/dialogs.js';
import {back, openRollout, topFrame} from '../../shell/navigation.js';
import {flash, flashPending} from '../../shell/ui-store.js';
import {carryOutRotation} from '../rotate.js';
import {readContent} from '../stored-content.js';
import type {OperationContext, StoredOperation} from './operation.js';

/** The object as the newest snapshot has it, or undefined when it is gone. */
function current(target: StoredObject, snapshot: SwarmSnapshot | undefined): StoredObject | undefined {
  if (target.kind === 'secret') {
    const object = snapshot?.secrets?.find(candidate => candidate.ID === target.object.ID);
    return object && {kind: 'secret', object};
  }
  const object = snapshot?.configs?.find(candidate => candidate.ID === target.object.ID);
  return object && {kind: 'config', object};
}

const sameServices = (a: RotationPlan, b: RotationPlan) => a.services.map(service => service.id).join() === b.services.map(service => service.id).join();

/** Each service's rollout shows while it is moved: one rollout frame, replaced by the next. */
function showRollout(ctx: OperationContext, serviceId: string): void {
  ctx.noteServiceChange(serviceId);
  ctx.ui.setState(state => ({stack: openRollout(topFrame(state.stack).view === 'rollout' ? back(state.stack) : state.stack, serviceId)}));
}

function startRotation(ctx: OperationContext, confirmed: RotationPlan, target: StoredObject): void {
  const {kind} = target;
  openDialog(ctx.ui, {
    kind: 'form',
    title: `New content for ${kind} ${confirmed.toName} (it is never shown)`,
    focus: 0,
    fields: [
      {
        name: 'file',
        label: 'file',
        value: '',
        hint: kind === 'secret' ? 'read from this file; blank: write it in $EDITOR' : 'read from this file; blank: edit the current one in $EDITOR',
      },
    ],
    submit: (values): FormVerdict => {
      // Against the swarm as it is now: a service that started or stopped using it since the plan means a new plan.
      const fresh = current(target, ctx.latest?.() ?? ctx.snapshot);
      const plan = fresh && rotationPlan(ctx.latest?.() ?? ctx.snapshot!, fresh);
      if (!fresh || !plan?.ok || !sameServices(plan.value, confirmed) || plan.value.toName !== confirmed.toName) {
        flash(ctx.ui, `${target.object.Spec.Name} changed since the plan was shown: nothing was done; press e again for a new plan`, 'warn');
        return {accepted: true};
      }
      const initial = fresh.kind === 'config' && fresh.object.Spec.Data ? Buffer.from(fresh.object.Spec.Data, 'base64') : new Uint8Array();
      const read = readContent(values['file'] ?? '', kind, confirmed.toName, ctx.editor, initial);
      if (!read.ok) {
        if (read.field) return {errors: {[read.field]: read.error}};
        flash(ctx.ui, `${confirmed.toName}: ${read.error}`, 'error');
        return {accepted: true};
      }
      void carryOutRotation(ctx.client, plan.value, read.content, {
        progress: text => flashPending(ctx.ui, `${text}…`),
        updating: serviceId => showRollout(ctx, serviceId),
        refresh: ctx.refresh,
      })
        .then(outcome => flash(ctx.ui, outcome.text, outcome.ok ? 'ok' : 'error'))
        // A hook that throws (the screen, not the engine) must not become an unhandled rejection.
        .catch((error: unknown) => flash(ctx.ui, `rotation of ${kind} ${target.object.Spec.Name}: ${describeError(error)}`, 'error'));
      return {accepted: true};
    },
  });
}

export const rotateStored: StoredOperation = {
  id: 'rotateStored',
  keys: ['e'],
  description: 'Rotate to name.v2 and move its services',
  panes: ['secrets', 'configs'],
  hint: 'rotate',
  dangerous: true,
  target: 'stored',
  refuse: (target, ctx) => {
    if (!(target.kind === 'secret' ? ctx.client.secrets : ctx.client.configs))
      return {text: `rotating ${target.kind}s is not available with this engine client`, tone: 'error'};
    const plan = ctx.snapshot && rotationPlan(ctx.snapshot, target);
    return plan && !plan.ok ? {text: `${target.object.Spec.Name} can't be rotated: ${plan.error}`, tone: 'error'} : undefined;
  },
  confirm: (target, ctx) => {
    const plan = rotationPlan(ctx.snapshot!, target);
    if (!plan.ok) return undefined;
    return {
      question: `Rotate ${target.kind} ${target.object.Spec.Name} to ${plan.value.toName}?`,
      details: [...rotationPlanLines(plan.value), 'Nothing is done before the new content is given (next: a file, or $EDITOR).'],
      tone: 'warn',
    };
  },
  run: (target, ctx) => {
    const plan = ctx.snapshot && rotationPlan(ctx.snapshot, target);
    if (plan?.ok) startRotation(ctx, plan.value, target);
  },
};
