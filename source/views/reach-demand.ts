// Which rows want the nodes' own engines: the rows of the pane on screen that
// can be on screen (a window the terminal's height either side of the
// selection, since the table scrolls to keep the selection in view). A
// describe or log screen asks for what the pane under it shows.

import type {SwarmSnapshot} from '../docker/types.js';
import type {ReachDemand} from '../model/stats-sampler.js';
import type {Frame} from '../shell/navigation.js';
import {selectionIn} from './panes/selection.js';

/** The rows within `rows` lines of the selection, at most 2×rows of them. */
function aroundSelection<T>(list: readonly T[], selected: number, rows: number): T[] {
  const at = Math.max(0, selected);
  return list.slice(Math.max(0, at - rows), at + rows);
}

export function reachDemand(stack: readonly Frame[], snapshot: SwarmSnapshot, rows: number): ReachDemand {
  const frame = [...stack].reverse().find(candidate => !candidate.screen);
  const empty = {tasks: [], nodeIds: [], serviceIds: []};
  if (!frame) return empty;
  switch (frame.view) {
    case 'tasks': {
      const selection = selectionIn('tasks', snapshot, frame);
      return {...empty, tasks: aroundSelection(selection.rows, selection.index, rows).map(entry => entry.task)};
    }
    case 'nodes': {
      const selection = selectionIn('nodes', snapshot, frame);
      return {...empty, nodeIds: aroundSelection(selection.rows, selection.index, rows).map(node => node.ID)};
    }
    case 'services': {
      const selection = selectionIn('services', snapshot, frame);
      return {...empty, serviceIds: aroundSelection(selection.rows, selection.index, rows).map(service => service.ID)};
    }
    case 'volumes':
      return {...empty, volumes: true};
    default:
      return empty;
  }
}
