// swarmtop as users get it, built and run for real: the single executable with no
// Node anywhere (env -i), the npm tarball installed globally into a prefix, and the
// container image built on a lab node and run there against that node's socket.
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {labDockerSync as labDocker, labSkipReason, labSocketPath, labSockets, waitUntil} from '../lab/lab.js';
import {
  type InstalledPackage,
  type PlantedTree,
  buildImage,
  buildSea,
  listTree,
  packAndInstall,
  packageVersion,
  plantModules,
  repoRoot,
  tarballFiles,
} from '../support/distribution.js';
import {TerminalSession} from '../support/terminal.js';

const notRoot = typeof process.getuid === 'function' && process.getuid() !== 0;
const rootSkip = notRoot ? 'the distribution tests build and run the real artefacts on the lab swarm, which needs root' : undefined;
if (rootSkip) console.warn(`[distribution] skipping: ${rootSkip}`);
const labSkip = rootSkip ?? labSkipReason();

// Only what a terminal itself sets: no PATH, no HOME, no Node.
const BARE = ['-i', 'TERM=xterm-256color'];

function bare(command: string, args: string[], {tmpdir, cwd}: {tmpdir?: string; cwd?: string} = {}) {
  return spawnSync('/usr/bin/env', [...BARE, ...(tmpdir ? [`TMPDIR=${tmpdir}`] : []), command, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    ...(cwd ? {cwd} : {}),
  });
}

/** What --version prints on `node` (a version, or a pattern for the shipped runtime's). */
function versionText(node: string): RegExp {
  return new RegExp(`^swarmtop ${packageVersion.replaceAll('.', '\\.')} \\(node ${node}, linux-${process.arch}\\)\n$`);
}
const SHIPPED_NODE = 'v26\\.\\d+\\.\\d+';

let term: TerminalSession | undefined;
afterEach(() => {
  term?.kill();
  term = undefined;
});

