import {describe, expect, it} from 'vitest';
import {nodeSpecDiff, nodeYaml, parseNodeYaml} from '../../../source/app/edit-node.js';
import {nodeEditWarnings} from '../../../source/app/operations/edit-node.js';
import type {SwarmNode} from '../../../source/docker/types.js';
import {objectsSnapshot} from '../../support/fixtures.js';

const snapshot = objectsSnapshot();
const named = (hostname: string) => snapshot.nodes.find(node => node.Description?.Hostname === hostname)!;
const node1 = named('node1');
const node2 = named('node2');

/** The editor's text for `node` with one part of the YAML (not of the comment above it) replaced, as a person would edit it. */
function edited(node: SwarmNode, from: string | RegExp, to: string): string {
  const text = nodeYaml(node);
  const start = text.indexOf('\nSpec:\n');
  const yaml = text.slice(start);
  const next = yaml.replace(from, to);
  expect(next, `the YAML has ${String(from)}`).not.toBe(yaml);
  return text.slice(0, start) + next;
}

describe('node YAML', () => {
  it('opens the whole node, Spec first, and parses back to its spec unchanged', () => {
    const text = nodeYaml(node2);
    expect(text).toContain(`# Node node2 (ID ${node2.ID}, version ${node2.Version.Index}).`);
    expect(text.split('\n').find(line => !line.startsWith('#'))).toBe('Spec:');
    expect(text).toMatch(/^Description:$/m);
    const parsed = parseNodeYaml(text, node2);
    expect(parsed).toEqual({ok: true, spec: {Labels: node2.Spec.Labels ?? {}, Role: node2.Spec.Role, Availability: node2.Spec.Availability}});
    expect(nodeSpecDiff(node2, (parsed as {spec: Parameters<typeof nodeSpecDiff>[1]}).spec)).toEqual([]);
  });

  it('reads labels, availability and role, and lists each change', () => {
    const text = edited(node2, 'Labels: {}', 'Labels:\n    zone: blue\n    rack: "12"\n    spare:').replace(
      /^ {2}Availability: active$/m,
      '  Availability: pause',
    );
    const parsed = parseNodeYaml(text, node2);
    expect(parsed).toEqual({ok: true, spec: {Labels: {zone: 'blue', rack: '12', spare: ''}, Role: 'worker', Availability: 'pause'}});
    if (parsed.ok !== true) return;
    expect(nodeSpecDiff(node2, parsed.spec)).toEqual([
      'Spec.Labels.zone: (unset) → "blue"',
      'Spec.Labels.rack: (unset) → "12"',
      'Spec.Labels.spare: (unset) → ""',
      'Spec.Availability: "active" → "pause"',
    ]);
    const renamed = parseNodeYaml(edited(node2, 'Role: worker', 'Role: worker\n  Name: db-2'), node2);
    expect(renamed).toMatchObject({ok: true, spec: {Name: 'db-2'}});
  });

  it('removing a label, or every label, is a change like any other', () => {
    const labelled: SwarmNode = {...node2, Spec: {...node2.Spec, Labels: {zone: 'blue', rack: '3'}}};
    const one = parseNodeYaml(edited(labelled, /\n {4}rack: "3"/, ''), labelled);
    expect(one.ok === true && nodeSpecDiff(labelled, one.spec)).toEqual(['Spec.Labels.rack: "3" → (unset)']);
    const all = parseNodeYaml(edited(labelled, /\n {2}Labels:\n {4}zone: blue\n {4}rack: "3"/, ''), labelled);
    expect(all.ok === true && nodeSpecDiff(labelled, all.spec)).toEqual(['Spec.Labels.zone: "blue" → (unset)', 'Spec.Labels.rack: "3" → (unset)']);
  });

  it('refuses a change outside Spec.Labels, Availability, Role and Name, naming it', () => {
    const hostname = parseNodeYaml(edited(node2, 'Hostname: node2', 'Hostname: elsewhere'), node2);
    expect(hostname).toEqual({
      ok: false,
      invalid: true,
      error: expect.stringContaining('this edit also changes:\nDescription.Hostname: "node2" → "elsewhere"'),
    });
    expect((hostname as {error: string}).error).toMatch(/^Only Spec\.Name, Spec\.Labels, Spec\.Role, Spec\.Availability can change here/);
    const version = parseNodeYaml(edited(node2, /Index: \d+/, 'Index: 1'), node2);
    expect(version).toMatchObject({ok: false, invalid: true, error: expect.stringContaining('Version.Index')});
    const extra = parseNodeYaml(edited(node2, 'Role: worker', 'Role: worker\n  Owner: me'), node2);
    expect(extra).toMatchObject({ok: false, error: expect.stringContaining('changes:\nSpec.Owner')});
    const removed = parseNodeYaml(edited(node2, /\nStatus:\n(?: {2}.*\n)+/, '\n'), node2);
    expect(removed).toMatchObject({ok: false, error: expect.stringMatching(/Status: \{.*\} → \(unset\)/)});
  });

  it('refuses unknown availability and role values, label values that are not text, and a missing Spec', () => {
    expect(parseNodeYaml(edited(node2, 'Availability: active', 'Availability: drained'), node2)).toEqual({
      ok: false,
      invalid: true,
      error: 'Spec.Availability: "drained" is not one of active, pause, drain',
    });
    expect(parseNodeYaml(edited(node2, 'Role: worker', 'Role: boss'), node2)).toEqual({
      ok: false,
      invalid: true,
      error: 'Spec.Role: "boss" is not a role: manager or worker',
    });
    expect(parseNodeYaml(edited(node2, 'Labels: {}', 'Labels: {rack: 12}'), node2)).toEqual({
      ok: false,
      invalid: true,
      error: 'Spec.Labels.rack: 12 is not text: quote it (rack: "12")',
    });
    expect(parseNodeYaml(edited(node2, 'Labels: {}', 'Labels: [a, b]'), node2)).toMatchObject({
      ok: false,
      error: expect.stringContaining('Spec.Labels must be a mapping'),
    });
    expect(parseNodeYaml('ID: x\n', node2)).toMatchObject({ok: false, invalid: true, error: expect.stringContaining('needs its Spec')});
  });

  it('a syntax error is not "invalid", and an emptied file is a cancel', () => {
    const syntax = parseNodeYaml(`${nodeYaml(node2)}Spec: {oops\n`, node2);
    expect(syntax.ok).toBe(false);
    expect(syntax).not.toHaveProperty('invalid');
    expect(parseNodeYaml('# nothing\n', node2)).toEqual({ok: 'empty'});
  });
});

