#!/usr/bin/env node
// `npm run bundle`: the CLI as one ESM file, build/swarmtop.mjs, the file the npm
// package ships and the single executable carries.
//
// What the bundle leaves out or defers, and why:
// - React's development build: NODE_ENV is fixed to "production" at build time, so
//   the development build (which leaks performance marks) is not even in the file.
// - dockerode's BuildKit session code (gRPC, protobuf): used only to build images,
//   which swarmtop never does; replaced by a stub that says so if ever reached.
// - ssh2 (and its optional native add-ons): docker-modem requires it at load time
//   for ssh:// engines. While swarmtop's own code hands docker-modem ssh:// engines
//   (protocol 'ssh'), ssh2 is inlined but required only when such a connection is
//   made; once swarmtop reaches ssh:// engines another way, ssh2 is left out.
// - Ink's React devtools hook: only for DEV=true sessions while developing Ink.
// - The YAML library and the --demo engine: inlined, but evaluated only when first used.
// - Node's https, crypto and zlib (and the tls, crypto and zip modules behind them): loaded
//   only when first used, which a start against a local engine never does (LAZY_BUILTINS).
// - ICU's grapheme segmenter: Ink's packages segment every line they draw; narrow text is
//   segmented without it (source/render/narrow-segmenter.ts).
// - V8's flags and one malloc arena from the start for the npm command: its first two lines are
//   a launcher for sh (launcherLines).
// The version is written in at build time, so nothing reads package.json at run time.
import {mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {createRequire, isBuiltin} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as esbuild from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bundlePath = path.join(root, 'build', 'swarmtop.mjs');

/**
 * The V8 flags swarmtop runs with: a young generation of at most 2 MiB a semi-space
 * (V8's default grows it to 16 or more) cuts the console's peak memory by about 12 MiB,
 * with no change measured in the log pipeline's throughput. The single executable
 * carries them (its execArgv, sea.mjs).
 */
export const HEAP_FLAGS = ['--max-semi-space-size=2'];

const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Whether swarmtop's engine access still asks docker-modem (and so ssh2) for ssh:// connections. */
export function usesModemSsh() {
  const dir = path.join(root, 'source', 'docker');
  return readdirSync(dir, {recursive: true})
    .filter(name => String(name).endsWith('.ts'))
    .some(name => /protocol:\s*'ssh'/.test(readFileSync(path.join(dir, String(name)), 'utf8')));
}

// docker-modem's ssh agent: ssh2 required lazily, or not in the bundle at all.
const lazySsh = `module.exports = function (opt) { return require('./ssh-agent-with-ssh2.js')(opt); };`;
const noSsh = `module.exports = function () { throw new Error('this build of swarmtop does not reach ssh:// engines through docker-modem'); };`;

// Module stubs: the file a package asks for is replaced by this source.
const stubs = {
  // dockerode: image builds over BuildKit. Never called by swarmtop.
  'dockerode/lib/session.js': `module.exports = function () { throw new Error('BuildKit sessions are not part of swarmtop'); };`,
  'dockerode/lib/buildkit.js': `module.exports = { followProgress() { throw new Error('BuildKit progress is not part of swarmtop'); } };`,
  // Ink: connects to React devtools when DEV=true, which pulls in a WebSocket client.
  // Empty here, so a DEV=true left in someone's environment changes nothing.
  'ink/build/devtools.js': `export {};`,
  'docker-modem/lib/ssh.js': usesModemSsh() ? lazySsh : noSsh,
};

/** An ES module re-exporting a built-in's plain exports, the built-in got without an ESM import (see the plugin). */
function builtinModuleSource(id) {
  const builtin = createRequire(import.meta.url)(id);
  const names = Object.keys(builtin).filter(name => {
    const descriptor = Object.getOwnPropertyDescriptor(builtin, name);
    return name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name) && descriptor !== undefined && 'value' in descriptor;
  });
  return [
    `const builtin = process.getBuiltinModule(${JSON.stringify(id)});`,
    'export default builtin;',
    // One export a name, each read marked pure so that esbuild drops those nothing imports: some
    // of a built-in's plain values are computed when first read (util's diff and setTraceSigInt
    // load a dozen modules, worker_threads among them).
    ...names.map(name => `export const ${name} = /* @__PURE__ */ (() => builtin.${name})();`),
  ].join('\n');
}

