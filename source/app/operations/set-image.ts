import {formatDuration} from '../../render/format.js';
import {parseDuration, parseImage, parseParallelism} from '../../model/validation.js';
import {serviceImage} from '../../render/services.js';
import {type FormVerdict, openDialog} from '../../shell/dialogs.js';
import {type ServiceOperation, changeService, followRollout} from './operation.js';

export const setImage: ServiceOperation = {
  id: 'setImage',
  keys: ['i'],
  description: 'Set the image (rolling update)',
  panes: ['services', 'tasks', 'rollout'],
  hint: 'image',
  dangerous: true,
  target: 'service',
  run: (service, ctx) => {
    const name = service.Spec.Name;
    const update = service.Spec.UpdateConfig;
    openDialog(ctx.ui, {
      kind: 'form',
      title: `Set the image of ${name} (a rolling update)`,
      focus: 0,
      fields: [
        {name: 'image', label: 'image', value: serviceImage(service)},
        {name: 'parallelism', label: 'parallelism', value: String(update?.Parallelism ?? 1), hint: 'tasks at a time, 0 = all'},
        {name: 'delay', label: 'delay', value: formatDuration(update?.Delay), hint: 'between batches, e.g. 10s'},
      ],
      submit: (values): FormVerdict => {
        const image = parseImage(values['image'] ?? '');
        const parallelism = parseParallelism(values['parallelism'] ?? '');
        const delay = parseDuration(values['delay'] ?? '');
        const errors: Record<string, string> = {};
        if (!image.ok) errors['image'] = image.error;
        if (!parallelism.ok) errors['parallelism'] = parallelism.error;
        if (!delay.ok) errors['delay'] = delay.error;
        if (!image.ok || !parallelism.ok || !delay.ok) return {errors};
        changeService(ctx, service, `updating ${name} to ${image.value}`, `${name} is rolling out ${image.value}`, () =>
          ctx.client.services.setImage(service.ID, image.value, {parallelism: parallelism.value, delayNs: delay.value}),
        );
        followRollout(ctx, service);
        return {accepted: true};
      },
    });
  },
};
