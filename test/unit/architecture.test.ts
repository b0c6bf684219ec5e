// The structure rules of source/ (see "Layers" in docs/architecture.md and
// test/support/architecture.ts), checked on the real tree,
// and the checks themselves tried on made-up import graphs so they can fail.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import fs from 'node:fs';
import {describe, expect, it} from 'vitest';
import {
  type ImportEdge,
  MAX_LINES,
  countLines,
  findCycles,
  folderCycles,
  folderOf,
  graphOf,
  importEdges,
  layerViolations,
  parseImports,
  resolveSpecifier,
  runtimeFileCycles,
  sourceFiles,
  unknownFolders,
  unknownFolderMessage,
} from '../support/architecture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the checks, on made-up imports', () => {
  const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({from, to, typeOnly});

  it('reads static, re-exported, dynamic and type imports, and tells which vanish at run time', () => {
    const text = [
      `import a from './a.js';`,
      `import type {B} from './b.js';`,
      `import {type C, type D} from './c.js';`,
      `import {type E, f} from './e.js';`,
      `import './side-effect.js';`,
      `export {g} from './g.js';`,
      `export type {H} from './h.js';`,
      `export * from './star.js';`,
      `const later = () => import('./lazy.js');`,
      `let shape: typeof import('./shape.js');`,
      `// import {not} from './comment.js';`,
      `const text = "import {no} from './string.js'";`,
    ].join('\n');
    expect(parseImports('x.ts', text)).toEqual([
      {specifier: './a.js', typeOnly: false, dynamic: false},
      {specifier: './b.js', typeOnly: true, dynamic: false},
      {specifier: './c.js', typeOnly: true, dynamic: false},
      {specifier: './e.js', typeOnly: false, dynamic: false},
      {specifier: './side-effect.js', typeOnly: false, dynamic: false},
      {specifier: './g.js', typeOnly: false, dynamic: false},
      {specifier: './h.js', typeOnly: true, dynamic: false},
      {specifier: './star.js', typeOnly: false, dynamic: false},
      {specifier: './lazy.js', typeOnly: false, dynamic: true},
      {specifier: './shape.js', typeOnly: true, dynamic: false},
    ]);
  });

  it('resolves a .js specifier to the .ts or .tsx file, and leaves packages alone', () => {
    const present = new Set(['source/ui/Table.tsx', 'source/model/store.ts', 'source/demo/http/index.ts']);
    const exists = (file: string) => present.has(file);
    expect(resolveSpecifier('source/views/x.ts', '../ui/Table.js', exists)).toBe('source/ui/Table.tsx');
    expect(resolveSpecifier('source/views/x.ts', '../model/store.js', exists)).toBe('source/model/store.ts');
    expect(resolveSpecifier('source/demo/x.ts', './http', exists)).toBe('source/demo/http/index.ts');
    expect(resolveSpecifier('source/views/x.ts', 'ink', exists)).toBeUndefined();
    expect(folderOf('source/views/logs/LogView.tsx')).toBe('views');
    expect(folderOf('source/index.ts')).toBe('');
    expect(folderOf('cli.tsx')).toBeUndefined();
  });

  it('flags an import up the layer order, a type import too, and lets imports down pass', () => {
    const violations = layerViolations([
      edge('source/views/a.ts', 'source/model/b.ts'),
      edge('source/model/b.ts', 'source/views/a.ts'),
      edge('source/render/c.ts', 'source/shell/d.ts', true),
      edge('source/views/logs/e.ts', 'source/views/f.ts'),
      edge('cli.tsx', 'source/app/g.ts'),
    ]);
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatch(/^source\/model\/b\.ts imports source\/views\/a\.ts: source\/views is above source\/model/);
    expect(violations[1]).toMatch(/^source\/render\/c\.ts imports types from source\/shell\/d\.ts/);
  });

  it('keeps demo beside the layers: it imports docker only, and only app imports it', () => {
    const violations = layerViolations([
      edge('source/demo/a.ts', 'source/docker/types.ts', true),
      edge('source/demo/a.ts', 'source/model/m.ts'),
      edge('source/app/b.ts', 'source/demo/index.ts'),
      edge('source/views/c.ts', 'source/demo/index.ts'),
      edge('cli.tsx', 'source/demo/index.ts'),
    ]);
    expect(violations).toEqual([
      'source/demo/a.ts imports source/model/m.ts: source/demo may import only source/docker',
      'source/views/c.ts imports source/demo/index.ts: only source/app (and cli.tsx) may import source/demo',
    ]);
  });

  it('names a folder missing from the order and says where to put it', () => {
    expect(unknownFolders(['docker', 'plugins', 'demo', ''])).toEqual(['', 'plugins']);
    const [violation] = layerViolations([edge('source/plugins/p.ts', 'source/docker/d.ts')]);
    expect(violation).toContain(unknownFolderMessage('plugins'));
    expect(unknownFolderMessage('plugins')).toMatch(/source\/plugins is not in the layer order: place it in LAYERS/);
  });

  it('finds folders that import each other, directly or round a longer loop', () => {
    expect(folderCycles([edge('source/a/1.ts', 'source/b/1.ts'), edge('source/b/2.ts', 'source/a/2.ts', true)])).toEqual([['a', 'b', 'a']]);
    const loop = [edge('source/a/x.ts', 'source/b/x.ts'), edge('source/b/x.ts', 'source/c/x.ts'), edge('source/c/x.ts', 'source/a/y.ts')];
    expect(folderCycles(loop)).toEqual([['a', 'b', 'c', 'a']]);
    expect(folderCycles(loop.slice(0, 2))).toEqual([]);
  });

  it('finds a runtime cycle between files, and not one closed only by a type import', () => {
    const runtime = [edge('x.ts', 'y.ts'), edge('y.ts', 'z.ts'), edge('z.ts', 'x.ts')];
    expect(runtimeFileCycles(runtime)).toEqual([['x.ts', 'y.ts', 'z.ts', 'x.ts']]);
    expect(runtimeFileCycles([...runtime.slice(0, 2), edge('z.ts', 'x.ts', true)])).toEqual([]);
    expect(findCycles(graphOf([{from: 's', to: 's'}]))).toEqual([['s', 's']]);
    // Two separate loops are both reported, each by its shortest cycle.
    const two = findCycles(
      graphOf([
        {from: 'a', to: 'b'},
        {from: 'b', to: 'a'},
        {from: 'b', to: 'c'},
        {from: 'c', to: 'a'},
        {from: 'p', to: 'q'},
        {from: 'q', to: 'p'},
      ]),
    );
    expect(two.sort()).toEqual([
      ['a', 'b', 'a'],
      ['p', 'q', 'p'],
    ]);
  });

  it('counts lines as an editor shows them', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a\nb\n')).toBe(2);
    expect(countLines('a\nb')).toBe(2);
  });
});

describe('source/ as it is', () => {
  const files = sourceFiles(root, 'source');
  const edges = importEdges(root, [...files, 'cli.tsx']);

  it('reads the tree', () => {
    // Guards against a checker that passes because it saw nothing.
    expect(files.length).toBeGreaterThan(100);
    expect(edges.filter(edge => edge.from === 'cli.tsx').length).toBeGreaterThan(5);
    expect(edges.some(edge => edge.typeOnly)).toBe(true);
  });

  it('has every folder in the layer order', () => {
    const folders = files.map(file => folderOf(file)!);
    expect(unknownFolders(folders).map(unknownFolderMessage)).toEqual([]);
  });

  it('imports only down the layer order (type imports included)', () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  it('has no two folders importing each other, directly or round a cycle', () => {
    expect(folderCycles(edges).map(cycle => cycle.join(' → '))).toEqual([]);
  });

  it('has no runtime import cycle between files', () => {
    expect(runtimeFileCycles(edges).map(cycle => cycle.join(' → '))).toEqual([]);
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = [...files, 'cli.tsx']
      .map(file => ({file, lines: countLines(fs.readFileSync(path.join(root, file), 'utf8'))}))
      .filter(({lines}) => lines > MAX_LINES)
      .map(({file, lines}) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});
