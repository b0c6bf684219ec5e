import {serviceMode} from '../../model/cluster-index.js';
import {parseReplicas} from '../../model/validation.js';
import {type FormVerdict, openDialog} from '../../shell/dialogs.js';
import {flash} from '../../shell/ui-store.js';
import {type ServiceOperation, changeService} from './operation.js';

export const scale: ServiceOperation = {
  id: 'scale',
  keys: ['s'],
  description: 'Scale the service',
  panes: ['services', 'tasks'],
  hint: 'scale',
  dangerous: true,
  target: 'service',
  refuse: service =>
    service.Spec.Mode.Replicated?.Replicas === undefined
      ? {text: `${service.Spec.Name} is a ${serviceMode(service)} service: it runs one task per eligible node and can't be scaled`, tone: 'error'}
      : undefined,
  run: (service, ctx) => {
    const name = service.Spec.Name;
    const current = service.Spec.Mode.Replicated?.Replicas ?? 0;
    openDialog(ctx.ui, {
      kind: 'form',
      title: `Scale ${name}`,
      focus: 0,
      fields: [{name: 'replicas', label: 'replicas', value: String(current), hint: `now ${current}`}],
      submit: (values): FormVerdict => {
        const replicas = parseReplicas(values['replicas'] ?? '');
        if (!replicas.ok) return {errors: {replicas: replicas.error}};
        if (replicas.value === current) {
          flash(ctx.ui, `${name} already has ${current} replicas: nothing sent`);
          return {accepted: true};
        }
        changeService(ctx, service, `scaling ${name} to ${replicas.value}`, `${name} scaled to ${replicas.value}`, () =>
          ctx.client.services.scale(service.ID, replicas.value),
        );
        return {accepted: true};
      },
    });
  },
};
