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
//   for ssh:// engines; here it is required only when an ssh:// connection is made.
// - Ink's React devtools hook: only for DEV=true sessions while developing Ink.
// - The YAML library and the --demo engine: inlined, but evaluated only when first used.
// The version is written in at build time, so nothing reads package.json at run time.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as esbuild from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bundlePath = path.join(root, 'build', 'swarmtop.mjs');

const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

// Module stubs: the file a package asks for is replaced by this source.
const stubs = {
  // dockerode: image builds over BuildKit. Never called by swarmtop.
  'dockerode/lib/session.js': `module.exports = function () { throw new Error('BuildKit sessions are not part of swarmtop'); };`,
  'dockerode/lib/buildkit.js': `module.exports = { followProgress() { throw new Error('BuildKit progress is not part of swarmtop'); } };`,
  // docker-modem's ssh agent, with ssh2 required when an ssh:// connection is first made.
  // Ink: connects to React devtools when DEV=true; that pulls in a WebSocket client.
  'ink/build/devtools.js': `throw new Error('React devtools are not part of the swarmtop bundle');`,
  'docker-modem/lib/ssh.js': `module.exports = function (opt) { return require('./ssh-agent-with-ssh2.js')(opt); };`,
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
    build.onLoad({filter: /[\\/]node_modules[\\/](dockerode[\\/]lib[\\/](session|buildkit)|docker-modem[\\/]lib[\\/]ssh|ink[\\/]build[\\/]devtools)\.js$/, namespace: 'file'}, args => {
      const key = path.relative(path.join(root, 'node_modules'), args.path).split(path.sep).join('/');
      const contents = stubs[key];
      return contents === undefined ? undefined : {contents, loader: 'js', resolveDir: path.dirname(args.path)};
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

export async function bundle({outfile = bundlePath, metafile = false, minify = true} = {}) {
  mkdirSync(path.dirname(outfile), {recursive: true});
  const started = performance.now();
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'cli.tsx')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Ink's layout engine (yoga) uses top-level await, so the bundle stays ESM.
    banner: {
      js: [
        // Bundled CommonJS packages call require() for Node's built-ins.
        "import {createRequire as __swarmtopCreateRequire} from 'node:module';",
        'const require = __swarmtopCreateRequire(import.meta.url);',
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
  if (metafile) writeFileSync(`${outfile}.meta.json`, JSON.stringify(result.metafile));
  return {outfile, ms: Math.round(performance.now() - started)};
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const {outfile, ms} = await bundle({metafile: process.argv.includes('--metafile')});
  console.log(`${path.relative(root, outfile)} in ${ms} ms`);
}