describe.skipIf(rootSkip)('the single executable, with no Node on PATH', () => {
  let executable = '';

  beforeAll(() => {
    executable = buildSea().value;
  }, 180_000);

  it('is written with its checksum', () => {
    const sums = readFileSync(path.join(repoRoot, 'build', 'SHA256SUMS'), 'utf8');
    expect(sums).toMatch(new RegExp(`^[0-9a-f]{64}  ${path.basename(executable)}$`, 'm'));
  });

  it('prints its version and help, and refuses an unknown flag with a suggestion', () => {
    const version = bare(executable, ['--version']);
    expect(version.stderr).toBe('');
    expect(version.stdout).toMatch(versionText(SHIPPED_NODE));
    expect(version.status).toBe(0);
    expect(bare(executable, ['-v']).stdout).toMatch(versionText(SHIPPED_NODE));
    const help = bare(executable, ['-h']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Exit codes\n\s+0 quit\s+1 cannot connect to the engine\s+2 usage or configuration error/);
    const typo = bare(executable, ['--read-only']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('unknown flag --read-only — did you mean --readonly?');
    expect(typo.stdout).toBe('');
  });

  describe('with node_modules planted in TMPDIR, its parents and the working directory', () => {
    let tree: PlantedTree;
    let before: string[];

    beforeAll(() => {
      tree = plantModules();
      before = listTree(tree.tmpdir);
    });

    afterAll(() => {
      if (tree) rmSync(tree.root, {recursive: true, force: true});
    });

    const nothingRan = () => {
      expect(existsSync(tree.markers) ? readFileSync(tree.markers, 'utf8') : '').toBe('');
      expect(listTree(tree.tmpdir)).toEqual(before);
    };

    it('prints its version and loads none of them', () => {
      const version = bare(executable, ['--version'], tree);
      expect(version.stdout).toMatch(versionText(SHIPPED_NODE));
      expect(version.stderr).toBe('');
      nothingRan();
    });

    it("runs the demo in a terminal, loads none of them, and writes nothing in TMPDIR but the demo engine's sockets, gone at exit", async () => {
      term = TerminalSession.spawn('/usr/bin/env', [...BARE, `TMPDIR=${tree.tmpdir}`, executable, '--demo'], {cols: 120, rows: 40, cwd: tree.cwd});
      await term.waitForText(/^swarmtop DEMO /m, {timeoutMs: 20_000});
      // At 120 columns the demo jobs' "0/1 (3/3 completed)" leaves no room for MODE, an optional column.
      await term.waitForText(/shop_web\s+(replicated\s+)?\d\/3/);
      expect(term.screenText()).toContain('simulated by --demo');
      // While it runs: the simulated engine's private socket directory, and nothing else.
      expect(listTree(tree.tmpdir).filter(name => !before.includes(name) && !/^swarmtop-demo-[^/]+(\/|$)/.test(name))).toEqual([]);
      term.press('q');
      expect((await term.exit(5000)).exitCode).toBe(0);
      expect(term.isAlternateScreen).toBe(false);
      nothingRan();
    });

    it.skipIf(labSkip)('starts against a manager, loads none of them, and writes nothing in TMPDIR', async () => {
      term = TerminalSession.spawn('/usr/bin/env', [...BARE, `TMPDIR=${tree.tmpdir}`, executable, '-H', labSockets().manager], {
        cols: 120,
        rows: 40,
        cwd: tree.cwd,
      });
      await term.waitForText(/nodes 3\/3 ready/, {timeoutMs: 20_000});
      expect(listTree(tree.tmpdir)).toEqual(before);
      term.press('q');
      expect((await term.exit(5000)).exitCode).toBe(0);
      nothingRan();
    });
  });

  describe.skipIf(labSkip)('against the lab swarm', () => {
    beforeAll(async () => {
      labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'dist-web', '--replicas', '2', 'lab/busybox:1', 'sleep', '1d']);
      await waitUntil(() => /2\/2/.test(labDocker(1, ['service', 'ls', '--filter', 'name=dist-web', '--format', '{{.Replicas}}'])), {timeoutMs: 60_000});
    });

    afterAll(() => {
      labDocker(1, ['service', 'rm', 'dist-web']);
    });

    it('shows the swarm read-only, with the badge in reverse video, and quits with 0', async () => {
      term = TerminalSession.spawn('/usr/bin/env', [...BARE, executable, '-H', labSockets().manager, '--readonly'], {cols: 120, rows: 40});
      await term.waitForText(/dist-web\s+replicated\s+2\/2\s+lab\/busybox:1/, {timeoutMs: 20_000});
      expect(term.screenText()).toMatch(/nodes 3\/3 ready/);
      const badge = term.findText('READ-ONLY');
      expect(badge).toBeDefined();
      expect(badge!.row).toBe(0);
      expect(term.cellStyle(badge!.row, badge!.col)?.inverse).toBe(true);
      term.press('q');
      expect((await term.exit(5000)).exitCode).toBe(0);
    });

    it('exits with 1 when it cannot reach the engine, saying where it tried', async () => {
      const socket = path.join(os.tmpdir(), `swarmtop-no-engine-${process.pid}.sock`);
      term = TerminalSession.spawn('/usr/bin/env', [...BARE, executable, '-H', `unix://${socket}`], {cols: 120, rows: 40});
      const result = await term.exit(15_000);
      expect(result.exitCode).toBe(1);
      expect(term.screenText()).toContain(socket);
    });

    it('exits with 2 on a host it cannot understand', async () => {
      term = TerminalSession.spawn('/usr/bin/env', [...BARE, executable, '-H', 'gopher://manager'], {cols: 120, rows: 40});
      expect((await term.exit(10_000)).exitCode).toBe(2);
      expect(term.screenText()).toMatch(/swarmtop: .*gopher/);
    });
  });
});

