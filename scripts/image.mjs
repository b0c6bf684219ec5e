#!/usr/bin/env node
// `npm run image`: the container image swarmtop:<version>, built on the engine
// DOCKER_HOST points at (or the docker CLI's default), with no registry: FROM
// scratch, holding the single executable (see sea.mjs), the shared libraries it
// links (as ldd lists them, with the dynamic loader), an empty /tmp (for --demo's
// sockets; the executable itself writes nothing there) and a home directory.
//
//   docker run --rm -it -v /var/run/docker.sock:/var/run/docker.sock swarmtop:<version>
import {execFileSync} from 'node:child_process';
import {chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {root} from './bundle.mjs';
import {buildSea, executablePath} from './sea.mjs';

const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const contextDir = path.join(root, 'build', 'image');

/** The files an ELF executable loads at start: its libraries and the dynamic loader, as absolute paths. */
export function linkedLibraries(executable) {
  const out = execFileSync('ldd', [executable], {encoding: 'utf8'});
  const files = [];
  for (const line of out.split('\n')) {
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)"; the vdso has no file.
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
    if (match) files.push(match[1]);
    else if (/not found/.test(line)) throw new Error(`ldd ${executable}: ${line.trim()}`);
  }
  return files;
}

function dockerfile() {
  return `FROM scratch
COPY rootfs/ /
ENV HOME=/root
LABEL org.opencontainers.image.title="swarmtop" \\
      org.opencontainers.image.description=${JSON.stringify(packageJson.description)} \\
      org.opencontainers.image.version="${packageJson.version}" \\
      org.opencontainers.image.licenses="${packageJson.license}"
ENTRYPOINT ["/usr/local/bin/swarmtop"]
`;
}

export async function buildImage({tag = `swarmtop:${packageJson.version}`} = {}) {
  const started = performance.now();
  rmSync(contextDir, {recursive: true, force: true});
  // The image runs on the engine's machine, which is taken to be of this architecture.
  // Built apart from build/'s executables (so their SHA256SUMS stays whole) and outside the build context.
  const sea = path.join(root, 'build', 'image-sea');
  const {skipped} = await buildSea({arches: [process.arch], outDir: sea});
  if (skipped.length > 0) throw new Error(skipped[0].reason);
  const executable = executablePath(process.arch, sea);

  const rootfs = path.join(contextDir, 'rootfs');
  for (const dir of ['tmp', 'root', 'usr/local/bin']) mkdirSync(path.join(rootfs, dir), {recursive: true});
  chmodSync(path.join(rootfs, 'tmp'), 0o1777);
  copyFileSync(executable, path.join(rootfs, 'usr/local/bin/swarmtop'));
  chmodSync(path.join(rootfs, 'usr/local/bin/swarmtop'), 0o755);
  for (const library of linkedLibraries(executable)) {
    // Copied under the name the loader looks for, with the content of whatever a symlink points at.
    const target = path.join(rootfs, library);
    mkdirSync(path.dirname(target), {recursive: true});
    if (!existsSync(target)) copyFileSync(library, target);
  }
  writeFileSync(path.join(contextDir, 'Dockerfile'), dockerfile());
  try {
    // Quiet unless it fails: the CLI warns about the legacy builder on every build where buildx is missing.
    execFileSync('docker', ['build', '--quiet', '--tag', tag, contextDir], {stdio: ['ignore', 'pipe', 'pipe']});
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw error;
  }
  return {tag, ms: Math.round(performance.now() - started)};
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const {tag, ms} = await buildImage();
  console.log(`image ${tag} built in ${ms} ms on ${process.env.DOCKER_HOST ?? 'the docker CLI default engine'}`);
}
