// A rotation plan as the lines its question shows: one per reference to move,
// aligned, then what happens after the y.

import type {RotationPlan, RotationUse} from '../model/stored-versions.js';

/** File modes as the CLI takes them: 0444. */
export function octalMode(mode: number | undefined): string {
  return mode === undefined ? '-' : `0${mode.toString(8).padStart(3, '0')}`;
}

function useCells(use: RotationUse): string[] {
  return [use.serviceName, use.target === undefined ? '(runtime)' : use.target, use.uid ?? '-', use.gid ?? '-', octalMode(use.mode)];
}

const HEADINGS = ['SERVICE', 'TARGET', 'UID', 'GID', 'MODE'];

/** References listed one per line; past this many the rest are counted, so the question fits a terminal. */
export const MAX_PLAN_ROWS = 12;

/** The table of references the rotation moves, with a heading; a line saying so when nothing uses the object. */
export function rotationUseLines(plan: RotationPlan, maxRows = MAX_PLAN_ROWS): string[] {
  if (plan.uses.length === 0) return [`No service uses ${plan.from.name}.`];
  const shown = plan.uses.length > maxRows ? plan.uses.slice(0, maxRows - 1) : plan.uses;
  const rows = [HEADINGS, ...shown.map(useCells)];
  const widths = HEADINGS.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
  const lines = rows.map(row => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '));
  const hidden = plan.uses.slice(shown.length);
  if (hidden.length === 0) return lines;
  const services = [...new Set(hidden.map(use => use.serviceName))];
  return [...lines, `… and ${hidden.length} more reference${hidden.length === 1 ? '' : 's'}, of ${services.join(', ')}`];
}

/** The question's details: the references, then the steps, in the order they will be taken. */
export function rotationPlanLines(plan: RotationPlan): string[] {
  const count = plan.services.length;
  const steps =
    count === 0
      ? [`y creates ${plan.toName} and removes ${plan.from.name}.`]
      : [
          `y creates ${plan.toName}, moves ${count === 1 ? 'the service' : `the ${count} services one at a time`} to it at the same targets,`,
          `waits for each rollout, then removes ${plan.from.name}. A failure stops there: no service is left without a version.`,
        ];
  return [...rotationUseLines(plan), ...steps];
}
