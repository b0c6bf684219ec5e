// The explanations panes draw: why a task or service is pending, and how often a
// slot or service has restarted. The reasoning is in model/ (why-pending, restarts);
// this file finds its inputs in the snapshot's index and says it in cells and lines.
import type {SwarmService, SwarmTask} from '../docker/types.js';
import {type ClusterIndex, isGlobal, serviceTasksKnown} from '../model/cluster-index.js';
import {
  CRASH_LOOP_FAILURES,
  CRASH_LOOP_WINDOW_MS,
  exitSummary,
  restartIndex,
  slotKeyOf,
  type ServiceRestarts,
  type SlotRestarts,
  type StartFailure,
} from '../model/restarts.js';
import {explainPendingService, explainPendingTask, isPending, type NodeVerdict, type PlacementExplanation, type PlacementInput} from '../model/why-pending.js';
import {type Cell, type RenderContext, type Tone, clusterCell} from './columns.js';
import {nodeName} from './nodes.js';
import {shortId} from './format.js';
import {display, inert} from './text.js';

const inputs = new WeakMap<ClusterIndex, PlacementInput>();

/** The nodes, services and tasks the index holds, as the explainer reads them. */
export function placementInput(index: ClusterIndex): PlacementInput {
  let input = inputs.get(index);
  if (!input) {
    input = {
      nodes: [...index.nodesById.values()],
      services: [...index.servicesById.values()],
      tasks: [...index.tasksByService.values()].flat(),
    };
    inputs.set(index, input);
  }
  return input;
}

const serviceExplanations = new WeakMap<ClusterIndex, Map<string, PlacementExplanation | undefined>>();

/** Why a service has a pending task, if its tasks are read and one is pending. */
export function servicePending(service: SwarmService, index: ClusterIndex): PlacementExplanation | undefined {
  let perService = serviceExplanations.get(index);
  if (!perService) {
    perService = new Map();
    serviceExplanations.set(index, perService);
  }
  if (!perService.has(service.ID)) {
    // Most services have nothing pending: look at their own tasks before gathering the swarm's.
    const pending = index.tasksByService.get(service.ID)?.some(isPending) ?? false;
    perService.set(service.ID, pending ? explainPendingService(service, placementInput(index)) : undefined);
  }
  return perService.get(service.ID);
}

const taskExplanations = new WeakMap<ClusterIndex, Map<string, PlacementExplanation | undefined>>();

/** Why a task is pending (undefined when it is not), once per task and snapshot: every draw of a row asks. */
export function taskPending(task: SwarmTask, index: ClusterIndex): PlacementExplanation | undefined {
  if (!isPending(task)) return undefined;
  let perTask = taskExplanations.get(index);
  if (!perTask) {
    perTask = new Map();
    taskExplanations.set(index, perTask);
  }
  if (!perTask.has(task.ID)) perTask.set(task.ID, explainPendingTask(task, index.servicesById.get(task.ServiceID), placementInput(index)));
  return perTask.get(task.ID);
}

/** "node1: has zone=a · node2: has no zone · node3: is drained". */
export function verdictLine(verdicts: readonly NodeVerdict[]): string {
  return verdicts
    .map(
      verdict =>
        `${verdict.name}: ${verdict.failures.length === 0 ? 'fits' : verdict.failures.map(failure => (failure.check === 'constraint' ? `${failure.constraint} (has ${failure.text})` : failure.text)).join(', ')}`,
    )
    .join(' · ');
}

export function slotRestartsOf(task: SwarmTask, ctx: RenderContext): SlotRestarts | undefined {
  const key = slotKeyOf(task, isGlobal(ctx.index.servicesById.get(task.ServiceID)));
  return restartIndex(ctx.index, ctx.now).slot(key);
}

/** A service's restarts, when the snapshot holds its task history. */
export function serviceRestartsOf(service: SwarmService, ctx: RenderContext): ServiceRestarts | undefined {
  if (!serviceTasksKnown(ctx.index, service.ID)) return undefined;
  return restartIndex(ctx.index, ctx.now).byService.get(service.ID) ?? {restarts: 0, crashLooping: false, loopingSlots: 0, exitSummary: ''};
}

export function restartsCell(restarts: {restarts: number; crashLooping: boolean} | undefined): Cell {
  if (!restarts) return clusterCell('');
  return clusterCell(String(restarts.restarts), restarts.crashLooping ? 'crash' : restarts.restarts > 0 ? 'warn' : 'muted');
}

/** "crash-looping: 1 slot failed 3+ times in 5 minutes (exit 137 ×4)". */
export function crashLoopText(restarts: ServiceRestarts): string {
  const slots = restarts.loopingSlots === 1 ? '1 slot' : `${restarts.loopingSlots} slots`;
  const exits = restarts.exitSummary ? ` (${restarts.exitSummary})` : '';
  return `crash-looping: ${slots} failed ${CRASH_LOOP_FAILURES} or more times in ${CRASH_LOOP_WINDOW_MS / 60_000} minutes${exits}`;
}