describe('node edit warnings', () => {
  const spec = (node: SwarmNode, change: Partial<SwarmNode['Spec']>) => ({Labels: {}, ...node.Spec, ...change}) as Parameters<typeof nodeEditWarnings>[1];
  const managers = snapshot.nodes.filter(node => node.ManagerStatus);

  it('demoting the only manager is an alarm, and so is demoting the node the console reads through', () => {
    expect(managers.map(node => node.Description?.Hostname)).toEqual(['node1']);
    const last = nodeEditWarnings(node1, spec(node1, {Role: 'worker'}), {snapshot, connectedNodeId: () => node2.ID});
    expect(last?.severe).toBe(true);
    expect(last?.lines).toEqual([
      'Demoting it: it leaves the raft quorum and stops serving the API.',
      expect.stringMatching(/^⚠ node1 is the last reachable manager/),
    ]);
    const connected = nodeEditWarnings(node1, spec(node1, {Role: 'worker'}), {snapshot, connectedNodeId: () => node1.ID});
    expect(connected?.lines.at(-1)).toMatch(/^⚠ This console is connected through node1: once demoted/);
  });

  it('says nothing for a label change, and counts the tasks a drain moves', () => {
    expect(nodeEditWarnings(node2, spec(node2, {Labels: {zone: 'blue'}}), {snapshot})).toBeUndefined();
    const drain = nodeEditWarnings(node2, spec(node2, {Availability: 'drain'}), {snapshot});
    expect(drain).toEqual({severe: false, lines: [expect.stringMatching(/^Draining it: its \d+ running tasks? will be moved to other nodes\.$/)]});
  });
});
