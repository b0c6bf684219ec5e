// "What changed": the last update of a service as a field diff from its
// PreviousSpec to its Spec, for describe and the rollout view.
import type {SwarmService} from '../docker/types.js';
import {changeText, specChanges} from '../model/spec-changes.js';
import {type Cell, clusterCell} from './columns.js';
import {inert} from './text.js';

/** When the last update began (or, without an update status, when the service last changed). */
export function lastUpdateTime(service: SwarmService): string | undefined {
  return service.UpdateStatus?.StartedAt ?? service.UpdatedAt;
}

/** Describe's "Last update" section: when, how it went, and each changed field. */
export function lastUpdateLines(service: SwarmService, indent: string): string[] {
  if (!service.PreviousSpec) return [];
  const changes = specChanges(service.PreviousSpec, service.Spec);
  const state = service.UpdateStatus?.State;
  return [
    '',
    'Last update:',
    `${indent}When: ${lastUpdateTime(service) ?? 'unknown'}${state ? ` (${state})` : ''}`,
    ...(changes.length > 0
      ? changes.map(change => `${indent}${inert(changeText(change))}`)
      : [`${indent}(no field changed: a forced restart or a no-op update)`]),
  ];
}

/** The rollout view's lines for the update under way: "changes: image a → b · env MODE blue → green". */
export function rolloutChangeLines(service: SwarmService, width: number, maxLines = 2): Cell[][] {
  if (!service.PreviousSpec) return [];
  const rollingBack = service.UpdateStatus?.State?.startsWith('rollback');
  const changes = specChanges(service.PreviousSpec, service.Spec);
  if (changes.length === 0) return [];
  const label = rollingBack ? 'rolled back: ' : 'changes: ';
  const lines: Cell[][] = [];
  let line: Cell[] = [clusterCell(label, 'muted')];
  let used = label.length;
  for (const change of changes) {
    const text = changeText(change);
    const separator = line.length > 1 ? ' · ' : '';
    if (used + separator.length + text.length > width && line.length > 1) {
      lines.push(line);
      if (lines.length === maxLines) return lines;
      line = [clusterCell(' '.repeat(label.length))];
      used = label.length;
    } else if (separator) {
      line.push(clusterCell(separator, 'muted'));
      used += separator.length;
    }
    line.push(clusterCell(text));
    used += text.length;
  }
  lines.push(line);
  return lines;
}
