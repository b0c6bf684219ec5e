#!/usr/bin/env node
// The npm package installed and started on the oldest Node it supports (engines.node):
// `npm pack` here, the tarball installed with that Node's npm into a private prefix (the
// package holds one bundled file and no dependencies, so nothing else is fetched), then
// `swarmtop --version`, `--help` and `--demo` in a real pseudo-terminal until its first
// full frame, and `q`. Everything after the pack runs on the floor Node alone: it is the
// only `node` on PATH ahead of the machine's, and `env node` is checked to be it.
//
//   node test/smoke/floor.mjs            (CI runs it after the suite; see .ci/run)
//
// Exits non-zero, saying what failed, when any step does.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {RUNTIMES, nodeRuntime, root} from '../../scripts/node-runtime.mjs';

const FRAME_TIMEOUT_MS = 60_000;

class SmokeFailure extends Error {}

function fail(message) {
  throw new SmokeFailure(message);
}

const floorNode = nodeRuntime(RUNTIMES.floor);
const floorBin = path.dirname(floorNode);
const work = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-floor-'));
try {
  // The floor Node first on PATH: npm's `#!/usr/bin/env node` and the package's bin both find it.
  const env = {...process.env, PATH: `${floorBin}${path.delimiter}${process.env.PATH ?? ''}`, npm_config_update_notifier: 'false'};
  delete env.CI;
  const run = (file, args) => execFileSync(file, args, {cwd: work, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
  const seen = run('/usr/bin/env', ['node', '--version']).trim();
  if (seen !== `v${RUNTIMES.floor}`) fail(`env node is ${seen}, not the floor v${RUNTIMES.floor}`);

  const {version, engines} = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {cwd: root, stdio: ['ignore', 'ignore', 'inherit']});
  const tarball = readdirSync(work).find(name => name.endsWith('.tgz'));
  if (!tarball) fail('npm pack left no tarball');

  // Installed by npm running on the floor Node (the npm on PATH may be a wrapper that
  // runs it on another, as in .ci/run), with engine-strict: an engines range that shuts
  // the floor out fails here, not on an operator's machine.
  // .ci/run names the machine's npm-cli.js: its npm wrapper runs npm on Node 26, whose global root
  // would be the Node 26 package's own directory, where no npm is.
  const npmCli = process.env.SWARMTOP_NPM_CLI ?? path.join(run('npm', ['root', '--global']).trim(), 'npm', 'bin', 'npm-cli.js');
  const prefix = path.join(work, 'prefix');
  run(floorNode, [npmCli, 'install', '--global', '--prefix', prefix, '--engine-strict', '--no-audit', '--no-fund', path.join(work, tarball)]);
  const swarmtop = path.join(prefix, 'bin', 'swarmtop');

  const printed = run(swarmtop, ['--version']).trim();
  if (!printed.includes(version)) fail(`swarmtop --version printed ${JSON.stringify(printed)}, not version ${version}`);
  const help = run(swarmtop, ['--help']);
  if (!/--demo/.test(help)) fail('swarmtop --help does not list --demo');

  // node-pty is the repository's (a dev dependency, N-API, so the floor Node loads it too).
  const pty = createRequire(path.join(root, 'package.json'))('node-pty');
  const term = pty.spawn(swarmtop, ['--demo'], {name: 'xterm-256color', cols: 120, rows: 40, cwd: work, env: {...env, TERM: 'xterm-256color'}});
  let output = '';
  const exited = new Promise(resolve => term.onExit(resolve));
  term.onData(data => (output += data));
  const framed = await new Promise(resolve => {
    const started = Date.now();
    const check = setInterval(() => {
      // The header's node count shows once the first full frame is drawn (read without escape sequences).
      // eslint-disable-next-line no-control-regex
      if (/nodes \d+\/\d+ ready/.test(output.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, ''))) resolve(true);
      else if (Date.now() - started > FRAME_TIMEOUT_MS) resolve(false);
      else return;
      clearInterval(check);
    }, 100);
  });
  if (!framed) {
    term.kill();
    fail(`swarmtop --demo drew no full frame in ${FRAME_TIMEOUT_MS / 1000} s; it wrote:\n${output.slice(-2000)}`);
  }
  term.write('q');
  const exit = await Promise.race([exited, new Promise(resolve => setTimeout(() => resolve(undefined), 15_000))]);
  if (!exit) {
    term.kill();
    fail('swarmtop --demo did not quit on q');
  }
  if (exit.exitCode !== 0) fail(`swarmtop --demo exited with ${exit.exitCode} (signal ${exit.signal})`);
  process.stdout.write(`floor smoke: swarmtop ${version} (engines ${engines.node}) installs and starts on node ${seen}: --version, --help, --demo\n`);
} catch (error) {
  process.stderr.write(`floor smoke: ${error instanceof SmokeFailure ? error.message : (error?.stack ?? String(error))}\n`);
  process.exitCode = 1;
} finally {
  rmSync(work, {recursive: true, force: true});
}
