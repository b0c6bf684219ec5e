import {serviceImage} from '../../render/services.js';
import {type ServiceOperation, changeService, followRollout} from './operation.js';

/**
 * Resumes a paused update (or rollback) the way the docker CLI does: the
 * service's spec is sent again unchanged, which clears the pause. (Engine
 * 20.10 then leaves the update status empty and replaces no more tasks by
 * itself, exactly as after `docker service update` with no flags.)
 */
export const resumeUpdate: ServiceOperation = {
  id: 'resumeUpdate',
  keys: ['u'],
  description: 'Resume a paused update: send the spec again',
  panes: ['services', 'rollout'],
  // Listed and hinted in the rollout view, where a paused update is seen; it works on the services pane too.
  hint: 'resume',
  hintOn: ['rollout'],
  listedOn: ['rollout'],
  dangerous: true,
  target: 'service',
  refuse: service => {
    const state = service.UpdateStatus?.State;
    if (state === 'paused' || state === 'rollback_paused') return undefined;
    return {text: `${service.Spec.Name} has no paused update to resume${state ? ` (its update is ${state.replace('_', ' ')})` : ''}`, tone: 'warn'};
  },
  confirm: service => {
    const state = service.UpdateStatus?.State;
    const details = [`Its spec (image ${serviceImage(service)}) is sent again unchanged, as docker service update does.`];
    if (service.UpdateStatus?.Message) details.push(`It paused: ${service.UpdateStatus.Message}`);
    return {question: `Resume the paused ${state === 'paused' ? 'update' : 'rollback'} of ${service.Spec.Name}?`, details, tone: 'warn'};
  },
  run: (service, ctx) => {
    const name = service.Spec.Name;
    // The image as stored (digest and all), so the spec goes back exactly as it is.
    const image = service.Spec.TaskTemplate.ContainerSpec?.Image ?? '';
    changeService(ctx, service, `resuming the update of ${name}`, `${name} update resumed`, () => ctx.client.services.setImage(service.ID, image));
    followRollout(ctx, service);
  },
};
