// One compose file read as the docker CLI reads it: YAML parsed, every string value
// interpolated (keys are not), and each value's line kept so a refusal or an ignored
// key can name its place. Pure: the caller reads the file and the environment.
import {LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node} from 'yaml';
import type {ComposeProblem} from './plan-types.js';
import {type Lookup, interpolate} from './interpolate.js';

/** A value of the file, as JSON-like data. */
export type Value = string | number | boolean | null | Value[] | {[key: string]: Value};

/** Where each value sits: `services.web.image` → its line. */
export type Lines = Map<string, number>;

export interface LoadedFile {
  file: string;
  data: {[key: string]: Value};
  lines: Lines;
}

export type Loaded = {ok: true; loaded: LoadedFile} | {ok: false; problems: ComposeProblem[]};

export function pathKey(path: readonly (string | number)[]): string {
  return path.join('.');
}

export function loadCompose(file: string, text: string, lookup: Lookup): Loaded {
  const lineCounter = new LineCounter();
  // YAML 1.1, as the CLI's parser reads it: `mode: 0400` is octal, `yes` is true.
  const document = parseDocument(text, {lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.1'});
  const problems: ComposeProblem[] = [];
  for (const error of document.errors) {
    const position = error.linePos?.[0];
    problems.push({file, line: position?.line ?? 0, column: position?.col, message: error.message.split('\n')[0]!});
  }
  if (problems.length > 0) return {ok: false, problems};
  const lines: Lines = new Map();
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lineCounter.linePos(node.range[0]).line : 0);

  const walk = (node: unknown, path: (string | number)[]): Value => {
    lines.set(pathKey(path), lineOf(node as Node));
    if (isMap(node)) {
      const out: {[key: string]: Value} = {};
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
        const child = [...path, key];
        out[key] = item.value === null ? null : walk(item.value, child);
        // A key's place is its own line, where a reader looks for it (a block value starts below).
        lines.set(pathKey(child), lineOf(item.key as Node));
      }
      return out;
    }
    if (isSeq(node)) return node.items.map((item, index) => walk(item, [...path, index]));
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === 'string') {
        const replaced = interpolate(value, lookup);
        if (!replaced.ok) {
          problems.push({file, line: lineOf(node), message: `${pathKey(path)}: ${replaced.message}`});
          return value;
        }
        return replaced.value;
      }
      if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
      return String(value);
    }
    return null;
  };
  const data = walk(document.contents, []);
  if (problems.length > 0) return {ok: false, problems};
  if (data === null) return {ok: true, loaded: {file, data: {}, lines}};
  if (typeof data !== 'object' || Array.isArray(data)) return {ok: false, problems: [{file, line: 1, message: 'Top-level object must be a mapping'}]};
  return {ok: true, loaded: {file, data, lines}};
}
