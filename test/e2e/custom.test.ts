// The user's files against the lab swarm: config.yml, aliases, plugins that run
// real commands, the hint bar on a small terminal, and a rollout started by
// another client shown as a notice instead of taking the screen.

import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {labDocker, labDockerSync as docker, labSkipReason, labSockets, waitUntil, runningTaskCount} from '../lab/lab.js';
import {filterTo} from '../support/console-steps.js';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();
const SERVICE = 'cfg-web';

/** A fresh $XDG_CONFIG_HOME holding swarmtop/<file> for each entry. */
function configHome(files: Record<string, string>): string {
  const home = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-e2e-config-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(home, 'swarmtop', name);
    mkdirSync(path.dirname(file), {recursive: true});
    writeFileSync(file, text);
  }
  return home;
}

function startConsole(home: string, size = {cols: 120, rows: 40}, args: string[] = []): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, ...args], {
    ...size,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, XDG_CONFIG_HOME: home},
  });
}

describe('a bad config file', () => {
  it('exits 2 with one line naming file:line and the key, before touching the engine', () => {
    const home = configHome({'config.yml': 'refresh: 2\nlogs:\n  tail: lots\n'});
    const result = spawnSync(process.execPath, [cliPath, '-H', 'unix:///nonexistent.sock'], {env: {...process.env, XDG_CONFIG_HOME: home}, encoding: 'utf8'});
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `swarmtop: ${path.join(home, 'swarmtop', 'config.yml')}:3: logs.tail: must be a whole number of lines, 0 to 1000000 (got "lots")\n`,
    );
  });

  it('--print-config shows each value and where it came from', () => {
    const home = configHome({'config.yml': 'refresh: 4\nreadonly: true\n'});
    const result = spawnSync(process.execPath, [cliPath, '--print-config', '--refresh', '1'], {env: {...process.env, XDG_CONFIG_HOME: home}, encoding: 'utf8'});
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^refresh +1 +--refresh$/m);
    expect(result.stdout).toMatch(/^readonly +true +config\.yml:2$/m);
    expect(result.stdout).toMatch(/^logs\.tail +200 +default$/m);
  });
});

