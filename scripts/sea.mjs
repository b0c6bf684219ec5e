#!/usr/bin/env node
// `npm run sea`: swarmtop as one executable file per platform, a Node single
// executable application (SEA), with build/SHA256SUMS beside them.
//
//   build/swarmtop-linux-x64     Node `shipped` (scripts/node-runtime.mjs) for x64
//   build/swarmtop-linux-arm64   the same Node version for arm64 (skipped, with the
//                                reason, when its package can't be fetched)
//
// Both are built by `node --build-sea` of that same Node version, never by the Node
// running this script, so the blob always matches the runtime that carries it.
//
// Nothing is unpacked at start: the bundle (build/swarmtop.mjs) is the SEA's main
// itself, an ES module ("mainFormat": "module"), with V8's code cache for it, and its
// require() serves Node's built-ins only (see bundle.mjs), so the executable reads
// no file of code and writes nothing to TMPDIR. Node's own command-line and
// NODE_OPTIONS are not read ("execArgvExtension": "none"): the executable runs the
// same whoever's shell starts it; its V8 flags are fixed here (HEAP_FLAGS).
//
// Code cache is V8 bytecode for the machine that made it, so each architecture's
// blob is made on that architecture: arm64's under qemu-aarch64-static on an x64
// machine (Debian: qemu-user-static, libc6-arm64-cross, libstdc++6-arm64-cross and
// libatomic1-arm64-cross). Where that Node can't be run here, the arm64
// executable is built by the host's Node 26 with no code cache (it starts a little
// slower and is otherwise the same), and the build says so.
//
//   SEA_ARCHES=x64          build only these (default x64,arm64)
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {HEAP_FLAGS, bundle, root} from './bundle.mjs';
import {RUNTIMES, nodeRuntime} from './node-runtime.mjs';

const buildDir = path.join(root, 'build');
const seaDir = path.join(buildDir, 'sea');

/** The executable's path for an architecture. */
export function executablePath(arch, outDir = buildDir) {
  return path.join(outDir, `swarmtop-linux-${arch}`);
}

// GNU strip for each architecture's binaries: the host's own for its architecture, a cross strip
// (Debian: binutils-aarch64-linux-gnu, binutils-x86-64-linux-gnu) for the other.
const STRIP = {x64: ['x86_64-linux-gnu-strip'], arm64: ['aarch64-linux-gnu-strip']};

// How this machine runs another architecture's Node (user-mode emulation), with where that
// architecture's shared libraries live; none needed for the host's own.
const EMULATORS = {
  x64: {command: 'qemu-x86_64-static', libraries: '/usr/x86_64-linux-gnu'},
  arm64: {command: 'qemu-aarch64-static', libraries: '/usr/aarch64-linux-gnu'},
};

function installed(command) {
  try {
    execFileSync(command, ['--version'], {stdio: 'ignore'});
    return true;
  } catch {
    return false;
  }
}

/** A strip command that can handle `arch`'s binaries, if one is installed. */
function stripFor(arch) {
  return [...(STRIP[arch] ?? []), ...(arch === process.arch ? ['strip'] : [])].find(installed);
}

/** The command line that runs `node` (built for `arch`) here, or undefined when this machine can't (tried with --version). */
function runnerFor(arch, node) {
  if (arch === process.arch) return [node];
  const emulator = EMULATORS[arch];
  if (!emulator) return undefined;
  const runner = [emulator.command, '-L', emulator.libraries, node];
  try {
    execFileSync(runner[0], [...runner.slice(1), '--version'], {stdio: 'ignore'});
    return runner;
  } catch {
    return undefined;
  }
}

/** Runs a build step quietly; its output is shown if it fails. */
function run(command, args) {
  try {
    execFileSync(command, args, {stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024});
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw error;
  }
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The SEA configuration for one executable (Node's --build-sea reads it). */
function seaConfig({main, executable, output, codeCache}) {
  return {
    main,
    mainFormat: 'module',
    executable,
    output,
    disableExperimentalSEAWarning: true,
    useSnapshot: false,
    useCodeCache: codeCache,
    execArgv: HEAP_FLAGS,
    execArgvExtension: 'none',
  };
}

export async function buildSea({arches = (process.env.SEA_ARCHES ?? 'x64,arm64').split(',').filter(Boolean), outDir = buildDir} = {}) {
  const started = performance.now();
  const version = RUNTIMES.shipped;
  const {outfile} = await bundle();
  mkdirSync(seaDir, {recursive: true});

  // The directory holds only this run's executables, so SHA256SUMS never vouches for a stale one.
  mkdirSync(outDir, {recursive: true});
  for (const name of readdirSync(outDir)) if (/^swarmtop-linux-[a-z0-9]+$/.test(name)) rmSync(path.join(outDir, name));
  const built = [];
  const skipped = [];
  const notes = [];
  for (const arch of arches) {
    let node;
    try {
      node = nodeRuntime(version, arch);
    } catch (error) {
      skipped.push({arch, reason: error instanceof Error ? error.message : String(error)});
      continue;
    }
    // Node's symbols and debug information are about 13 MiB of the file and nothing a user runs.
    const base = path.join(seaDir, `node-linux-${arch}-${version}`);
    const strip = stripFor(arch);
    if (strip) run(strip, ['-o', base, node]);
    else {
      copyFileSync(node, base);
      notes.push(`linux-${arch}: no strip for ${arch} installed, so Node's symbols stay in (about 13 MiB)`);
    }
    chmodSync(base, 0o755);
    const target = executablePath(arch, outDir);
    // The architecture's own Node makes its blob, with code cache; failing that, the host's Node of the same version, without.
    const own = runnerFor(arch, node);
    const builder = own ?? [nodeRuntime(version, process.arch)];
    if (!own)
      notes.push(
        `linux-${arch}: built without code cache: its own Node does not run here (${EMULATORS[arch]?.command ?? 'no emulator'} with ${EMULATORS[arch]?.libraries ?? 'its libraries'})`,
      );
    const config = path.join(seaDir, `sea-config-${arch}.json`);
    writeFileSync(config, JSON.stringify(seaConfig({main: outfile, executable: base, output: target, codeCache: own !== undefined}), null, 2));
    run(builder[0], [...builder.slice(1), '--build-sea', config]);
    rmSync(base);
    chmodSync(target, 0o755);
    built.push(target);
  }
  writeFileSync(path.join(outDir, 'SHA256SUMS'), built.map(file => `${sha256(file)}  ${path.basename(file)}\n`).join(''));
  return {built, skipped, notes, ms: Math.round(performance.now() - started)};
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const {built, skipped, notes, ms} = await buildSea();
  for (const note of notes) console.log(note);
  for (const file of built) console.log(`${path.relative(root, file)}  ${(readFileSync(file).length / 1024 / 1024).toFixed(1)} MiB`);
  for (const {arch, reason} of skipped) console.log(`linux-${arch} not built: ${reason}`);
  console.log(`build/SHA256SUMS written; ${ms} ms in all`);
  if (built.length === 0) process.exit(1);
}
