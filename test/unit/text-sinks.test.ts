import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import ts from 'typescript';
import {describe, expect, it} from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SINKS = 'source/ui/Line.tsx';
// Ink's components that write a string to the terminal as it is.
const RAW = new Set(['Text', 'Transform']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), {withFileTypes: true}).flatMap(entry => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

/** How a file reaches Ink's raw text components: named imports of them, a namespace or default import of ink, ink's host element. */
function rawTextUses(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const parsed = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const uses: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text.startsWith('ink')) {
      const clause = node.importClause;
      if (clause && !clause.isTypeOnly) {
        if (clause.name) uses.push(`default import of ${node.moduleSpecifier.text}`);
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) uses.push(`import * from ${node.moduleSpecifier.text}`);
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) {
            const name = (element.propertyName ?? element.name).text;
            if (!element.isTypeOnly && RAW.has(name)) uses.push(`import {${name}} from ${node.moduleSpecifier.text}`);
          }
        }
      }
    }
    if (ts.isCallExpression(node) && node.arguments.some(argument => ts.isStringLiteral(argument) && argument.text.startsWith('ink-')))
      uses.push('an ink host element');
    if ((ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) && node.tagName.getText(parsed).startsWith('ink-')) uses.push('an ink host element');
    ts.forEachChild(node, visit);
  };
  visit(parsed);
  return uses;
}

// eslint.config.js forbids the same imports; this holds the rule where the linter is not run.
describe('the text sinks', () => {
  it("keeps Ink's raw <Text> in source/ui/Line.tsx: everything else draws DisplayText through Line and Span", () => {
    const files = ['cli.tsx', ...sourceFiles('source')];
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.filter(file => file !== SINKS).flatMap(file => rawTextUses(file).map(use => `${file}: ${use}`));
    expect(offenders).toEqual([]);
    // The scan does see a raw use where there is one.
    expect(rawTextUses(SINKS)).toEqual(['import {Text} from ink']);
  });
});
