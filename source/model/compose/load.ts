// One compose file read as the docker CLI reads it: YAML parsed, every string value
// interpolated (keys are not), and each value's line kept so a refusal or an ignored
// key can name its place. Pure: the caller reads the file and the environment.
import {type Document, LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node} from 'yaml';
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

interface Opened {
  start: number;
  end: number;
  what: string;
}

/** Every quoted string and flow collection, by where it starts and ends: an unclosed one ends where the parser gave up. */
function openings(document: Document, text: string): Opened[] {
  const found: Opened[] = [];
  const visit = (node: unknown): void => {
    const range = (node as Node | null)?.range;
    if (isScalar(node) && range && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE'))
      found.push({start: range[0], end: range[1], what: `${text[range[0]]} quote`});
    if (isMap(node) || isSeq(node)) {
      if (node.flow && range) found.push({start: range[0], end: range[1], what: text[range[0]] ?? 'bracket'});
      for (const item of node.items) {
        if (isPair(item)) {
          visit(item.key);
          visit(item.value);
        } else visit(item);
      }
    }
  };
  visit(document.contents);
  return found;
}

/** For each key given a second time in one mapping, by the key's offset: its text and the line it first appeared on. */
function repeatedKeys(document: Document, lineCounter: LineCounter): Map<number, {key: string; first: number}> {
  const repeated = new Map<number, {key: string; first: number}>();
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key as Node | null;
        const text = isScalar(key) ? String(key.value) : String(key);
        const at = key?.range?.[0];
        if (at !== undefined) {
          const first = seen.get(text);
          if (first === undefined) seen.set(text, lineCounter.linePos(at).line);
          else repeated.set(at, {key: text, first});
        }
        visit(item.value);
      }
    } else if (isSeq(node)) for (const item of node.items) visit(item);
  };
  visit(document.contents);
  return repeated;
}

/**
 * Every reason the text is not YAML the CLI would read, each at its line and column, one per line.
 * An unclosed quote or bracket is placed where it opens (the parser notices only where the
 * file or the block ends); a key given twice in one mapping is refused, as the CLI's parser
 * refuses it, naming the line it first appeared on.
 */
function syntaxProblems(file: string, text: string, document: Document, lineCounter: LineCounter): ComposeProblem[] {
  if (document.errors.length === 0) return [];
  const repeated = repeatedKeys(document, lineCounter);
  const opened = openings(document, text);
  const problems: ComposeProblem[] = [];
  for (const error of document.errors) {
    let at = error.pos[0];
    let reason = error.message.split('\n')[0]!;
    const duplicate = repeated.get(at);
    // The innermost quote or bracket the parser was still inside when it stopped.
    const unclosed = opened.filter(open => open.end === at && open.start < at).sort((a, b) => b.start - a.start)[0];
    if (error.code === 'DUPLICATE_KEY' && duplicate) reason = `mapping key "${duplicate.key}" already defined at line ${duplicate.first}`;
    else if (unclosed) {
      reason = `the ${unclosed.what} opened here is not closed (the parser reached line ${lineCounter.linePos(at).line})`;
      at = unclosed.start;
    }
    const {line, col} = lineCounter.linePos(at);
    if (problems.some(problem => problem.line === line)) continue;
    problems.push({file, line, column: col, message: `YAML: ${reason}`});
  }
  return problems;
}

export function loadCompose(file: string, text: string, lookup: Lookup): Loaded {
  const lineCounter = new LineCounter();
  // YAML 1.1, as the CLI's parser reads it: `mode: 0400` is octal, `yes` is true.
  const document = parseDocument(text, {lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.1'});
  const problems: ComposeProblem[] = syntaxProblems(file, text, document, lineCounter);
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
