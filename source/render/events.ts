import type {SwarmEventRow} from '../docker/types.js';
import {type ColumnSpec, type SortShortcut, type Tone, clusterCell} from './columns.js';
import {clockTime} from './format.js';

const actionTones: Record<string, Tone> = {
  create: 'ok',
  start: 'ok',
  remove: 'warn',
  destroy: 'muted',
  die: 'error',
  kill: 'error',
  oom: 'error',
  update: 'info',
};

export const eventColumns: ColumnSpec<SwarmEventRow>[] = [
  {id: 'time', title: 'TIME', width: 8, priority: 0, render: row => clusterCell(clockTime(row.time), 'muted'), sortValue: row => row.seq},
  {id: 'type', title: 'TYPE', minWidth: 4, maxWidth: 10, priority: 1, render: row => clusterCell(row.type)},
  {id: 'action', title: 'ACTION', minWidth: 6, maxWidth: 24, priority: 0, render: row => clusterCell(row.action, actionTones[row.action])},
  {id: 'name', title: 'NAME', minWidth: 8, maxWidth: 40, priority: 0, render: row => clusterCell(row.name, 'accent')},
  {id: 'attributes', title: 'ATTRIBUTES', minWidth: 10, flex: 1, priority: 1, render: row => clusterCell(row.attributes)},
];

export const eventSortShortcuts: SortShortcut[] = [
  {key: 'T', columnId: 'type', label: 'type'},
  {key: 'N', columnId: 'name', label: 'name'},
];

export function eventSearchText(row: SwarmEventRow): string {
  return [row.type, row.action, row.name, row.id, row.attributes].join(' ');
}
