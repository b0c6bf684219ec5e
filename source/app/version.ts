import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

// Written in by the bundler (scripts/bundle.mjs); absent when running tsc's output or the sources.
declare const __SWARMTOP_VERSION__: string | undefined;

/** swarmtop's version: the one built in, or, in a development tree, the one in package.json. */
export function swarmtopVersion(): string {
  if (typeof __SWARMTOP_VERSION__ === 'string') return __SWARMTOP_VERSION__;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      const packageJson = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {name?: string; version?: string};
      if (packageJson.name === 'swarmtop' && packageJson.version) return packageJson.version;
    } catch {
      // Not here: look one level up.
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** What `--version` prints: swarmtop's version and the runtime it runs on, read from the process, as in `swarmtop 0.2.0 (node v26.12.1, linux-x64)`. */
export function versionLine(
  version: string = swarmtopVersion(),
  runtime: {node: string; platform: string; arch: string} = {node: process.version, platform: process.platform, arch: process.arch},
): string {
  return `swarmtop ${version} (node ${runtime.node}, ${runtime.platform}-${runtime.arch})`;
}