// Built-ins a start against a local engine never calls, each of which loads a score of Node's own
// modules when loaded (https: tls and crypto's; zlib: Node 26's zip code as well): loaded on first use.
const LAZY_BUILTINS = ['node:https', 'node:crypto', 'node:zlib'];

/**
 * A built-in loaded when first used: its default export a proxy that loads it when a property is
 * first read, each named export a function that loads it when first called (or constructed).
 * A named import of an export that is not a function fails the build.
 */
function lazyBuiltinModuleSource(id) {
  const builtin = createRequire(import.meta.url)(id);
  const names = Object.keys(builtin).filter(name => {
    const descriptor = Object.getOwnPropertyDescriptor(builtin, name);
    return name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name) && typeof descriptor?.value === 'function';
  });
  return [
    `const builtin = __swarmtopLazyBuiltins.get(${JSON.stringify(id)});`,
    'export default builtin;',
    ...names.map(
      name => `export function ${name}(...args) { const real = builtin.${name}; return new.target ? Reflect.construct(real, args) : real.apply(this, args); }`,
    ),
  ].join('\n');
}

const stubPlugin = {
  name: 'swarmtop-stubs',
  setup(build) {
    // The YAML library on first use: a require() esbuild inlines as a module evaluated when first called.
    build.onLoad({filter: /[\\/]source[\\/]render[\\/]yaml-library\.ts$/}, () => ({
      contents: `let library; export function yamlLibrary() { library ??= require('yaml'); return library; }`,
      loader: 'js',
      resolveDir: root,
    }));
    build.onLoad(
      {
        filter: /[\\/]node_modules[\\/](dockerode[\\/]lib[\\/](session|buildkit)|docker-modem[\\/]lib[\\/]ssh|ink[\\/]build[\\/]devtools)\.js$/,
        namespace: 'file',
      },
      args => {
        // From the last node_modules/ on, so a node_modules that is a symlink (esbuild follows it) matches too.
        const parts = args.path.split(path.sep);
        const key = parts.slice(parts.lastIndexOf('node_modules') + 1).join('/');
        const contents = stubs[key];
        return contents === undefined ? undefined : {contents, loader: 'js', resolveDir: path.dirname(args.path)};
      },
    );
    // Node's built-in modules, as the bundle's import statements name them. An ESM import of a
    // built-in makes Node read every export of it for the module namespace, lazy getters
    // included: `node:http` then loads undici (for its WebSocket export), `node:crypto` all of
    // web crypto, and so on, some 30 modules nobody uses, at every start. Served instead from
    // process.getBuiltinModule, re-exporting only the plain (non-getter) exports: those the
    // code imports by name are there, and a getter can still be read off the default export,
    // where it loads only when used. A named import of a getter export fails the build.
    build.onResolve({filter: /^(node:)?[a-z_]+(\/[a-z_]+)?$/}, args => {
      if (args.namespace === 'builtin' || !isBuiltin(args.path)) return undefined;
      if (args.kind !== 'import-statement' && args.kind !== 'dynamic-import') return undefined;
      return {path: args.path.startsWith('node:') ? args.path : `node:${args.path}`, namespace: 'builtin'};
    });
    build.onLoad({filter: /.*/, namespace: 'builtin'}, args => ({
      contents: LAZY_BUILTINS.includes(args.path) ? lazyBuiltinModuleSource(args.path) : builtinModuleSource(args.path),
      loader: 'js',
    }));
    // string-width, for Ink and for swarmtop: text made only of characters one column wide and one
    // grapheme each (source/render/narrow-text.ts) is as wide as it is long, and the module itself
    // (its segmenter and its emoji patterns, some 25 ms to set up, more for the first call) is
    // evaluated only when other text comes: a require() esbuild inlines as a module evaluated on
    // first call. Ink measures and cuts every line of every frame with it.
    build.onResolve({filter: /^string-width$/}, args => {
      if (args.namespace === 'narrow-width') return undefined;
      return {path: 'string-width', namespace: 'narrow-width', pluginData: {resolveDir: args.resolveDir}};
    });
    build.onLoad({filter: /.*/, namespace: 'narrow-width'}, async args => {
      const real = await build.resolve('string-width', {kind: 'require-call', resolveDir: args.pluginData.resolveDir, namespace: 'narrow-width'});
      if (real.errors.length > 0) return {errors: real.errors};
      return {
        contents: [
          `import {NARROW_TEXT} from ${JSON.stringify(path.join(root, 'source', 'render', 'narrow-text.ts'))};`,
          'let full;',
          'export default function stringWidth(text, options) {',
          // Ambiguous-width characters (…, ·, box drawing) are two columns when asked so. Ink measures
          // its styled lines: their colour codes (SGR, ESC [ … m) take no column, as string-width
          // strips them; any other escape goes the long way.
          "  if (typeof text === 'string' && options?.ambiguousIsNarrow !== false && !options?.countAnsiEscapeCodes) {",
          "    const plain = text.includes('\\u001b') ? text.replace(/\\u001b\\[[0-9;]*m/g, '') : text;",
          '    if (NARROW_TEXT.test(plain)) return plain.length;',
          '  }',
          `  full ??= require(${JSON.stringify(real.path)}).default;`,
          '  return full(text, options);',
          '}',
        ].join('\n'),
        loader: 'js',
        resolveDir: root,
      };
    });
    // @alcalzone/ansi-tokenize, for Ink: tokenize, styledCharsFromTokens and styledCharsToString
    // remembered by line across frames (source/ui/styled-chars-memo.ts), so an unchanged row is
    // not cut into styled characters and put together again at every frame. Everything else is
    // the package's own.
    build.onResolve({filter: /^@alcalzone\/ansi-tokenize$/}, args => {
      if (args.namespace === 'styled-chars-memo') return undefined;
      return {path: '@alcalzone/ansi-tokenize', namespace: 'styled-chars-memo', pluginData: {resolveDir: args.resolveDir}};
    });
    build.onLoad({filter: /.*/, namespace: 'styled-chars-memo'}, async args => {
      const real = await build.resolve('@alcalzone/ansi-tokenize', {
        kind: 'import-statement',
        resolveDir: args.pluginData.resolveDir,
        namespace: 'styled-chars-memo',
      });
      if (real.errors.length > 0) return {errors: real.errors};
      return {
        contents: [
          `import * as real from ${JSON.stringify(real.path)};`,
          `import {memoizedStyledChars} from ${JSON.stringify(path.join(root, 'source', 'ui', 'styled-chars-memo.ts'))};`,
          `export * from ${JSON.stringify(real.path)};`,
          'const memo = memoizedStyledChars(real);',
          'export const tokenize = memo.tokenize;',
          'export const styledCharsFromTokens = memo.styledCharsFromTokens;',
          'export const styledCharsToString = memo.styledCharsToString;',
          'export const visibleStyledChars = memo.visibleStyledChars;',
        ].join('\n'),
        loader: 'js',
        resolveDir: root,
      };
    });
    // Ink's output keeps each line's characters without standalone invisible ones, filtering them
    // with a pattern per character at every frame: the memo above keeps that too. And its frames
    // start from one shared blank cell.
    build.onLoad({filter: /[\\/]ink[\\/]build[\\/]output\.js$/}, args => {
      const source = readFileSync(args.path, 'utf8');
      const importLine = "import { styledCharsFromTokens, styledCharsToString, tokenize, } from '@alcalzone/ansi-tokenize';";
      const filtered = 'styledCharsFromTokens(tokenize(line)).filter(character => !/^\\p{Default_Ignorable_Code_Point}+$/u.test(character.value))';
      if (!source.includes(importLine) || !source.includes(filtered))
        throw new Error(`${args.path}: Ink's output no longer cuts lines into characters as bundle.mjs expects; look again at styled-chars-memo.ts`);
      // Every cell of a new frame starts as the same blank (Ink replaces cells, never changes one):
      // a 160×45 frame made 7,200 objects and as many empty style lists before anything was drawn.
      const blankCell =
        "row.push({\n                    type: 'char',\n                    value: ' ',\n                    fullWidth: false,\n                    styles: [],\n                });";
      if (!source.includes(blankCell) || /\.(value|styles|fullWidth|type) = /.test(source))
        throw new Error(`${args.path}: Ink's output no longer fills a frame with blank cells as bundle.mjs expects, or changes a cell in place`);
      const contents = source
        .replace(
          importLine,
          [
            importLine.replace('tokenize, }', 'tokenize, visibleStyledChars, }'),
            "const BLANK_CELL = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });",
          ].join('\n'),
        )
        .replace(filtered, 'visibleStyledChars(line, character => !/^\\p{Default_Ignorable_Code_Point}+$/u.test(character.value))')
        .replace(blankCell, 'row.push(BLANK_CELL);');
      return {contents, loader: 'js', resolveDir: path.dirname(args.path)};
    });
    // Yoga's Emscripten loader carries its WebAssembly as a base64 data: URL and, where a
    // global fetch exists, fetches that URL. In Node that first touch of fetch loads undici,
    // and the fetch runs the data: URL through it: measured on Node 26, loading yoga took
    // 85-190 ms and 29 MiB of RSS that way against 28 ms and 15 MiB on its synchronous
    // base64 path, the one it takes where there is no fetch. So the bundle gives it that path.
    build.onLoad({filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, args => {
      const source = readFileSync(args.path, 'utf8');
      const fetchCheck = '"function"!=typeof fetch';
      if (!source.includes(fetchCheck))
        throw new Error(`${args.path}: yoga's loader no longer checks for fetch as bundle.mjs expects; look again at how it loads its wasm`);
      const contents = source.replaceAll(fetchCheck, 'true');
      // What is left of fetch sits in the branches the rewrite makes dead.
      if (/typeof fetch/.test(contents)) throw new Error(`${args.path}: yoga's loader still checks for fetch after the rewrite`);
      return {contents, loader: 'js', resolveDir: path.dirname(args.path)};
    });
    // The real ssh agent under another name, so the stub above can require it lazily.
    build.onResolve({filter: /^\.\/ssh-agent-with-ssh2\.js$/}, args => ({path: path.join(args.resolveDir, 'ssh.js'), namespace: 'real-ssh'}));
    build.onLoad({filter: /.*/, namespace: 'real-ssh'}, args => ({
      contents: readFileSync(args.path, 'utf8'),
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

/** Set by the launcher line when it, not the user, set MALLOC_ARENA_MAX: the banner then takes both out again. */
const LAUNCHER_ARENAS = 'SWARMTOP_LAUNCHER_SET_MALLOC_ARENA_MAX';

/**
 * The bundle's first two lines, read by sh as a launcher and by Node as a string and a comment.
 * The npm command runs the file through its #! line, which can carry no V8 flag (BusyBox's env
 * takes no -S). Set from inside the program, the heap flags take only in part (V8 sized its
 * young generation at start), so sh starts node with them: `exec` keeps the process, and node
 * finds the file through "$0" as env would have.
 * It also gives glibc's malloc one arena (MALLOC_ARENA_MAX=1, unless the user set it): V8's
 * compiler threads otherwise each fill an arena of their own at start, which stay mapped (some
 * 5 MiB of the peak). musl ignores the variable. The banner takes it out of process.env again,
 * so the commands swarmtop runs (ssh, docker, an editor) get the environment the user gave.
 * Run as `node swarmtop.mjs`, or as the single executable's main, the line is an expression
 * statement; the banner then sets the heap flags as before.
 */
export function launcherLines() {
  for (const flag of HEAP_FLAGS) if (!/^--[a-z0-9-]+=[a-z0-9]+$/.test(flag)) throw new Error(`${flag}: not a flag the launcher line can carry unquoted`);
  const arenas = `[ -n "\${MALLOC_ARENA_MAX+set}" ] || export MALLOC_ARENA_MAX=1 ${LAUNCHER_ARENAS}=1`;
  return ['#!/bin/sh', `':' //; ${arenas}; exec node ${HEAP_FLAGS.join(' ')} "$0" "$@"`, ''].join('\n');
}

export async function bundle({outfile = bundlePath, metafile = false, minify = true} = {}) {
  mkdirSync(path.dirname(outfile), {recursive: true});
  const started = performance.now();
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'cli.tsx')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Ink's layout engine (yoga) uses top-level await, so the bundle stays ESM.
    banner: {
      js: [
        `const __swarmtopHeapFlags = ${JSON.stringify(HEAP_FLAGS)};`,
        // Bundled CommonJS packages call require(): here it serves Node's built-ins and nothing
        // else, so the bundle never resolves a module from disk, wherever it lies (the single
        // executable's directory, a global npm prefix). A package probing for an optional one
        // (debug asks for supports-color) is told it is not there, as Node itself would.
        // A built-in behind a proxy that loads it when a property of it is first read (LAZY_BUILTINS).
        'const __swarmtopLazyBuiltin = id => {',
        '  let loaded;',
        '  const load = () => (loaded ??= process.getBuiltinModule(id));',
        '  return new Proxy(Object.create(null), {',
        '    get: (_, key) => load()[key],',
        '    has: (_, key) => key in load(),',
        '    ownKeys: () => Reflect.ownKeys(load()),',
        '    getOwnPropertyDescriptor: (_, key) => {',
        '      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);',
        '      return descriptor && {...descriptor, configurable: true};',
        '    },',
        '  });',
        '};',
        `const __swarmtopLazyBuiltins = new Map(${JSON.stringify(LAZY_BUILTINS)}.map(id => [id, __swarmtopLazyBuiltin(id)]));`,
        'const require = id => {',
        "  const lazy = __swarmtopLazyBuiltins.get(id.startsWith('node:') ? id : `node:${id}`);",
        '  if (lazy !== undefined) return lazy;',
        '  const builtin = process.getBuiltinModule(id);',
        '  if (builtin !== undefined) return builtin;',
        "  throw Object.assign(new Error(`Cannot find module '${id}': swarmtop loads no module from disk`), {code: 'MODULE_NOT_FOUND'});",
        '};',
        // What the launcher line set for this process alone (launcherLines).
        `if (process.env.${LAUNCHER_ARENAS} !== undefined) { delete process.env.MALLOC_ARENA_MAX; delete process.env.${LAUNCHER_ARENAS}; }`,
        // The heap flags where neither the launcher line nor execArgv (the single executable's)
        // gave them: `node swarmtop.mjs`. Set this early, a cap on the young generation takes
        // only in part (V8 sized it at start): measured under an allocation-heavy load, new
        // space grew to 32 MiB against 53 MiB unset and 4 MiB with the flag given to node itself.
        'for (const flag of __swarmtopHeapFlags) if (!process.execArgv.includes(flag)) process.getBuiltinModule("node:v8").setFlagsFromString(flag);',
        "import {dirname as __swarmtopDirname} from 'node:path';",
        "import {fileURLToPath as __swarmtopFileURLToPath} from 'node:url';",
        'const __filename = __swarmtopFileURLToPath(import.meta.url);',
        'const __dirname = __swarmtopDirname(__filename);',
      ].join('\n'),
    },
    define: {
      'process.env.NODE_ENV': '"production"',
      __SWARMTOP_VERSION__: JSON.stringify(packageJson.version),
      // Every segmenter in the bundle (Ink's and its packages') skips ICU for narrow text (source/render/narrow-segmenter.ts).
      'Intl.Segmenter': 'NarrowFirstSegmenter',
    },
    inject: [path.join(root, 'source', 'render', 'narrow-segmenter.ts')],
    // Native add-ons can't be inlined; the packages that try them fall back to plain JS.
    external: ['cpu-features', '*.node'],
    plugins: [stubPlugin],
    minifySyntax: true,
    minifyWhitespace: minify,
    legalComments: 'eof',
    // cli.tsx sets NODE_ENV for child processes too; every read of it here is the constant.
    logOverride: {'assign-to-define': 'silent'},
    metafile,
    logLevel: 'warning',
  });
  const entryHashbang = '#!/usr/bin/env node\n';
  const built = readFileSync(outfile, 'utf8');
  if (!built.startsWith(entryHashbang)) throw new Error(`${outfile} does not start with the entry's #! line`);
  const code = launcherLines() + built.slice(entryHashbang.length);
  // esbuild writes ASCII but for tagged templates, whose raw text an escape would change. One
  // non-ASCII character makes the whole 1.6 MB source a two-byte string in V8 (and Node decode
  // it as UTF-8 first): 1.7 MiB more at every start. The bundle's tags read only the cooked
  // strings (render/text.ts: display), where an escape is the same character.
  // Matched per UTF-16 unit (no u flag): a character beyond the BMP becomes its surrogate pair.
  const ascii = code.replace(/[\u0080-\uffff]/g, unit => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
  writeFileSync(outfile, ascii);
  if (metafile) writeFileSync(`${outfile}.meta.json`, JSON.stringify(result.metafile));
  return {outfile, ms: Math.round(performance.now() - started)};
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const {outfile, ms} = await bundle({metafile: process.argv.includes('--metafile')});
  console.log(`${path.relative(root, outfile)} in ${ms} ms`);
}
