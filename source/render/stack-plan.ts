// A stack plan as text: what a person reads before a deploy (console and `stack plan`),
// the JSON a pipeline reads (never any secret's or config's content), and the file:line
// reasons a compose file is refused. Pure.
import type {ComposeProblem, PlanEntry, StackPlan} from '../model/compose/plan-types.js';
import {type DisplayText, inert} from './text.js';

const SIGN: Record<PlanEntry['action'], string> = {create: '+', update: '~', unchanged: '=', remove: '-'};

function counts(plan: StackPlan): string {
  const by = (action: PlanEntry['action']) => plan.entries.filter(entry => entry.action === action).length;
  return `${by('create')} to create, ${by('update')} to update, ${by('remove')} to remove, ${by('unchanged')} unchanged`;
}

export function stackPlanLines(plan: StackPlan): DisplayText[] {
  const lines: string[] = [`stack ${plan.stack}: ${plan.changes ? counts(plan) : `nothing would change (${plan.entries.length} objects)`}`];
  for (const entry of plan.entries) {
    lines.push(`${SIGN[entry.action]} ${entry.kind} ${entry.name}: ${entry.action}`);
    for (const change of entry.changes) lines.push(`    ${change}`);
    for (const note of entry.notes) lines.push(`    note: ${note}`);
  }
  if (plan.ignored.length > 0) {
    lines.push(`ignored by docker stack deploy (${plan.ignored.length}):`);
    for (const key of plan.ignored) lines.push(`  ${key.file}:${key.line}: ${key.key}`);
  }
  return lines.map(inert);
}

// What a pipeline needs to decide and to show; the content of a secret or config stays out.
function entryJson(entry: PlanEntry): unknown {
  const desired = entry.desired;
  const shown =
    desired === undefined
      ? undefined
      : desired.kind === 'secret' || desired.kind === 'config'
        ? {kind: desired.kind, name: desired.name, labels: desired.labels, bytes: desired.data.length}
        : desired;
  return {
    kind: entry.kind,
    name: entry.name,
    action: entry.action,
    ...(entry.live ? {live: entry.live} : {}),
    changes: entry.changes,
    notes: entry.notes,
    ...(shown ? {desired: shown} : {}),
  };
}

export function stackPlanJson(plan: StackPlan): unknown {
  return {stack: plan.stack, changes: plan.changes, entries: plan.entries.map(entryJson), ignored: plan.ignored};
}

export function composeProblemLines(problems: readonly ComposeProblem[]): DisplayText[] {
  return problems.map(problem =>
    inert(`${problem.file}${problem.line > 0 ? `:${problem.line}${problem.column ? `:${problem.column}` : ''}` : ''}: ${problem.message}`),
  );
}