describe.skipIf(skip)('user files against the lab swarm', () => {
  let term: TerminalSession | undefined;

  beforeAll(async () => {
    docker(1, [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--name',
      SERVICE,
      '--replicas',
      '2',
      '--update-delay',
      '3s',
      '--update-parallelism',
      '1',
      'lab/busybox:1',
      'sleep',
      '1d',
    ]);
    await waitUntil(() => runningTaskCount(SERVICE) === 2, {timeoutMs: 60_000});
  });

  afterAll(() => {
    docker(1, ['service', 'rm', SERVICE]);
  });

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  it('opens the pane config.yml names, and runs an alias from aliases.yml', async () => {
    const home = configHome({'config.yml': 'view: nodes\n', 'aliases.yml': 'aliases:\n  apps: services\n'});
    term = startConsole(home);
    await term.waitForText(/node1\s+Manager\s+Ready/);
    term.type(':apps');
    term.press(keys.enter);
    await term.waitForText(new RegExp(`${SERVICE}\\s+replicated\\s+2/2`));
    expect(term.screenLines()[2]).toMatch(/^services\b/);
  });

  it('runs a background plugin that sees $SERVICE, and says so when a plugin fails', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'swarmtop-plugin-')), 'service.txt');
    const home = configHome({
      'plugins.yml': [
        'plugins:',
        '  record:',
        '    shortCut: Shift-W',
        '    description: Write the service name down',
        '    scopes: [services]',
        '    command: sh',
        `    args: [-c, 'echo "$SERVICE $SERVICE_ID $DOCKER_HOST" > ${out}']`,
        '    background: true',
        '  broken:',
        '    shortCut: Shift-X',
        '    scopes: [services]',
        '    command: sh',
        "    args: [-c, 'echo no such thing >&2; exit 3']",
        '    background: true',
      ].join('\n'),
    });
    term = startConsole(home);
    await term.waitForText(SERVICE);
    await filterTo(term, SERVICE);
    // In help and in the hint bar.
    expect(term.screenText()).toMatch(/<Shift-W> record/);
    term.press('W');
    await waitUntil(() => existsSync(out) && readFileSync(out, 'utf8').includes('\n'), {timeoutMs: 10_000});
    const id = docker(1, ['service', 'inspect', SERVICE, '--format', '{{.ID}}']).trim();
    expect(readFileSync(out, 'utf8')).toBe(`${SERVICE} ${id} ${labSockets().manager}\n`);
    await term.waitForText('plugin record done');
    term.press('X');
    await term.waitForText('plugin broken failed: sh exited with 3: no such thing');
    term.press('?');
    await term.waitForText('PLUGINS');
    expect(term.screenText()).toMatch(/Shift-W\s+Write the service name down/);
  });

  it('gives a foreground plugin the terminal, as $EDITOR has it, and takes it back', async () => {
    const home = configHome({
      'plugins.yml': [
        'plugins:',
        '  look:',
        '    shortCut: Ctrl-T',
        '    description: Look at the tasks',
        '    scopes: [services, tasks]',
        '    command: sh',
        // Each run numbers itself (a count kept in the config home; printenv, as the console fills in
        // every upper-case $NAME in args): the normal screen the console steps aside to still shows
        // the last run's lines, so the test waits for this run's own.
        `    args: [-c, 'f="$(printenv XDG_CONFIG_HOME)/runs"; n=$(($(cat "$f" 2>/dev/null || echo 0) + 1)); echo $n >"$f"; echo "foreground sees $SERVICE on $TASK (run $n)"; read answer; test "$answer" = yes']`,
      ].join('\n'),
    });
    term = startConsole(home);
    await term.waitForText(SERVICE);
    await filterTo(term, SERVICE);
    term.press(keys.enter);
    await term.waitForText(new RegExp(`${SERVICE}\\.1\\s`));
    term.write('\u0014');
    await term.waitForText(new RegExp(`foreground sees ${SERVICE} on ${SERVICE}\\.\\d \\(run 1\\)`));
    expect(term.screenText()).not.toMatch(/^swarmtop /m);
    term.type('yes');
    term.press(keys.enter);
    await term.waitForText('plugin look done');
    expect(term.screenLines()[0]).toMatch(/^swarmtop /);
    // A foreground plugin that fails says so too.
    term.write('\u0014');
    await term.waitForText('(run 2)');
    term.type('no');
    term.press(keys.enter);
    await term.waitForText('plugin look failed: sh exited with 1');
  });

  it('draws with the skin config.yml names, and NO_COLOR still wins', async () => {
    const files = {'config.yml': 'skin: plain\n', 'skins/plain.yml': 'colors:\n  tableHeader: magenta\n  selection: blue\n  hint: green\n'};
    term = startConsole(configHome(files));
    await term.waitForText(SERVICE);
    const header = term.findText('NAME')!;
    expect(term.cellStyle(header.row, header.col)).toMatchObject({fg: 5, bold: true});
    const selected = term.findText(SERVICE)!;
    expect(term.cellStyle(selected.row, selected.col)).toMatchObject({bg: 4, inverse: false});
    const hint = term.findText('<?>')!;
    expect(term.cellStyle(hint.row, hint.col)?.fg).toBe(2);
    term.kill();
    term = TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager], {
      cols: 120,
      rows: 40,
      env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, XDG_CONFIG_HOME: configHome(files), NO_COLOR: '1'},
    });
    await term.waitForText(SERVICE);
    const plainHeader = term.findText('NAME')!;
    expect(term.cellStyle(plainHeader.row, plainHeader.col)?.fg).toBe('default');
    const plainSelected = term.findText(SERVICE)!;
    expect(term.cellStyle(plainSelected.row, plainSelected.col)).toMatchObject({bg: 'default', inverse: true});
  });

  it('keeps <?> help and <q> quit in the hint bar at 80×24 and 120×40', async () => {
    term = startConsole(configHome({}), {cols: 80, rows: 24});
    await term.waitForText(SERVICE);
    const bar = () =>
      term!
        .screenLines()
        .filter(line => line.includes('<'))
        .pop() ?? '';
    expect(bar()).toMatch(/<\?> help\s+<q> quit/);
    expect(bar().trimEnd().length).toBeLessThanOrEqual(80);
    term.resize(120, 40);
    await term.waitForText(/<\?> help\s+<q> quit/);
    await filterTo(term, SERVICE);
    // A frame can reach the pty in more than one chunk, so wait for the whole
    // filtered frame rather than reading the first chunk that shows the filter.
    await term.waitFor(() => /<\?> help\s+<q> quit/.test(bar()), {description: 'the hint bar after filtering'});
    expect(bar().trimEnd().length).toBeLessThanOrEqual(120);
  });

  it('tells of a rollout started by another client in the status line, without opening its view; o watches it', {timeout: 90_000}, async () => {
    term = startConsole(configHome({}));
    await term.waitForText(new RegExp(`${SERVICE}\\s+replicated\\s+2/2`));
    const image = docker(1, ['service', 'inspect', SERVICE, '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}']).trim();
    await labDocker(1, [
      'service',
      'update',
      '--detach',
      '--no-resolve-image',
      '--image',
      image === 'lab/busybox:1' ? 'lab/busybox:2' : 'lab/busybox:1',
      SERVICE,
    ]);
    await term.waitForText(`${SERVICE} is updating — o watches it`, {timeoutMs: 10_000});
    // Still where the operator was.
    expect(term.screenLines()[2]).toMatch(/^services\b/);
    expect(term.screenText()).not.toContain(`rollout of ${SERVICE}`);
    term.press('o');
    await term.waitForText(`rollout of ${SERVICE}`);
  });

  it(':ctx lists the docker contexts and switches live, keeping the pane; a dead one says why and changes nothing', {timeout: 60_000}, async () => {
    // Two contexts on the lab's one manager socket (a second manager would need a promotion that
    // the other lab tests do not expect), told apart by name, and one on a socket nobody listens on.
    const dockerConfig = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-contexts-'));
    const context = (name: string, host: string) => {
      const dir = path.join(dockerConfig, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
      mkdirSync(dir, {recursive: true});
      writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({Name: name, Metadata: {}, Endpoints: {docker: {Host: host, SkipTLSVerify: false}}}));
    };
    context('lab-a', labSockets().manager);
    context('lab-b', labSockets().manager);
    context('dead', 'unix:///tmp/swarmtop-no-engine-here.sock');
    term = TerminalSession.spawn(process.execPath, [cliPath, '--context', 'lab-a'], {
      cols: 120,
      rows: 30,
      env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, DOCKER_CONFIG: dockerConfig, XDG_CONFIG_HOME: configHome({'config.yml': 'view: nodes\n'})},
    });
    await term.waitForText(/node1\s+Manager\s+Ready/);
    expect(term.lineAt(0)).toContain('context "lab-a" (--context)');
    term.type(':ctx');
    term.press(keys.enter);
    await term.waitForText(/CURRENT\s+NAME\s+ENDPOINT/);
    expect(term.screenText()).toMatch(/^\*\s+lab-a\s+unix:\/\/\/run\/stlab\/node1\.sock/m);
    expect(term.screenText()).toMatch(/^\s+dead\s+unix:\/\/\/tmp\/swarmtop-no-engine-here\.sock/m);
    // default, dead, lab-a (selected), lab-b: up once to dead.
    term.press('k');
    term.press(keys.enter);
    await term.waitForText(/cannot switch to context dead: .*swarmtop-no-engine-here\.sock/);
    expect(term.lineAt(0)).toContain('context "lab-a" (--context)');
    term.press('j');
    term.press('j');
    term.press(keys.enter);
    await term.waitForText('now on context lab-b');
    await term.waitForText(/node1\s+Manager\s+Ready/);
    expect(term.lineAt(0)).toContain('context "lab-b" (:ctx)');
    expect(term.screenLines()[2]).toMatch(/^nodes\b/);
    // Reconnected for real: a service made now shows up through the new connection.
    term.type(':svc');
    term.press(keys.enter);
    await term.waitForText(new RegExp(`${SERVICE}\\s+replicated`));
  });
});
