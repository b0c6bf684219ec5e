// The pure half of editing a spec as YAML: reading the editor's text back and a
// readable list of what changed (shared by every kind `e` edits), and a
// service's own text and checks. A node's are in edit-node.ts.

import {yamlLibrary} from '../render/yaml-library.js';
import type {ServiceSpec, SwarmService} from '../docker/types.js';
import type {ParsedEdit} from './edit.js';

export function specYaml(service: SwarmService): string {
  const header = [
    `# Service ${service.Spec.Name} (ID ${service.ID}, version ${service.Version.Index}).`,
    '# Edit the spec, save and quit: swarmtop shows what changes and asks before applying it.',
    '# Leaving it unchanged, or emptying the file, cancels.',
  ];
  return `${header.join('\n')}\n${yamlLibrary().stringify(service.Spec, {lineWidth: 0, aliasDuplicateObjects: false})}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The editor's text as a YAML mapping, its first syntax error, or nothing (an emptied file, or only comments). */
export function readYamlMapping(text: string, expected: string): {ok: true; value: Record<string, unknown>} | {ok: false; error: string} | {ok: 'empty'} {
  let value: unknown;
  try {
    value = yamlLibrary().parse(text, {prettyErrors: true, uniqueKeys: true});
  } catch (error) {
    const message = error instanceof yamlLibrary().YAMLParseError ? error.message : String((error as Error)?.message ?? error);
    return {ok: false, error: message.split('\n')[0] ?? message};
  }
  if (value === null || value === undefined) return {ok: 'empty'};
  if (!isRecord(value)) return {ok: false, error: `the spec must be a mapping (${expected} …)`};
  return {ok: true, value};
}

export function parseSpecYaml(text: string): ParsedEdit<ServiceSpec> {
  const read = readYamlMapping(text, 'Name:, TaskTemplate:, Mode:');
  if (read.ok !== true) return read;
  const {value} = read;
  if (typeof value['Name'] !== 'string' || !value['Name']) return {ok: false, error: 'the spec needs a Name'};
  if (!isRecord(value['TaskTemplate'])) return {ok: false, error: 'the spec needs a TaskTemplate mapping'};
  return {ok: true, spec: value as unknown as ServiceSpec};
}

type Json = unknown;

function isScalar(value: Json): boolean {
  return value === null || typeof value !== 'object';
}

function show(value: Json): string {
  if (value === undefined) return '(unset)';
  if (Array.isArray(value) && value.every(isScalar)) return `[${value.map(item => String(item)).join(', ')}]`;
  return JSON.stringify(value);
}

function walk(before: Json, after: Json, path: string, out: string[]): void {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) walk(before[key], after[key], path ? `${path}.${key}` : key, out);
    return;
  }
  const objectLists = Array.isArray(before) && Array.isArray(after) && before.length === after.length && ![...before, ...after].every(isScalar);
  if (objectLists) {
    (before as Json[]).forEach((item, index) => walk(item, (after as Json[])[index], `${path}[${index}]`, out));
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push(`${path || '(spec)'}: ${show(before)} → ${show(after)}`);
}

/** One line per changed field: `Mode.Replicated.Replicas: 2 → 3`, `TaskTemplate.ContainerSpec.Env: [A=1] → [A=1, B=2]`. */
export function specDiff(before: object, after: object): string[] {
  const out: string[] = [];
  // Round-trip both through JSON so `undefined` fields and key order don't count as changes.
  walk(JSON.parse(JSON.stringify(before)), JSON.parse(JSON.stringify(after)), '', out);
  return out;
}
