// The pure half of editing a node as YAML. The editor opens the whole node, as
// `docker node inspect` shows it, so the operator sees which node it is and what
// its engine reports; only its Spec's Labels, Availability, Role and Name can
// change. A change anywhere else, an unknown availability or role, or a label
// value that is not text is refused with what was wrong, before anything is sent.

import type {NodeAvailability, NodeRole} from '../docker/capabilities.js';
import type {SwarmNode} from '../docker/types.js';
import {nodeName} from '../render/nodes.js';
import {yamlLibrary} from '../render/yaml-library.js';
import type {ParsedEdit} from './edit.js';
import {isRecord, readYamlMapping, specDiff} from './edit-spec.js';

/** What a node update sends: the engine's NodeSpec, with only the fields it has. */
export interface NodeSpecEdit {
  Name?: string;
  Labels: Record<string, string>;
  Role: NodeRole;
  Availability: NodeAvailability;
}

const ROLES: readonly NodeRole[] = ['manager', 'worker'];
const AVAILABILITIES: readonly NodeAvailability[] = ['active', 'pause', 'drain'];
const EDITABLE = ['Name', 'Labels', 'Role', 'Availability'] as const;
const EDITABLE_PATHS = EDITABLE.map(field => `Spec.${field}`).join(', ');
// Changes named in a refusal, one line each; a pasted-over file says how many more.
const MAX_NAMED = 4;

/** The node as the editor shows it, Spec first: what can change, then the rest for reference. */
function shown(node: SwarmNode): Record<string, unknown> {
  const {Spec, ...rest} = node;
  // Round-tripped through JSON so fields left undefined are absent, as they are once parsed back.
  return JSON.parse(JSON.stringify({Spec: {...Spec, Labels: Spec.Labels ?? {}}, ...rest})) as Record<string, unknown>;
}

export function nodeYaml(node: SwarmNode): string {
  const header = [
    `# Node ${nodeName(node)} (ID ${node.ID}, version ${node.Version.Index}).`,
    `# Only ${EDITABLE_PATHS} can change; the rest is shown for reference.`,
    `# Availability: ${AVAILABILITIES.join(', ')}. Role: ${ROLES.join(', ')}. Labels are text: Labels: {zone: blue, rack: "12"}.`,
    '# Save and quit: swarmtop shows what changes and asks before applying it. Leaving it unchanged, or emptying the file, cancels.',
  ];
  return `${header.join('\n')}\n${yamlLibrary().stringify(shown(node), {lineWidth: 0, aliasDuplicateObjects: false})}`;
}

function quoted(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function readLabels(value: unknown): {labels: Record<string, string>} | {error: string} {
  // No Labels (or `Labels:` left empty) is a node without labels.
  if (value === undefined || value === null) return {labels: {}};
  if (!isRecord(value)) return {error: `Spec.Labels must be a mapping of name: value, not ${quoted(value)}`};
  const labels: Record<string, string> = {};
  for (const [key, label] of Object.entries(value)) {
    if (!key.trim()) return {error: 'Spec.Labels: a label needs a name'};
    // `zone:` with nothing after it is the empty value `docker node update --label-add zone` sets.
    if (label === null) labels[key] = '';
    else if (typeof label === 'string') labels[key] = label;
    else return {error: `Spec.Labels.${key}: ${quoted(label)} is not text: quote it (${key}: "${String(label)}")`};
  }
  return {labels};
}

/** Reads the editor's text back against the node it was written from: only the spec may differ from it. */
export function parseNodeYaml(text: string, node: SwarmNode): ParsedEdit<NodeSpecEdit> {
  const read = readYamlMapping(text, 'Spec:, ID:, Description:');
  if (read.ok !== true) return read;
  const {Spec: spec, ...rest} = read.value;
  if (!isRecord(spec)) return {ok: false, error: 'the node needs its Spec mapping (Labels:, Role:, Availability:)', invalid: true};
  const invalid = (error: string): ParsedEdit<NodeSpecEdit> => ({ok: false, error, invalid: true});

  const {Spec: _spec, ...before} = shown(node);
  const elsewhere = [
    ...specDiff(before, rest),
    ...Object.keys(spec)
      .filter(key => !(EDITABLE as readonly string[]).includes(key))
      .map(key => `Spec.${key}`),
  ];
  if (elsewhere.length > 0) {
    const more = elsewhere.length > MAX_NAMED ? [`… and ${elsewhere.length - MAX_NAMED} more`] : [];
    return invalid([`Only ${EDITABLE_PATHS} can change here; this edit also changes:`, ...elsewhere.slice(0, MAX_NAMED), ...more].join('\n'));
  }

  const {Name: name, Labels: labelsValue, Role: role, Availability: availability} = spec;
  if (!ROLES.includes(role as NodeRole)) return invalid(`Spec.Role: ${quoted(role ?? null)} is not a role: ${ROLES.join(' or ')}`);
  if (!AVAILABILITIES.includes(availability as NodeAvailability)) {
    return invalid(`Spec.Availability: ${quoted(availability ?? null)} is not one of ${AVAILABILITIES.join(', ')}`);
  }
  if (name !== undefined && name !== null && typeof name !== 'string') return invalid(`Spec.Name: ${quoted(name)} is not text`);
  const labels = readLabels(labelsValue);
  if ('error' in labels) return invalid(labels.error);
  return {
    ok: true,
    spec: {
      ...(typeof name === 'string' && name ? {Name: name} : {}),
      Labels: labels.labels,
      Role: role as NodeRole,
      Availability: availability as NodeAvailability,
    },
  };
}

/** One line per change to the node's spec: `Spec.Labels.zone: (unset) → "blue"`, `Spec.Role: "manager" → "worker"`. */
export function nodeSpecDiff(node: SwarmNode, spec: NodeSpecEdit): string[] {
  return specDiff({Spec: shown(node)['Spec']}, {Spec: spec});
}
