import {describe, expect, it} from 'vitest';
import type {TextEditor} from '../../source/app/edit.js';
import {objectsSnapshot, recordedAt} from '../support/fixtures.js';
import {applySnapshot} from '../../source/model/cluster-store.js';
import {engineError} from '../support/fake-client.js';
import {ENTER, mountApp} from './mount.js';

const snapshot = objectsSnapshot();
const api = snapshot.services.find(service => service.Spec.Name === 'api')!;

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

const moreReplicas = (text: string) => text.replace('Replicas: 1', 'Replicas: 3').replace('MODE=production', 'MODE=staging');
const broken = (text: string) => `${text}TaskTemplate: {oops\n`;

function mount(editor: TextEditor, options: Parameters<typeof mountApp>[1] = {}) {
  return mountApp(snapshot, {now: recordedAt(snapshot), editor, ...options});
}

describe('editing a service spec', () => {
  it('opens the spec as YAML, shows the diff, and applies it with the version read on y', async () => {
    const {editor, opened} = scriptedEditor(moreReplicas);
    const m = mount(editor);
    await m.press('/', 'api', ENTER, 'e');
    expect(opened[0]).toContain(`version ${api.Version.Index}`);
    expect(opened[0]).toMatch(/^Name: api$/m);
    const text = m.screen();
    expect(text).toContain('Apply 2 changes to api? [y/N]');
    expect(text).toContain('Mode.Replicated.Replicas: 1 → 3');
    expect(text).toContain('TaskTemplate.ContainerSpec.Env: [MODE=production] → [MODE=staging]');
    expect(m.calls).toEqual([]);
    await m.press('y');
    expect(m.calls).toHaveLength(1);
    const [id, version, spec] = m.calls[0]!.args as [string, {Index: number}, typeof api.Spec];
    expect(m.calls[0]!.method).toBe('services.replaceSpec');
    expect([id, version]).toEqual([api.ID, api.Version]);
    expect(spec.Mode.Replicated?.Replicas).toBe(3);
    expect(spec.TaskTemplate.ContainerSpec?.Env).toEqual(['MODE=staging']);
    expect({...spec, Mode: api.Spec.Mode, TaskTemplate: api.Spec.TaskTemplate}).toEqual(api.Spec);
    expect(m.screen()).toContain('api updated');
  });

  it('n at the diff sends nothing', async () => {
    const m = mount(scriptedEditor(moreReplicas).editor);
    await m.press('/', 'api', ENTER, 'e', 'n');
    expect(m.calls).toEqual([]);
  });

  it('a YAML syntax error applies nothing and offers the editor again with the text intact', async () => {
    const {editor, opened} = scriptedEditor(broken, text => moreReplicas(text.replace('TaskTemplate: {oops\n', '')));
    const m = mount(editor);
    await m.press('/', 'api', ENTER, 'e');
    expect(m.screen()).toContain('The YAML for api does not parse. Edit again? [y/N]');
    expect(m.calls).toEqual([]);
    await m.press('y');
    expect(opened[1]).toBe(broken(opened[0]!));
    expect(m.screen()).toContain('Apply 2 changes to api?');
    await m.press('n');
    expect(m.calls).toEqual([]);
  });

  it("the engine's refusal is shown, with the editor offered again", async () => {
    const message = 'rpc error: code = Unknown desc = update out of sequence';
    const {editor, opened} = scriptedEditor(moreReplicas, text => text);
    const m = mount(editor, {failWith: engineError(500, message)});
    await m.press('/', 'api', ENTER, 'e', 'y');
    expect(m.screen()).toContain('The engine refused the new spec of api. Edit again? [y/N]');
    expect(m.screen()).toContain('update out of sequence');
    await m.press('y');
    expect(opened[1]).toBe(moreReplicas(opened[0]!));
  });

  it('after an out-of-sequence refusal, the next try diffs against and sends the version now current', async () => {
    const {editor} = scriptedEditor(moreReplicas, text => text);
    const m = mount(editor, {failWith: engineError(500, 'rpc error: code = Unknown desc = update out of sequence')});
    await m.press('/', 'api', ENTER, 'e', 'y');
    expect(m.screen()).toContain('Edit again?');
    // someone else added a label meanwhile: the store's next snapshot has the newer version
    const changed = structuredClone(api);
    changed.Version = {Index: api.Version.Index + 5};
    changed.Spec.Labels = {owner: 'someone-else'};
    applySnapshot(m.cluster, {...snapshot, services: snapshot.services.map(service => (service.ID === api.ID ? changed : service))}, recordedAt(snapshot));
    await m.press('y');
    expect(m.screen()).toContain('Labels.owner: "someone-else" → (unset)');
    await m.press('y');
    expect(m.calls.at(-1)!.args[1]).toEqual({Index: api.Version.Index + 5});
  });

  it('an unchanged file sends nothing; read-only has no edit key', async () => {
    const m = mount(scriptedEditor().editor);
    await m.press('/', 'api', ENTER, 'e');
    expect(m.screen()).toContain('api: no changes, nothing sent');
    const readOnly = mount(scriptedEditor(moreReplicas).editor, {readOnly: true});
    await readOnly.press('/', 'api', ENTER, 'e');
    expect(readOnly.screen()).toContain('read-only');
    expect(readOnly.screen()).not.toContain('Apply');
    expect(readOnly.calls).toEqual([]);
  });
});
