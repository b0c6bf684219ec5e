// The all-tasks pane's rows are laid out again only when a task or a service moved: a
// snapshot that moved something else keeps the same rows (the same array, so its IDs and the
// selection's place are not worked out again), and one that moved a task lists it at once.
import {describe, expect, it} from 'vitest';
import type {SwarmSnapshot, SwarmTask} from '../../source/docker/types.js';
import {newFrame} from '../../source/shell/navigation.js';
import {listRows} from '../../source/views/panes/pane.js';
import {tasksPane} from '../../source/views/panes/tasks.js';
import {labSnapshot} from '../support/fixtures.js';

const ids = (rows: readonly {task: SwarmTask}[]) => rows.map(row => row.task.ID);

describe('the all-tasks rows across snapshots', () => {
  for (const showHistory of [false, true]) {
    it(`keeps its rows while no task or service moved, and lists a moved task at once (history ${showHistory ? 'shown' : 'hidden'})`, () => {
      const frame = {...newFrame('tasks'), showHistory};
      const first: SwarmSnapshot = labSnapshot();
      const rows = listRows(tasksPane, first, frame);
      expect(rows.length).toBeGreaterThan(0);

      // Another snapshot with the same lists (the event ring moved).
      const same: SwarmSnapshot = {...first, events: {rows: [], dropped: 0} as unknown as SwarmSnapshot['events']};
      expect(listRows(tasksPane, same, frame)).toBe(rows);

      // A service's counts moved (a new object, as a read gives it) and nothing else: the same rows still.
      const counted: SwarmSnapshot = {
        ...first,
        services: first.services.map((service, i) => (i === 0 ? {...service, ServiceStatus: {RunningTasks: 0, DesiredTasks: 9}} : service)),
      };
      expect(listRows(tasksPane, counted, frame)).toBe(rows);
      // Renamed: its tasks' names change, and so do the rows.
      const renamed: SwarmSnapshot = {
        ...first,
        services: first.services.map((service, i) => (i === 0 ? {...service, Spec: {...service.Spec, Name: 'zz-renamed'}} : service)),
      };
      const renamedRows = listRows(tasksPane, renamed, frame);
      expect(renamedRows).not.toBe(rows);
      expect(ids(renamedRows)).toEqual(ids(listRows(tasksPane, structuredClone(renamed), frame)));

      // One running task fails: a new task list, whose rows say so.
      const victim = first.tasks.find(task => task.Status.State === 'running')!;
      const failed: SwarmTask = {...victim, Version: {Index: victim.Version.Index + 1}, Status: {...victim.Status, State: 'failed'}};
      const moved: SwarmSnapshot = {...first, tasks: first.tasks.map(task => (task === victim ? failed : task))};
      const after = listRows(tasksPane, moved, frame);
      expect(after).not.toBe(rows);
      expect(after.map(row => row.task)).toContain(failed);
      expect(after.map(row => row.task)).not.toContain(victim);
      // The same rows a first look at that snapshot gives.
      expect(ids(after)).toEqual(ids(listRows(tasksPane, structuredClone(moved), frame)));
    });
  }

  it('filters afresh at every snapshot', () => {
    const first = labSnapshot();
    const name = first.services[0]!.Spec.Name;
    const frame = {...newFrame('tasks'), showHistory: false, filter: name};
    const rows = listRows(tasksPane, first, frame);
    expect(rows.length).toBeGreaterThan(0);
    const again = listRows(tasksPane, {...first}, frame);
    expect(again).not.toBe(rows);
    expect(ids(again)).toEqual(ids(rows));
  });
});