describe.skipIf(rootSkip)('the npm package', () => {
  let installed: InstalledPackage;

  beforeAll(() => {
    installed = packAndInstall().value;
  }, 180_000);

  afterAll(() => {
    if (installed) rmSync(path.dirname(installed.tarball), {recursive: true, force: true});
  });

  it('holds the bundle, README and LICENSE, and nothing else', () => {
    const expected = ['README.md', 'build/swarmtop.mjs', 'package.json'];
    if (existsSync(path.join(repoRoot, 'LICENSE'))) expected.push('LICENSE');
    expect(tarballFiles(installed.tarball)).toEqual(expected.sort());
  });

  it('says what it is and where it comes from, and needs nothing installed beside it', () => {
    const listed = spawnSync('tar', ['-xzOf', installed.tarball, 'package/package.json'], {encoding: 'utf8'});
    const manifest = JSON.parse(listed.stdout) as Record<string, unknown>;
    expect(manifest['bin']).toEqual({swarmtop: 'build/swarmtop.mjs'});
    expect(manifest['repository']).toMatchObject({type: 'git', url: expect.stringMatching(/^git\+https:\/\//)});
    expect(manifest['homepage']).toMatch(/^https:\/\//);
    expect(manifest['keywords']).toEqual(expect.arrayContaining(['docker', 'swarm']));
    expect(manifest['dependencies']).toBeUndefined();
  });

  it('installs a swarmtop command that prints its version and runs the demo', async () => {
    const env = {...process.env, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`};
    const version = spawnSync(installed.command, ['--version'], {encoding: 'utf8', env});
    expect(version.stdout).toMatch(versionText(process.version.replaceAll('.', '\\.')));
    expect(version.status).toBe(0);
    const typo = spawnSync(installed.command, ['--demo', '--tial', '5'], {encoding: 'utf8', env});
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('did you mean --tail?');

    term = TerminalSession.spawn(installed.command, ['--demo'], {cols: 120, rows: 40, env: {PATH: env.PATH}});
    await term.waitForText(/^swarmtop DEMO /m, {timeoutMs: 20_000});
    await term.waitForText(/shop_web\s+(replicated\s+)?\d\/3/);
    term.press('q');
    expect((await term.exit(5000)).exitCode).toBe(0);
  });
});

describe.skipIf(labSkip)('the container image, built on a lab node', () => {
  let reference = '';

  beforeAll(async () => {
    reference = buildImage(labSockets()[1]).value;
    labDocker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'dist-api', '--replicas', '1', 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => /1\/1/.test(labDocker(1, ['service', 'ls', '--filter', 'name=dist-api', '--format', '{{.Replicas}}'])), {timeoutMs: 60_000});
  }, 240_000);

  afterAll(() => {
    labDocker(1, ['service', 'rm', 'dist-api']);
    if (reference) labDocker(1, ['image', 'rm', reference]);
  });

  it('is tagged with the version and runs --version', () => {
    expect(reference).toBe(`swarmtop:${packageVersion}`);
    expect(labDocker(1, ['run', '--rm', reference, '--version'])).toMatch(versionText(SHIPPED_NODE));
  });

  it('runs the console in a terminal against the node socket mounted in, and quits with 0', async () => {
    const socket = labSocketPath(1);
    term = TerminalSession.spawn('docker', ['-H', labSockets()[1], 'run', '--rm', '-it', '-v', `${socket}:/var/run/docker.sock`, reference], {
      cols: 120,
      rows: 40,
    });
    await term.waitForText(/dist-api\s+replicated\s+1\/1\s+lab\/busybox:1/, {timeoutMs: 30_000});
    expect(term.screenText()).toContain('unix:///var/run/docker.sock (default socket)');
    expect(term.screenText()).toMatch(/nodes 3\/3 ready/);
    term.press('q');
    expect((await term.exit(10_000)).exitCode).toBe(0);
  });
});
