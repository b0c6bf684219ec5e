import {changeText, specChanges} from '../../model/spec-changes.js';
import {inert} from '../../render/text.js';
import {type ServiceOperation, changeService, followRollout} from './operation.js';

const MAX_DETAILS = 8;

export const rollback: ServiceOperation = {
  id: 'rollback',
  keys: ['ctrl-l'],
  description: 'Roll back to the previous spec',
  panes: ['services', 'rollout'],
  // In the rollout view it is what one is there for.
  hint: 'roll back',
  hintOn: ['rollout'],
  dangerous: true,
  target: 'service',
  refuse: service => (service.PreviousSpec ? undefined : {text: `${service.Spec.Name} has no previous spec to roll back to`, tone: 'error'}),
  confirm: service => {
    // The last update's diff, reversed: what rolling back changes, field by field.
    const changes = specChanges(service.Spec, service.PreviousSpec!);
    const details: string[] = changes.slice(0, MAX_DETAILS).map(change => inert(changeText(change)));
    if (changes.length > MAX_DETAILS) details.push(`and ${changes.length - MAX_DETAILS} more (d: describe shows the last update)`);
    if (details.length === 0) details.push('the previous spec is the same as this one');
    return {question: `Roll back ${service.Spec.Name} to its previous spec?`, details, tone: 'warn'};
  },
  run: (service, ctx) => {
    const name = service.Spec.Name;
    changeService(ctx, service, `rolling back ${name}`, `${name} rolling back`, () => ctx.client.services.rollback(service.ID));
    followRollout(ctx, service);
  },
};
