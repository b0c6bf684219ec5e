// Reading one user YAML file into maps whose entries know their line, so every
// complaint names `file:line` and the key.

import {LineCounter, type Node, type Pair, isMap, isScalar, isSeq, parseDocument} from 'yaml';
import {ConfigFileError} from './config-error.js';

export interface Entry {
  key: string;
  /** Dotted path for messages: `logs.tail`, `plugins.stop.args`. */
  path: string;
  line: number;
  node: Node | null;
}

export class YamlFile {
  private readonly lines = new LineCounter();
  readonly root: Node | null;

  constructor(
    readonly file: string,
    text: string,
  ) {
    const document = parseDocument(text, {lineCounter: this.lines, uniqueKeys: true, prettyErrors: false});
    const error = document.errors[0];
    if (error) {
      const line = error.linePos?.[0].line ?? this.lineAt(error.pos[0]);
      throw new ConfigFileError(file, line, undefined, `not valid YAML: ${error.message.split('\n')[0]}`);
    }
    this.root = (document.contents as Node | null) ?? null;
  }

  lineAt(offset: number | undefined): number {
    return offset === undefined ? 1 : this.lines.linePos(offset).line;
  }

  lineOf(node: Node | null | undefined): number {
    return this.lineAt(node?.range?.[0]);
  }

  fail(line: number | undefined, key: string | undefined, problem: string): never {
    throw new ConfigFileError(this.file, line, key, problem);
  }

  /** The entries of a mapping; anything else is refused, naming `path`. An empty file is an empty map. */
  entries(node: Node | null, path: string): Entry[] {
    if (node === null || (isScalar(node) && node.value === null)) return [];
    if (!isMap(node)) this.fail(this.lineOf(node), path || undefined, `must be a mapping of key: value (got ${describeNode(node)})`);
    return node.items.map(item => {
      const pair = item as Pair<Node | null, Node | null>;
      const keyNode = pair.key;
      if (!isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) {
        this.fail(this.lineOf(keyNode), path || undefined, 'keys must be plain names');
      }
      const key = String(keyNode.value);
      return {key, path: path ? `${path}.${key}` : key, line: this.lineOf(keyNode), node: pair.value};
    });
  }

  /** Refuses a key that `known` does not hold, listing the known ones. */
  rejectUnknown(entries: readonly Entry[], known: readonly string[]): void {
    for (const entry of entries) {
      if (!known.includes(entry.key)) this.fail(entry.line, entry.path, `unknown key (known keys: ${known.join(', ')})`);
    }
  }

  string(entry: Entry, options: {empty?: boolean} = {}): string {
    const value = scalarValue(entry.node);
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string') this.fail(entry.line, entry.path, `must be text (got ${describeNode(entry.node)})`);
    if (!options.empty && !value.trim()) this.fail(entry.line, entry.path, 'must not be empty');
    return value;
  }

  boolean(entry: Entry): boolean {
    const value = scalarValue(entry.node);
    if (typeof value !== 'boolean') this.fail(entry.line, entry.path, `must be true or false (got ${describeNode(entry.node)})`);
    return value;
  }

  number(entry: Entry, range: {min: number; max: number; whole?: boolean; unit: string}): number {
    const value = scalarValue(entry.node);
    const ok = typeof value === 'number' && Number.isFinite(value) && value >= range.min && value <= range.max && (!range.whole || Number.isInteger(value));
    if (!ok) {
      const kind = range.whole ? 'a whole number of' : 'a number of';
      this.fail(entry.line, entry.path, `must be ${kind} ${range.unit}, ${range.min} to ${range.max} (got ${describeNode(entry.node)})`);
    }
    return value as number;
  }

  strings(entry: Entry): string[] {
    if (!isSeq(entry.node)) {
      // One word is taken as a list of one, as k9s does for scopes.
      return [this.string(entry)];
    }
    return entry.node.items.map((item, index) =>
      this.string({...entry, path: `${entry.path}[${index}]`, line: this.lineOf(item as Node), node: item as Node}, {empty: true}),
    );
  }
}

function scalarValue(node: Node | null): unknown {
  return isScalar(node) ? node.value : undefined;
}

function describeNode(node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'nothing' : JSON.stringify(node.value);
  return 'something else';
}
