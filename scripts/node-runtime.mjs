#!/usr/bin/env node
// The Node runtimes the project builds, tests and ships on, taken from the npm
// registry's `node-linux-<arch>` packages (Node's official Linux builds, a binary in
// a package). The machines that build and test may run an older Node of their own;
// this is how CI and the single executable get the runtime that ships.
//
//   node scripts/node-runtime.mjs [shipped|floor] [--arch x64|arm64]
//
// prints the absolute path of that runtime's `node` binary, fetching and unpacking
// it on first use into `.runtime/` (gitignored). `shipped` is the LTS the single
// executable carries and CI runs the suite on; `floor` is the oldest Node the npm
// package supports (`engines.node`), where CI runs an install-and-start smoke test.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Pinned exactly, so a build is the same build on every machine until this line changes. */
export const RUNTIMES = {
  shipped: '26.12.1',
  floor: '22.23.5',
};

const ARCHES = ['x64', 'arm64'];

/** The `node` binary of `version` for `arch`, fetched into `.runtime/` the first time. */
export function nodeRuntime(version, arch = process.arch) {
  if (!ARCHES.includes(arch)) throw new Error(`no Node runtime package for linux-${arch} (known: ${ARCHES.join(', ')})`);
  const dir = path.join(root, '.runtime', `node-linux-${arch}-${version}`);
  const binary = path.join(dir, 'bin', 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(path.dirname(dir), {recursive: true});
  // Unpacked beside its final place and renamed into it, so a fetch cut short leaves no half runtime.
  const staging = mkdtempSync(path.join(path.dirname(dir), '.fetch-'));
  try {
    execFileSync('npm', ['pack', '--silent', `node-linux-${arch}@${version}`, '--pack-destination', staging], {stdio: ['ignore', 'ignore', 'inherit']});
    const tarball = readdirSync(staging).find(name => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack node-linux-${arch}@${version} left no tarball`);
    execFileSync('tar', ['-xzf', path.join(staging, tarball), '-C', staging]);
    if (!existsSync(path.join(staging, 'package', 'bin', 'node'))) throw new Error(`node-linux-${arch}@${version} holds no bin/node`);
    rmSync(dir, {recursive: true, force: true});
    renameSync(path.join(staging, 'package'), dir);
  } finally {
    rmSync(staging, {recursive: true, force: true});
  }
  return binary;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let arch = process.arch;
  const names = [];
  for (let index = 0; index < args.length; index++) {
    if (args[index] === '--arch') arch = args[++index];
    else names.push(args[index]);
  }
  const name = names[0] ?? 'shipped';
  if (!(name in RUNTIMES)) {
    process.stderr.write(`node-runtime: unknown runtime ${name} (known: ${Object.keys(RUNTIMES).join(', ')})\n`);
    process.exit(2);
  }
  try {
    process.stdout.write(`${nodeRuntime(RUNTIMES[name], arch)}\n`);
  } catch (error) {
    process.stderr.write(`node-runtime: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
