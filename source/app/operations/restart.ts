import {type ServiceOperation, changeService, followRollout, taskCounts} from './operation.js';

export const restart: ServiceOperation = {
  id: 'restart',
  keys: ['r'],
  description: 'Restart: replace every task',
  panes: ['services'],
  dangerous: true,
  target: 'service',
  // Whether to ask depends on the replicas the service has, not on how many happen to run right now.
  confirm: (service, ctx) => {
    const {desired} = taskCounts(ctx, service);
    if (desired <= 1) return undefined;
    return {
      question: `Restart ${service.Spec.Name}?`,
      details: [`All ${desired} tasks will be replaced, as docker service update --force does.`],
      tone: 'warn',
    };
  },
  run: (service, ctx) => {
    const name = service.Spec.Name;
    changeService(ctx, service, `restarting ${name}`, `${name} restarting: its tasks are being replaced`, () => ctx.client.services.restart(service.ID));
    followRollout(ctx, service);
  },
};
