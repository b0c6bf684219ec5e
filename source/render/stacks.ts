import type {Stack} from '../model/object-users.js';
import {type ColumnSpec, type SortShortcut, clusterCell} from './columns.js';
import type {RenderContext} from './columns.js';

export function stackTasks(stack: Stack, ctx: Pick<RenderContext, 'index'>): {running: number; desired: number} {
  let running = 0;
  let desired = 0;
  for (const service of stack.services) {
    const health = ctx.index.healthByService.get(service.ID);
    running += health?.running ?? 0;
    desired += health?.desired ?? 0;
  }
  return {running, desired};
}

export function stackNetworkNames(stack: Stack): string {
  return stack.networks.map(network => network.Name).join(', ');
}

export const stackColumns: ColumnSpec<Stack>[] = [
  {id: 'name', title: 'NAME', minWidth: 8, maxWidth: 40, flex: 1, priority: 0, render: stack => clusterCell(stack.name, 'accent')},
  {
    id: 'services',
    title: 'SERVICES',
    align: 'right',
    minWidth: 8,
    priority: 0,
    render: stack => clusterCell(String(stack.services.length)),
    sortValue: stack => stack.services.length,
  },
  {
    id: 'tasks',
    title: 'TASKS',
    align: 'right',
    minWidth: 5,
    priority: 0,
    render: (stack, ctx) => {
      const {running, desired} = stackTasks(stack, ctx);
      return clusterCell(`${running}/${desired}`, running >= desired ? 'ok' : running === 0 ? 'error' : 'warn');
    },
    sortValue: (stack, ctx) => {
      const {running, desired} = stackTasks(stack, ctx);
      return running - desired;
    },
  },
  {id: 'networks', title: 'NETWORKS', minWidth: 8, maxWidth: 60, flex: 2, priority: 1, render: stack => clusterCell(stackNetworkNames(stack))},
];

export const stackSortShortcuts: SortShortcut[] = [
  {key: 'N', columnId: 'name', label: 'name'},
  {key: 'S', columnId: 'services', label: 'service count'},
  {key: 'R', columnId: 'tasks', label: 'missing tasks'},
];

export function stackSearchText(stack: Stack): string {
  return [stack.name, ...stack.services.map(service => service.Spec.Name), stackNetworkNames(stack)].join(' ');
}
