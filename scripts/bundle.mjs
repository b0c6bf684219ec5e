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
// The version is written in at build time, so nothing reads package.json at run time.
import {mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
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
    // The real ssh agent under another name, so the stub above can require it lazily.
    build.onResolve({filter: /^\.\/ssh-agent-with-ssh2\.js$/}, args => ({path: path.join(args.resolveDir, 'ssh.js'), namespace: 'real-ssh'}));
    build.onLoad({filter: /.*/, namespace: 'real-ssh'}, args => ({
      contents: readFileSync(args.path, 'utf8'),
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

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
        'const require = id => {',
        '  const builtin = process.getBuiltinModule(id);',
        '  if (builtin !== undefined) return builtin;',
        "  throw Object.assign(new Error(`Cannot find module '${id}': swarmtop loads no module from disk`), {code: 'MODULE_NOT_FOUND'});",
        '};',
        // The heap flags for the npm command, whose plain #! line carries none (the single
        // executable has them from the start, as execArgv). Set this early, a cap on the
        // young generation takes only in part (V8 sized it at start): measured under an
        // allocation-heavy load, new space grew to 32 MiB against 53 MiB unset and 4 MiB
        // with the flag given to node itself.
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
    },
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
  // A plain `#!/usr/bin/env node` (the entry's own): BusyBox's env takes no -S, so no V8 flag rides on the #! line.
  const code = readFileSync(outfile, 'utf8');
  if (!code.startsWith('#!/usr/bin/env node\n')) throw new Error(`${outfile} does not start with the entry's #! line`);
  if (metafile) writeFileSync(`${outfile}.meta.json`, JSON.stringify(result.metafile));
  return {outfile, ms: Math.round(performance.now() - started)};
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const {outfile, ms} = await bundle({metafile: process.argv.includes('--metafile')});
  console.log(`${path.relative(root, outfile)} in ${ms} ms`);
}
