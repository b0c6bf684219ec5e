import {describe, expect, it} from 'vitest';
import {diffDetails} from '../../../source/app/edit.js';
import {parseSpecYaml, specDiff, specYaml} from '../../../source/app/edit-spec.js';
import {objectsSnapshot} from '../../support/fixtures.js';

const api = objectsSnapshot().services.find(service => service.Spec.Name === 'api')!;

describe('spec YAML', () => {
  it('round-trips: the text the editor opens parses back to the same spec', () => {
    const parsed = parseSpecYaml(specYaml(api));
    expect(parsed).toEqual({ok: true, spec: api.Spec});
  });

  it('reports syntax errors, non-mappings and missing essentials; an empty file is a cancel', () => {
    const syntax = parseSpecYaml('Name: web\nTaskTemplate: {oops\n');
    expect(syntax.ok).toBe(false);
    expect((syntax as {error: string}).error).toMatch(/line \d+/i);
    expect(parseSpecYaml('- a\n- b\n')).toEqual({ok: false, error: expect.stringContaining('mapping')});
    expect(parseSpecYaml('TaskTemplate: {}\n')).toEqual({ok: false, error: 'the spec needs a Name'});
    expect(parseSpecYaml('Name: a\nName: b\nTaskTemplate: {}\n').ok).toBe(false);
    expect(parseSpecYaml('# only a comment\n')).toEqual({ok: 'empty'});
  });
});

describe('spec diff', () => {
  it('names each changed path with its old and new value', () => {
    const after = structuredClone(api.Spec);
    after.Mode.Replicated!.Replicas = 3;
    after.TaskTemplate.ContainerSpec!.Env = ['MODE=production', 'DEBUG=1'];
    after.Labels = {tier: 'web'};
    delete after.EndpointSpec;
    expect(specDiff(api.Spec, after)).toEqual([
      'Labels.tier: (unset) → "web"',
      'TaskTemplate.ContainerSpec.Env: [MODE=production] → [MODE=production, DEBUG=1]',
      'Mode.Replicated.Replicas: 1 → 3',
      'EndpointSpec: {"Mode":"vip","Ports":[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8080,"PublishMode":"ingress"}]} → (unset)',
    ]);
  });

  it('walks into lists of objects by index', () => {
    const after = structuredClone(api.Spec);
    after.EndpointSpec!.Ports![0]!.PublishedPort = 9090;
    expect(specDiff(api.Spec, after)).toEqual(['EndpointSpec.Ports[0].PublishedPort: 8080 → 9090']);
    expect(specDiff(api.Spec, structuredClone(api.Spec))).toEqual([]);
  });

  it('keeps a long diff to a dialog-sized list', () => {
    const lines = Array.from({length: 20}, (_, index) => `line ${index}`);
    const details = diffDetails(lines);
    expect(details).toHaveLength(12);
    expect(details.at(-1)).toBe('… and 9 more changes');
  });
});

describe('the terminal editor', () => {
  it('runs $VISUAL before $EDITOR, through the shell, with the terminal suspended, and reads the file back', async () => {
    const {terminalEditor, editorCommand} = await import('../../../source/app/edit-terminal.js');
    expect(editorCommand({EDITOR: 'nano'})).toBe('nano');
    expect(editorCommand({VISUAL: 'code --wait', EDITOR: 'nano'})).toBe('code --wait');
    expect(editorCommand({})).toBe('vi');
    let suspended = 0;
    const editor = terminalEditor(
      run => {
        suspended++;
        return run();
      },
      {EDITOR: "sed -i -e 's/Replicas: 1/Replicas: 4/'"},
    );
    const result = editor.edit('Mode:\n  Replicated:\n    Replicas: 1\n', 'web');
    expect(result).toEqual({text: 'Mode:\n  Replicated:\n    Replicas: 4\n'});
    expect(suspended).toBe(1);
    expect(terminalEditor(run => run(), {EDITOR: 'false'}).edit('x', 'web')).toEqual({error: 'false exited with 1'});
  });
});
