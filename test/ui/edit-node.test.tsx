import {describe, expect, it} from 'vitest';
import type {TextEditor} from '../../source/app/edit.js';
import type {SwarmNode, SwarmSnapshot} from '../../source/docker/types.js';
import {applySnapshot} from '../../source/model/cluster-store.js';
import {engineError} from '../support/fake-client.js';
import {objectsSnapshot, pendingSnapshot, recordedAt} from '../support/fixtures.js';
import {ENTER, ESC, mountApp} from './mount.js';

const snapshot = objectsSnapshot();
const byHost = (from: SwarmSnapshot, hostname: string) => from.nodes.find(node => node.Description?.Hostname === hostname)!;
const node1 = byHost(snapshot, 'node1');
const node2 = byHost(snapshot, 'node2');

/** An editor that applies scripted edits in turn and remembers what it was given. */
function scriptedEditor(...edits: Array<(text: string) => string>) {
  const opened: string[] = [];
  const editor: TextEditor = {
    edit(text) {
      opened.push(text);
      const next = edits.shift();
      return {text: next ? next(text) : text};
    },
  };
  return {editor, opened};
}

// Edits of the YAML below the comment header, as a person in the editor would make them.
const inYaml = (from: RegExp, to: string) => (text: string) => text.replace(from, to);
const addZone = inYaml(/^ {2}Labels: \{\}$/m, '  Labels:\n    zone: blue');
const demote = inYaml(/^ {2}Role: manager$/m, '  Role: worker');

function mount(editor: TextEditor, options: Parameters<typeof mountApp>[1] = {}, from: SwarmSnapshot = snapshot) {
  return mountApp(from, {now: recordedAt(from), editor, view: 'nodes', ...options});
}

describe('editing a node', () => {
  it('adds a label: the diff is confirmed, then the spec goes with the version read', async () => {
    const {editor, opened} = scriptedEditor(addZone);
    const m = mount(editor);
    await m.press('/', 'node2', ENTER, 'e');
    expect(opened[0]).toContain(`# Node node2 (ID ${node2.ID}, version ${node2.Version.Index}).`);
    expect(m.screen()).toContain('Apply 1 change to node2? [y/N]');
    expect(m.screen()).toContain('Spec.Labels.zone: (unset) → "blue"');
    expect(m.calls).toEqual([]);
    await m.press('y');
    expect(m.calls).toEqual([{method: 'nodes.replaceSpec', args: [node2.ID, node2.Version, {Labels: {zone: 'blue'}, Role: 'worker', Availability: 'active'}]}]);
    expect(m.screen()).toContain('node2 updated');
  });

  it('a change to a field that cannot change here is refused, naming it; nothing is sent', async () => {
    const m = mount(scriptedEditor(inYaml(/^ {2}Hostname: node2$/m, '  Hostname: renamed')).editor);
    await m.press('/', 'node2', ENTER, 'e');
    expect(m.screen()).toContain('The edit of node2 cannot be sent. Edit again? [y/N]');
    expect(m.screen()).toContain('Description.Hostname: "node2" → "renamed"');
    await m.press('n');
    expect(m.calls).toEqual([]);
  });

  it('an unknown availability is refused with the values it may take, and the editor offered again with the text intact', async () => {
    const drained = inYaml(/^ {2}Availability: active$/m, '  Availability: drained');
    const {editor, opened} = scriptedEditor(drained, text => addZone(text.replace('Availability: drained', 'Availability: active')));
    const m = mount(editor);
    await m.press('/', 'node2', ENTER, 'e');
    expect(m.screen()).toContain('Spec.Availability: "drained" is not one of active, pause, drain');
    await m.press('y');
    expect(opened[1]).toBe(drained(opened[0]!));
    expect(m.screen()).toContain('Apply 1 change to node2?');
    await m.press('n');
    expect(m.calls).toEqual([]);
  });

  it('demoting the last manager, which the console reads through, warns in red; the engine refusal is shown whole', async () => {
    const refusal = 'rpc error: code = FailedPrecondition desc = attempting to demote the last manager of the swarm';
    const m = mount(scriptedEditor(demote).editor, {connectedNodeId: node1.ID, failWith: engineError(500, refusal)});
    await m.press('/', 'node1', ENTER, 'e');
    const text = m.screen();
    expect(text).toContain('Apply 1 change to node1? [y/N]');
    expect(text).toContain('Spec.Role: "manager" → "worker"');
    expect(text).toContain('⚠ node1 is the last reachable manager');
    expect(text).toContain('⚠ This console is connected through node1');
    await m.press('y');
    expect(m.calls.map(call => call.method)).toEqual(['nodes.replaceSpec']);
    expect(m.screen()).toContain('The engine refused the new spec of node1. Edit again? [y/N]');
    expect(m.screen()).toContain(refusal);
  });

  it('after an out-of-sequence refusal, the next try diffs against and sends the version now current', async () => {
    const {editor} = scriptedEditor(addZone, text => text);
    const m = mount(editor, {failWith: engineError(500, 'rpc error: code = Unknown desc = update out of sequence')});
    await m.press('/', 'node2', ENTER, 'e', 'y');
    expect(m.screen()).toContain('update out of sequence');
    const changed: SwarmNode = {...node2, Version: {Index: node2.Version.Index + 3}, Spec: {...node2.Spec, Availability: 'pause'}};
    applySnapshot(m.cluster, {...snapshot, nodes: snapshot.nodes.map(node => (node.ID === node2.ID ? changed : node))}, recordedAt(snapshot));
    await m.press('y');
    expect(m.screen()).toContain('Spec.Availability: "pause" → "active"');
    await m.press('y');
    expect(m.calls.at(-1)!.args[1]).toEqual({Index: node2.Version.Index + 3});
  });

  it('read-only has no edit key on nodes: nothing opens, nothing is sent', async () => {
    const {editor, opened} = scriptedEditor(addZone);
    const m = mount(editor, {readOnly: true});
    await m.press('/', 'node2', ENTER, 'e');
    expect(m.screen()).toContain('read-only');
    expect(opened).toEqual([]);
    expect(m.calls).toEqual([]);
  });
});

