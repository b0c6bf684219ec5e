// The import rules of source/ as data and checks (used by
// test/unit/architecture.test.ts; eslint.config.js states the same layer order
// for the editor). Imports are read with the TypeScript parser, so a specifier
// in a comment or a string is never taken for an import.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The folders of source/, lowest first: a folder may import only folders before it. */
export const LAYERS = ['docker', 'model', 'render', 'keymap', 'shell', 'ui', 'views', 'app'] as const;

/** Folders beside the layer order: what each may import, and who may import it. */
export const SIDE_FOLDERS: Record<string, {mayImport: readonly string[]; importedBy: readonly string[]}> = {
  // The simulated engine: it speaks the engine's types, and only the app wiring (and cli.tsx) starts it.
  demo: {mayImport: ['docker'], importedBy: ['app']},
};

export const MAX_LINES = 400;

export interface ImportRef {
  specifier: string;
  /** Erased at compile time: `import type`, `export type`, every binding `type`, or `typeof import()`. */
  typeOnly: boolean;
  dynamic: boolean;
}

export interface ImportEdge {
  /** Paths relative to the repository root, with forward slashes. */
  from: string;
  to: string;
  typeOnly: boolean;
}

export interface LayerRules {
  layers: readonly string[];
  side: Record<string, {mayImport: readonly string[]; importedBy: readonly string[]}>;
}

const PROJECT_RULES: LayerRules = {layers: LAYERS, side: SIDE_FOLDERS};

/** Every module reference in one file: static imports and re-exports, `import()` calls and `import()` types. */
export function parseImports(fileName: string, text: string): ImportRef[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const refs: ImportRef[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      refs.push({specifier: node.moduleSpecifier.text, typeOnly: importIsTypeOnly(node.importClause), dynamic: false});
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const allTypes = clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every(element => element.isTypeOnly);
      refs.push({specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || allTypes, dynamic: false});
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteralLike(first)) refs.push({specifier: first.text, typeOnly: false, dynamic: true});
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      refs.push({specifier: node.argument.literal.text, typeOnly: true, dynamic: false});
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return refs;
}

function importIsTypeOnly(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false; // `import './x.js'` runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false; // a default binding is a value
  const bindings = clause.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every(element => element.isTypeOnly);
}

/** The repository file a relative specifier names (`./x.js` is written for `./x.ts` or `./x.tsx`), or undefined for a package. */
export function resolveSpecifier(fromFile: string, specifier: string, exists: (file: string) => boolean): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.posix.join(path.posix.dirname(fromFile), specifier);
  const stem = base.replace(/\.(js|jsx|ts|tsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  return candidates.find(exists);
}

/** The source/ folder a file belongs to ('' for a file directly in source/), or undefined outside source/. */
export function folderOf(file: string): string | undefined {
  const parts = file.split('/');
  if (parts[0] !== 'source') return undefined;
  return parts.length > 2 ? parts[1] : '';
}

/** Folders of source/ that are neither in the layer order nor a known side folder. */
export function unknownFolders(folders: Iterable<string>, rules: LayerRules = PROJECT_RULES): string[] {
  return [...new Set(folders)].filter(folder => !rules.layers.includes(folder) && !(folder in rules.side)).sort();
}

export function unknownFolderMessage(folder: string): string {
  const name = folder === '' ? 'a file directly in source/' : `source/${folder}`;
  return `${name} is not in the layer order: place it in LAYERS (or SIDE_FOLDERS) in test/support/architecture.ts and in eslint.config.js, below everything it imports and above everything that imports it`;
}

/** Imports between folders of source/ that the layer rules forbid (type imports included), as readable lines. */
export function layerViolations(edges: readonly ImportEdge[], rules: LayerRules = PROJECT_RULES): string[] {
  const found: string[] = [];
  for (const edge of edges) {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    const line = `${edge.from} imports ${edge.typeOnly ? 'types from ' : ''}${edge.to}`;
    const unknown = unknownFolders([from, to], rules);
    if (unknown.length > 0) {
      found.push(`${line}: ${unknownFolderMessage(unknown[0]!)}`);
    } else if (from in rules.side) {
      if (!rules.side[from]!.mayImport.includes(to))
        found.push(`${line}: source/${from} may import only ${rules.side[from]!.mayImport.map(f => `source/${f}`).join(', ')}`);
    } else if (to in rules.side) {
      if (!rules.side[to]!.importedBy.includes(from))
        found.push(`${line}: only ${rules.side[to]!.importedBy.map(f => `source/${f}`).join(', ')} (and cli.tsx) may import source/${to}`);
    } else if (rules.layers.indexOf(to) > rules.layers.indexOf(from)) {
      found.push(`${line}: source/${to} is above source/${from} in the layer order (${rules.layers.join(' → ')})`);
    }
  }
  return found;
}

/**
 * The strongly connected groups of a directed graph with more than one member
 * (or one member importing itself), each given as one cycle through it:
 * ['a', 'b', 'c', 'a'].
 */
export function findCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  // Tarjan's algorithm, iterative so a long import chain can't overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let counter = 0;
  const targets = (node: string) => [...(graph.get(node) ?? [])];
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: {node: string; next: number}[] = [{node: root, next: 0}];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const outs = targets(frame.node);
      if (frame.next < outs.length) {
        const target = outs[frame.next++]!;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({node: target, next: 0});
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
        } while (member !== frame.node);
        if (group.length > 1 || graph.get(frame.node)?.has(frame.node)) groups.push(group);
      }
    }
  }
  return groups.map(group => cycleWithin(graph, new Set(group)));
}

/** One cycle through the smallest member of a strongly connected group, found breadth first (so it is a shortest one). */
function cycleWithin(graph: ReadonlyMap<string, ReadonlySet<string>>, group: ReadonlySet<string>): string[] {
  const start = [...group].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of [...(graph.get(node) ?? [])].sort()) {
      if (!group.has(target)) continue;
      if (target === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

export function graphOf(edges: Iterable<{from: string; to: string}>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const {from, to} of edges) {
    if (!graph.has(from)) graph.set(from, new Set());
    if (!graph.has(to)) graph.set(to, new Set());
    graph.get(from)!.add(to);
  }
  return graph;
}

/** Cycles between folders of source/, type imports included. */
export function folderCycles(edges: readonly ImportEdge[]): string[][] {
  const folderEdges = edges.flatMap(edge => {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    return from !== undefined && to !== undefined && from !== to ? [{from, to}] : [];
  });
  return findCycles(graphOf(folderEdges));
}

/** Cycles between files through imports that stay at run time (type-only imports are erased, so they can't make one). */
export function runtimeFileCycles(edges: readonly ImportEdge[]): string[][] {
  return findCycles(graphOf(edges.filter(edge => !edge.typeOnly)));
}

export function countLines(text: string): number {
  if (text === '') return 0;
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

/** Files of `dir` (relative to `root`) ending in .ts or .tsx, as repository paths. */
export function sourceFiles(root: string, dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), {recursive: true, withFileTypes: true})
    .filter(entry => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map(entry => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** The import edges among `files` (repository paths), each resolved to the file it names. */
export function importEdges(root: string, files: readonly string[]): ImportEdge[] {
  const exists = (file: string) => fs.existsSync(path.join(root, file)) && fs.statSync(path.join(root, file)).isFile();
  return files.flatMap(file =>
    parseImports(file, fs.readFileSync(path.join(root, file), 'utf8')).flatMap(ref => {
      const to = resolveSpecifier(file, ref.specifier, exists);
      return to ? [{from: file, to, typeOnly: ref.typeOnly}] : [];
    }),
  );
}
