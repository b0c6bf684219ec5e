// The bundle's first two lines (scripts/bundle.mjs: launcherLines): sh reads them as a launcher
// that starts node with the heap flags and one malloc arena; node reads them as a string and a
// comment. Run here by the real sh, with a stand-in `node` on PATH that reports what it was given.
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';

const bundleScript = new URL('../../scripts/bundle.mjs', import.meta.url).href;
const {launcherLines, HEAP_FLAGS} = (await import(bundleScript)) as {launcherLines: () => string; HEAP_FLAGS: string[]};

const dir = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-launcher-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const program = path.join(dir, 'program.mjs');
writeFileSync(program, `${launcherLines()}console.log(JSON.stringify({argv: process.argv.slice(2), execArgv: process.execArgv}));\n`);
chmodSync(program, 0o755);
// The stand-in node: its arguments one a line, then the two variables the launcher may set.
const bin = path.join(dir, 'bin');
const fakeNode = path.join(bin, 'node');
mkdirSync(bin);
writeFileSync(
  fakeNode,
  '#!/bin/sh\nfor arg in "$@"; do echo "arg:$arg"; done\necho "arenas:${MALLOC_ARENA_MAX-unset}"\necho "marker:${SWARMTOP_LAUNCHER_SET_MALLOC_ARENA_MAX-unset}"\n',
);
chmodSync(fakeNode, 0o755);

function launch(env: Record<string, string>, args: string[]): string[] {
  const run = spawnSync(program, args, {encoding: 'utf8', env: {PATH: `${bin}:/usr/bin:/bin`, ...env}});
  expect(run.status).toBe(0);
  return run.stdout.trim().split('\n');
}

describe.skipIf(process.platform === 'win32')('the launcher lines', () => {
  it('start node with the heap flags, the file and every argument as given', () => {
    const lines = launch({}, ['-H', 'ssh://a b', '']);
    expect(lines.filter(line => line.startsWith('arg:'))).toEqual([...HEAP_FLAGS, program, '-H', 'ssh://a b', ''].map(arg => `arg:${arg}`));
  });

  it("give one malloc arena, marked as the launcher's, only where the user set none", () => {
    expect(launch({}, [])).toEqual(expect.arrayContaining(['arenas:1', 'marker:1']));
    expect(launch({MALLOC_ARENA_MAX: '4'}, [])).toEqual(expect.arrayContaining(['arenas:4', 'marker:unset']));
  });

  it('are a string and a comment to node, which runs the rest of the file', () => {
    const run = spawnSync(process.execPath, [program, 'x'], {encoding: 'utf8'});
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({argv: ['x'], execArgv: []});
  });
});
