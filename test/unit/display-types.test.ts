import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import ts from 'typescript';
import {describe, expect, it} from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const probe = path.join(root, 'test', 'unit', 'display-bypass.check.tsx');

// The second check reuses the first one's parsed files (React's and Ink's types).
let previous: ts.Program | undefined;

/** Type-checks the probe with the project's options, its text replaced; the diagnostics of the probe itself. */
function diagnosticsOf(text: string): readonly ts.Diagnostic[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, {...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined});
  const host = ts.createCompilerHost(config!.options);
  const readFile = host.readFile.bind(host);
  host.readFile = file => (path.resolve(file) === probe ? text : readFile(file));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError, create) =>
    path.resolve(file) === probe ? ts.createSourceFile(file, text, language, true, ts.ScriptKind.TSX) : getSourceFile(file, language, onError, create);
  const program = ts.createProgram({rootNames: [probe], options: config!.options, host, oldProgram: previous});
  previous = program;
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(probe));
}

// The type system carries the rule "drawn text is inert": each BYPASS line of the
// probe draws a string that skipped the sanitizer, and each must fail to compile.
describe('DisplayText at compile time', () => {
  const text = fs.readFileSync(probe, 'utf8');
  const lines = text.split('\n');
  const markers = lines.flatMap((line, index) => (line.includes('@ts-expect-error BYPASS') ? [index] : []));

  // A type check of the probe and what it imports: seconds, not milliseconds.
  const CHECK_MS = 120_000;

  it('compiles as it stands: every marked bypass is an error', {timeout: CHECK_MS}, () => {
    expect(markers.length).toBeGreaterThanOrEqual(15);
    expect(diagnosticsOf(text).map(diagnostic => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))).toEqual([]);
  });

  it('without the markers, fails on the line after each one, and nowhere else', {timeout: CHECK_MS}, () => {
    const unmarked = lines.map(line => line.replace('@ts-expect-error BYPASS', 'bypass:')).join('\n');
    const source = ts.createSourceFile(probe, unmarked, ts.ScriptTarget.Latest);
    const failing = new Set(diagnosticsOf(unmarked).map(diagnostic => source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line));
    expect([...failing].sort((a, b) => a - b)).toEqual(markers.map(marker => marker + 1));
  });
});
