// GET /services/{id}/logs and /tasks/{id}/logs: the lines in the asked-for
// window, then, with follow, every new line as the simulation clock moves.

import {EngineError} from '../engine-error.js';
import type {TaskRecord} from '../records.js';
import {TaskLogPlan, type LogLine, mergedLines} from '../task-logs.js';
import {parseEngineTime} from '../time.js';
import {encodeLogLines, type LogFormat} from './log-frames.js';
import {boolParam} from './respond.js';
import type {RouteContext} from './route-context.js';

// Since API 1.42 the engine labels a multiplexed stream as such.
const MULTIPLEXED_SINCE_MINOR = 42;

export function serviceLogs(context: RouteContext): void {
  const service = context.swarm.service(context.params[0]!);
  streamLogs(context, () => service.tasks, Boolean(service.api.Spec.TaskTemplate.ContainerSpec.TTY));
}

export function taskLogs(context: RouteContext): void {
  const task = context.swarm.task(context.params[0]!);
  streamLogs(context, () => [task], Boolean(task.api.Spec.ContainerSpec.TTY));
}

function tailParam(value: string | null): number | undefined {
  if (value === null || value === '' || value === 'all') return undefined;
  if (!/^-?\d+$/.test(value)) throw new EngineError(400, 'tail value must be a positive integer or "all"');
  const n = Number(value);
  return n < 0 ? undefined : n;
}

function streamLogs(context: RouteContext, scope: () => Iterable<TaskRecord>, tty: boolean): void {
  const {swarm, url, response, track, apiVersion} = context;
  const query = url.searchParams;
  const format: LogFormat = {
    tty,
    stdout: boolParam(query.get('stdout')),
    stderr: boolParam(query.get('stderr')),
    timestamps: boolParam(query.get('timestamps')),
    details: boolParam(query.get('details')),
  };
  if (!format.stdout && !format.stderr) throw new EngineError(400, 'Bad parameters: you must choose at least one stream');
  const tail = tailParam(query.get('tail'));
  const sinceText = query.get('since');
  const sinceMs = sinceText && sinceText !== '0' ? parseEngineTime(sinceText) : undefined;
  const follow = boolParam(query.get('follow'));

  const minor = Number(apiVersion.split('.')[1]);
  const contentType = !tty && minor >= MULTIPLEXED_SINCE_MINOR ? 'application/vnd.docker.multiplexed-stream' : 'application/vnd.docker.raw-stream';
  response.writeHead(200, {'Content-Type': contentType});
  response.flushHeaders();

  const start = swarm.now;
  const initial = mergedLines(scope(), {sinceMs, untilMs: start, tail});
  if (initial.length) response.write(encodeLogLines(initial, format));
  if (!follow) {
    response.end();
    return;
  }

  // Per task, how many of its lines have gone out; tasks started later begin at their first line.
  const sent = new Map<TaskRecord, number>();
  for (const task of scope()) sent.set(task, new TaskLogPlan(task).count(start));
  const unsubscribe = swarm.onAdvance(now => {
    const fresh: LogLine[] = [];
    for (const task of scope()) {
      const plan = new TaskLogPlan(task);
      const from = sent.get(task) ?? 0;
      const to = plan.count(now);
      for (let i = from; i < to; i++) fresh.push(plan.line(i));
      sent.set(task, to);
    }
    if (fresh.length)
      response.write(
        encodeLogLines(
          fresh.sort((a, b) => a.atMs - b.atMs || a.subMsNanos - b.subMsNanos),
          format,
        ),
      );
  });
  const stop = (): void => {
    unsubscribe();
    if (!response.writableEnded) response.end();
  };
  response.on('close', stop);
  track(stop);
}
