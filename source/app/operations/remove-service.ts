import {type ServiceOperation, changeService, taskCounts} from './operation.js';

export const removeService: ServiceOperation = {
  id: 'removeService',
  keys: ['ctrl-d'],
  description: 'Remove the service',
  panes: ['services'],
  dangerous: true,
  target: 'service',
  confirm: (service, ctx) => {
    const tasks = taskCounts(ctx, service).running;
    return {
      question: `Remove service ${service.Spec.Name}?`,
      details: [`Its ${tasks} running task${tasks === 1 ? '' : 's'} will be stopped. This can't be undone.`],
      tone: 'error',
    };
  },
  run: (service, ctx) => {
    const name = service.Spec.Name;
    changeService(ctx, service, `removing ${name}`, `${name} removed`, () => ctx.client.services.remove(service.ID));
  },
};