describe('a pending task after a label edit', () => {
  const pending = pendingSnapshot();
  const zoned = pending.services.find(service => service.Spec.Name === 'zoned')!;
  const pendingNode2 = byHost(pending, 'node2');

  it('is explained against the labels of the refreshed snapshot', async () => {
    const m = mount(scriptedEditor(inYaml(/^ {4}disk: ssd$/m, '    disk: ssd\n    zone: eu')).editor, {}, pending);
    await m.press('/', 'node2', ENTER, 'e', 'y');
    expect(m.calls.at(-1)).toMatchObject({method: 'nodes.replaceSpec', args: [pendingNode2.ID, pendingNode2.Version, {Labels: {disk: 'ssd', zone: 'eu'}}]});
    await m.press(ESC, ':tasks', ENTER, '/', 'zoned', ENTER, 'd');
    // The describe wraps at the terminal's width: read it as one line.
    const flat = () => m.screen().replace(/\n/g, '');
    expect(flat()).toContain('Why pending:   no node fits: node3 is drained; constraint node.labels.zone==eu; node1 has zone=a, node2 has no zone');
    // The next refresh carries the engine's node with its new label.
    const labelled: SwarmNode = {
      ...pendingNode2,
      Version: {Index: pendingNode2.Version.Index + 1},
      Spec: {...pendingNode2.Spec, Labels: {disk: 'ssd', zone: 'eu'}},
    };
    applySnapshot(m.cluster, {...pending, nodes: pending.nodes.map(node => (node.ID === labelled.ID ? labelled : node))}, recordedAt(pending));
    await m.waitForScreen(screen => screen.replace(/\n/g, '').includes('node2 fits'));
    expect(flat()).not.toContain('no zone');
    expect(flat()).toContain('Why pending:   node2 fits; the scheduler has not placed it yet');
    expect(zoned.Spec.TaskTemplate.Placement?.Constraints).toEqual(['node.labels.zone==eu']);
  });
});
