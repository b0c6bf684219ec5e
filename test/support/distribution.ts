// Builds and installs swarmtop's distributable artefacts the way a user gets them:
// the packed npm tarball installed globally into a prefix, the single executable,
// and the container image. Shared by the e2e tests and the benchmark, so Node
// built-ins only (no vitest).
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** The repository root (also from a compiled copy under dist/). */
export const repoRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'scripts', 'sea.mjs')) && existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no swarmtop checkout above ${from}`);
  }
}

export const packageVersion: string = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {version: string}).version;

export const seaPath = path.join(repoRoot, 'build', `swarmtop-linux-${process.arch}`);

export interface Timed<T> {
  value: T;
  ms: number;
}

function timed<T>(work: () => T): Timed<T> {
  const started = performance.now();
  const value = work();
  return {value, ms: Math.round(performance.now() - started)};
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(command, args, {cwd: repoRoot, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024});
}

/** `npm run sea` for this machine's architecture only: build/swarmtop-linux-<arch>. */
export function buildSea(): Timed<string> {
  return timed(() => {
    run(process.execPath, [path.join(repoRoot, 'scripts', 'sea.mjs')], {...process.env, SEA_ARCHES: process.arch});
    return seaPath;
  });
}

export interface InstalledPackage {
  tarball: string;
  prefix: string;
  /** The `swarmtop` command npm linked into the prefix. */
  command: string;
}

/**
 * `npm pack` (which bundles, by the prepack script), then `npm install -g` of the
 * tarball into a fresh prefix: what `npm install -g swarmtop` would put on a machine.
 */
export function packAndInstall(): Timed<InstalledPackage> {
  return timed(() => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-pack-'));
    // Bundled here rather than by npm's prepack, so npm doesn't also run prepare (a full tsc build).
    run(process.execPath, [path.join(repoRoot, 'scripts', 'bundle.mjs')]);
    const name = run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work]).trim().split('\n').pop()!;
    const tarball = path.join(work, name);
    const prefix = path.join(work, 'prefix');
    run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--offline', tarball]);
    return {tarball, prefix, command: path.join(prefix, 'bin', 'swarmtop')};
  });
}

/** Names of the files in a packed tarball, without the leading `package/`. */
export function tarballFiles(tarball: string): string[] {
  return run('tar', ['-tzf', tarball])
    .split('\n')
    .filter(Boolean)
    .map(name => name.replace(/^package\//, ''))
    .sort();
}

/** `npm run image` against the engine at `dockerHost`: the image's reference. */
export function buildImage(dockerHost: string): Timed<string> {
  return timed(() => {
    const out = run(process.execPath, [path.join(repoRoot, 'scripts', 'image.mjs')], {...process.env, DOCKER_HOST: dockerHost, SEA_ARCHES: process.arch});
    const reference = /^image (\S+)/m.exec(out)?.[1];
    if (!reference) throw new Error(`scripts/image.mjs named no image:\n${out}`);
    return reference;
  });
}

/** Files left in build/ (for messages). */
export function buildOutputs(): string[] {
  const dir = path.join(repoRoot, 'build');
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** The packages a planted-module attack would use: debug asks for supports-color at load, and ink and debug are in the bundle. */
export const PLANTED_PACKAGES = ['supports-color', 'ink', 'debug'] as const;

export interface PlantedTree {
  /** The private tree everything lives in (made by mkdtemp). */
  root: string;
  /** TMPDIR for the program, three levels down the tree. */
  tmpdir: string;
  /** The working directory for the program. */
  cwd: string;
  /** Where a planted module writes when it runs; outside TMPDIR, so that stays clean. */
  markers: string;
  /** Every directory that holds a node_modules/ with the planted packages. */
  planted: string[];
}

/**
 * A private tree (never the real /tmp) with node_modules/{supports-color,ink,debug}
 * planted in TMPDIR, each of its parents up to the tree's root, and the working
 * directory. Each package, CommonJS or ESM, appends a line to `markers` when it runs.
 */
export function plantModules(): PlantedTree {
  const root = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-plant-'));
  const tmpdir = path.join(root, 'outer', 'inner', 'tmp');
  const cwd = path.join(root, 'work');
  const markers = path.join(root, 'markers');
  const planted = [tmpdir, path.dirname(tmpdir), path.dirname(path.dirname(tmpdir)), root, cwd];
  for (const dir of planted) {
    for (const name of PLANTED_PACKAGES) {
      const pkg = path.join(dir, 'node_modules', name);
      mkdirSync(pkg, {recursive: true});
      const line = JSON.stringify(`${name} planted in ${dir} ran\n`);
      writeFileSync(
        path.join(pkg, 'package.json'),
        JSON.stringify({name, version: '99.0.0', main: 'index.js', exports: {import: './index.mjs', default: './index.js'}}),
      );
      writeFileSync(path.join(pkg, 'index.js'), `require('node:fs').appendFileSync(${JSON.stringify(markers)}, ${line}); module.exports = {};\n`);
      writeFileSync(
        path.join(pkg, 'index.mjs'),
        `import {appendFileSync} from 'node:fs'; appendFileSync(${JSON.stringify(markers)}, ${line}); export default {};\n`,
      );
    }
  }
  return {root, tmpdir, cwd, markers, planted};
}

/** Every file and directory under `dir`, as paths relative to it, sorted. */
export function listTree(dir: string): string[] {
  return (readdirSync(dir, {recursive: true}) as string[]).map(String).sort();
}
