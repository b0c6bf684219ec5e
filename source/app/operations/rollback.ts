import {imageWithoutDigest} from '../../render/format.js';
import {serviceImage} from '../../render/services.js';
import {type ServiceOperation, changeService, followRollout} from './operation.js';

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
    const previous = service.PreviousSpec!;
    const details: string[] = [];
    const before = imageWithoutDigest(previous.TaskTemplate.ContainerSpec?.Image);
    if (before !== serviceImage(service)) details.push(`image ${serviceImage(service)} → ${before}`);
    const replicasNow = service.Spec.Mode.Replicated?.Replicas;
    const replicasBefore = previous.Mode.Replicated?.Replicas;
    if (replicasNow !== replicasBefore && replicasBefore !== undefined) details.push(`replicas ${replicasNow} → ${replicasBefore}`);
    if (details.length === 0) details.push('the previous spec differs in settings not shown here');
    return {question: `Roll back ${service.Spec.Name} to its previous spec?`, details, tone: 'warn'};
  },
  run: (service, ctx) => {
    const name = service.Spec.Name;
    changeService(ctx, service, `rolling back ${name}`, `${name} rolling back`, () => ctx.client.services.rollback(service.ID));
    followRollout(ctx, service);
  },
};
