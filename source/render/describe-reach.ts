// Describe's part from the nodes' own engines: a node's reach and usage, a
// task's usage with its recent history, health probes and how it ended.

import type {NodeReach, TaskReach, UsageSum} from '../docker/reach.js';
import {bytes} from './format.js';
import {endCell, memoryText, percent, sparkline} from './usage.js';

const INDENT = '  ';

function fields(pairs: Array<[string, string | number | undefined]>, indent = INDENT): string[] {
  const shown = pairs.filter(([, value]) => value !== undefined && value !== '');
  const width = Math.max(0, ...shown.map(([name]) => name.length)) + 2;
  return shown.map(([name, value]) => `${indent}${`${name}:`.padEnd(width)}${String(value)}`);
}

export function describeNodeReach(reach: NodeReach | undefined, usage: UsageSum | undefined): string[] {
  if (!reach) return [];
  if (reach.status === 'unreachable') {
    return [
      '',
      'Engine:',
      ...fields([
        ['Reached', 'no'],
        ['Endpoint', reach.endpoint],
        ['Reason', reach.reason],
      ]),
    ];
  }
  return [
    '',
    'Engine:',
    ...fields([
      ['Reached', 'yes'],
      ['Endpoint', reach.endpoint],
      ['Cores', reach.ncpu || undefined],
      ['Memory', bytes(reach.memTotal)],
      [
        'CPU used',
        usage ? `${percent(usage.cpu)} of a core (${percent(reach.ncpu ? usage.cpu / reach.ncpu : usage.cpu)} of the node), ${usage.tasks} tasks` : undefined,
      ],
      ['Memory used', usage ? `${bytes(usage.memUsed) || '0B'}${reach.memTotal ? ` of ${bytes(reach.memTotal)}` : ''}` : undefined],
    ]),
  ];
}

export function describeTaskReach(reach: TaskReach | undefined): string[] {
  if (!reach) return [];
  const lines: string[] = [];
  const usage = reach.usage;
  if (usage || reach.unreachable) {
    const cpu = usage?.cpu;
    lines.push(
      '',
      'Usage:',
      ...fields([
        ['Unreachable', reach.unreachable],
        ['CPU', cpu === undefined ? undefined : `${percent(cpu)} of a core${usage?.cores ? ` (${percent(cpu / usage.cores)} of the node)` : ''}`],
        ['CPU history', reach.cpuHistory.length > 1 ? `${sparkline(reach.cpuHistory, 100)}  max ${percent(Math.max(...reach.cpuHistory))}` : undefined],
        ['Memory', memoryText(usage?.memUsed, usage?.memLimit)],
        ['Memory history', reach.memHistory.length > 1 ? `${sparkline(reach.memHistory)}  max ${bytes(Math.max(...reach.memHistory)) || '0B'}` : undefined],
        ['Network', usage?.netRx === undefined ? undefined : `rx ${bytes(usage.netRx) || '0B'}, tx ${bytes(usage.netTx) || '0B'}`],
      ]),
    );
  }
  if (reach.health) {
    lines.push(
      '',
      'Health:',
      ...fields([
        ['Status', reach.health.status],
        ['Failing streak', reach.health.failingStreak || undefined],
      ]),
    );
    for (const probe of reach.health.probes) {
      lines.push(`${INDENT}${probe.end ?? ''} exit ${probe.exitCode ?? '?'}: ${probe.output.replace(/\s*\n\s*/g, ' ⏎ ')}`);
    }
  }
  if (reach.end) {
    lines.push(
      '',
      'Ended:',
      ...fields([
        ['How', endCell(reach.end).text],
        ['Finished', reach.end.finishedAt],
        ['Error', reach.end.error],
      ]),
    );
  }
  if (reach.restarts) lines.push(...fields([['Restarts', reach.restarts]], ''));
  return lines;
}
