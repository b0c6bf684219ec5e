import {describe, expect, it} from 'vitest';
import type {ViewKind} from '../../source/keymap/names.js';
import {indexSnapshot} from '../../source/model/cluster-index.js';
import type {RenderContext} from '../../source/render/columns.js';
import {newFrame} from '../../source/shell/navigation.js';
import {layoutRows} from '../../source/views/document/document-lines.js';
import {objectDocument} from '../../source/views/document/open.js';
import {listRows} from '../../source/views/panes/pane.js';
import {type AnyPane, panes} from '../../source/views/panes/registry.js';
import {recordedAt} from '../support/fixtures.js';
import {ACTIVE, HOSTILE_HOSTNAME, HOSTILE_SERVICE, HOSTILE_STACK, hostileSnapshot} from '../support/hostile-snapshot.js';

const snapshot = hostileSnapshot();
const index = indexSnapshot(snapshot);
const ctx: RenderContext = {now: recordedAt(snapshot), index};
const hostileNode = snapshot.nodes.find(node => node.Description?.Hostname === HOSTILE_HOSTNAME)!;
const hostileService = snapshot.services.find(service => service.Spec.Name === HOSTILE_SERVICE)!;

/** Every cell of every row a pane lists for a frame, as drawn. */
function cellTexts(view: ViewKind, scope?: Parameters<typeof newFrame>[1]): string[] {
  const pane = panes[view] as AnyPane;
  const frame = newFrame(view, scope);
  return listRows(pane, snapshot, frame).flatMap(row => pane.columns.map(column => column.render(row, ctx).text));
}

describe('hostile strings from the cluster come out inert', () => {
  it('in the cells of every pane: hostnames, service names, images, stacks, labels, errors', () => {
    const views = Object.keys(panes) as ViewKind[];
    const cells = [
      ...views.flatMap(view => cellTexts(view)),
      ...cellTexts('tasks', {nodeId: hostileNode.ID}),
      ...cellTexts('tasks', {serviceId: hostileService.ID}),
      ...cellTexts('services', {stack: HOSTILE_STACK}),
      ...cellTexts('rollout', {serviceId: hostileService.ID}),
    ];
    expect(cells.filter(text => ACTIVE.test(text))).toEqual([]);
    // The hostile data did reach the cells, as visible text.
    const joined = cells.join('\n');
    expect(joined).toContain('node1\\u202e\\u20661edon^[]0;pwned^G');
    expect(joined).toContain('web^[[2J^[[H\\x9b2J');
    expect(joined).toContain('lab/busybox\\u202e\\u2066:2^[]2;owned^[\\');
    expect(joined).toContain('shop^[]0;pwned^G');
    expect(joined).toContain('failed^[[2J');
  });

  it('in the crumbs that name a node, a service or a stack', () => {
    const crumbs = [
      panes.tasks.crumb(newFrame('tasks', {nodeId: hostileNode.ID}), index),
      panes.tasks.crumb(newFrame('tasks', {serviceId: hostileService.ID}), index),
      panes.services.crumb(newFrame('services', {stack: HOSTILE_STACK}), index),
      panes.rollout.crumb(newFrame('rollout', {serviceId: hostileService.ID}), index),
    ];
    expect(crumbs.filter(crumb => ACTIVE.test(crumb))).toEqual([]);
    expect(crumbs[0]).toBe('tasks on node1\\u202e\\u20661edon^[]0;pwned^G');
    // The stack name's TAB is spaces to the next 8-column stop (column 34 to 40), its bidi controls visible.
    expect(crumbs[2]).toBe(`services of stack shop^[]0;pwned^G${' '.repeat(6)}\\u202e\\u2066`);
  });

  it('in the titles and lines of describe and YAML documents', () => {
    for (const kind of ['describe', 'yaml'] as const) {
      const nodeDocument = objectDocument('nodes', hostileNode.ID, kind, () => snapshot)!;
      const serviceDocument = objectDocument('services', hostileService.ID, kind, () => snapshot)!;
      for (const document of [nodeDocument, serviceDocument]) {
        expect(ACTIVE.test(document.title())).toBe(false);
        const rows = layoutRows(document.lines(), 80);
        expect(rows.filter(row => ACTIVE.test(row.text)).map(row => row.text)).toEqual([]);
      }
      expect(nodeDocument.title()).toContain('node1\\u202e');
      expect(nodeDocument.lines().join('\n')).toContain('node1\u202e');
    }
  });
});
