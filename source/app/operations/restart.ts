import {isJob} from '../../model/jobs.js';
import {type ServiceOperation, changeService, followRollout, taskCounts} from './operation.js';

// On a job the same forced update starts a new run (iteration) of it: the job's
// tasks run to completion again. That always asks, as it repeats the job's work.
export const restart: ServiceOperation = {
  id: 'restart',
  keys: ['r'],
  description: 'Restart: replace every task (a job: run it again)',
  hint: 'restart/rerun',
  panes: ['services'],
  dangerous: true,
  target: 'service',
  // Whether to ask depends on the replicas the service has, not on how many happen to run right now.
  confirm: (service, ctx) => {
    const name = service.Spec.Name;
    if (isJob(service)) {
      const job = taskCounts(ctx, service).job;
      const iteration = service.JobStatus?.JobIteration?.Index;
      return {
        question: `Run job ${name} again?`,
        details: [
          `A new iteration${iteration !== undefined ? ` (after ${iteration})` : ''} starts: the job's tasks run again, as docker service update --force does.`,
          ...(job ? [`The current run has ${job.completed} of ${job.total} completions${job.running ? ` and ${job.running} running` : ''}.`] : []),
        ],
        tone: 'warn',
      };
    }
    const {desired} = taskCounts(ctx, service);
    if (desired <= 1) return undefined;
    return {
      question: `Restart ${name}?`,
      details: [`All ${desired} tasks will be replaced, as docker service update --force does.`],
      tone: 'warn',
    };
  },
  run: (service, ctx) => {
    const name = service.Spec.Name;
    if (isJob(service)) {
      // A job has no rollout to watch: its row counts the new run's completions.
      changeService(ctx, service, `running ${name} again`, `${name} running again: a new iteration started`, () => ctx.client.services.restart(service.ID));
      return;
    }
    changeService(ctx, service, `restarting ${name}`, `${name} restarting: its tasks are being replaced`, () => ctx.client.services.restart(service.ID));
    followRollout(ctx, service);
  },
};