/** "node2 ×3, node3": where a task was tried, by node name. */
export function triedOnText(nodes: ReadonlyArray<{nodeId: string; count: number}>, index: ClusterIndex): string {
  return nodes
    .map(({nodeId, count}) => `${nodeId ? nodeName(index.nodesById.get(nodeId)) || shortId(nodeId) : 'no node'}${count > 1 ? ` ×${count}` : ''}`)
    .join(', ');
}

/** "cannot start: No such image: nobody/nothing:9 (tried 5 times: node2 ×3, node3 ×2)". */
export function cannotStartText(failure: StartFailure, index: ClusterIndex): string {
  const times = failure.attempts === 1 ? 'once' : `${failure.attempts} times`;
  const where = triedOnText(failure.nodes, index);
  return `cannot start: ${failure.reason} (tried ${times}${where ? ` on ${where}` : ''})`;
}

/** A slot's "crash-looping: 4 failures in 5 minutes, 6 restarts in all (exit 1 ×4)". */
export function slotCrashText(restarts: SlotRestarts): string {
  const exits = exitSummary(restarts.exitCodes);
  return `crash-looping: ${restarts.recentFailures} failures in ${CRASH_LOOP_WINDOW_MS / 60_000} minutes, ${restarts.restarts} restarts in all${exits ? ` (${exits})` : ''}`;
}

/** Text wrapped at word boundaries to `width`, at most `maxLines` lines (the last one cut with "…"). */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, Math.max(0, width - 1))}…`;
  return kept;
}

/** Lines above a table: a label in its tone, then the text, wrapped to the width. */
export function explanationLines(label: string, text: string, tone: Tone, width: number, maxLines = 2): Cell[][] {
  // The label may name a service: it is drawn inert like the text after it.
  const shownLabel = clusterCell(label).text;
  return wrapText(clusterCell(`${label} ${text}`).text, Math.max(20, width), maxLines).map((line, position) =>
    position === 0 ? [{text: shownLabel, tone}, {text: inert(line.slice(shownLabel.length))}] : [{text: inert(line)}],
  );
}

/** Why a service is short, above the services table: its pending reason and its crash loop. */
export function serviceExplanation(service: SwarmService, ctx: RenderContext, width: number): Cell[][] {
  const lines: Cell[][] = [];
  const pending = servicePending(service, ctx.index);
  if (pending) lines.push(...explanationLines(`${service.Spec.Name} pending:`, pending.summary, 'warn', width));
  const restarts = serviceRestartsOf(service, ctx);
  if (restarts?.cannotStart) lines.push(...explanationLines(`${service.Spec.Name}`, cannotStartText(restarts.cannotStart, ctx.index), 'error', width));
  if (restarts?.crashLooping) lines.push(...explanationLines(`${service.Spec.Name}`, crashLoopText(restarts), 'crash', width, 1));
  return lines;
}

/** Why a task is pending, node by node, or how its slot crash-loops: above the tasks table. */
export function taskExplanation(task: SwarmTask, name: string, ctx: RenderContext, width: number): Cell[][] {
  const pending = taskPending(task, ctx.index);
  if (pending) {
    return [
      ...explanationLines(`${name} pending:`, pending.summary, 'warn', width),
      ...pending.verdicts
        .map(verdict => [
          {text: display`  ${clusterCell(verdict.name).text}: `, tone: 'accent' as const},
          {text: inert(verdictLine([verdict]).slice(verdict.name.length + 2)), tone: verdict.failures.length ? ('muted' as const) : ('ok' as const)},
        ])
        .slice(0, 5),
    ];
  }
  const restarts = slotRestartsOf(task, ctx);
  if (restarts?.cannotStart !== undefined) {
    const failure = {
      reason: restarts.cannotStart,
      attempts: restarts.startFailures,
      nodes: [...restarts.triedOn].map(([nodeId, count]) => ({nodeId, count})),
      slots: 1,
    };
    return explanationLines(name, cannotStartText(failure, ctx.index), 'error', width);
  }
  if (!restarts?.crashLooping) return [];
  return explanationLines(name, slotCrashText(restarts), 'crash', width, 1);
}

/**
 * Why a task is pending, for describe: the summary, then every node's verdict. Worked out
 * from the snapshot describe is drawn from, so a node whose labels just changed is judged
 * by its new labels once a refresh has read them.
 */
export function pendingDescribeLines(task: SwarmTask, index: ClusterIndex): string[] {
  const pending = taskPending(task, index);
  if (!pending) return [];
  return [`Why pending:   ${pending.summary}`, ...pending.verdicts.map(verdict => `  ${verdictLine([verdict])}`)];
}
