// --readonly below the UI, against the lab: the built console talks to the
// manager through a proxy on a unix socket that counts writes (any request but
// GET/HEAD, any upgrade, any exec or attach path). Every key of every pane's
// keymap (derived from the bindings, not listed here) and every plugin is
// pressed, each followed by `y` and Enter to accept whatever it asks: zero
// writes. The same proxy counts a scale sent without --readonly, so the
// counter is shown to count. A plugin not marked dangerous that scales gets the
// read-only gate as $DOCKER_HOST: its write is refused there and never reaches the proxy.

import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {activeBindings, installUserKeysChecked} from '../../source/app/bindings.js';
import {parsePlugins} from '../../source/app/config/parse-keys.js';
import {installUserKeys} from '../../source/app/user-keys.js';
import type {ViewKind} from '../../source/keymap/names.js';
import {paneOf, panes} from '../../source/views/panes/registry.js';
import {labDockerSync as docker, labSkipReason, labSockets, runningTaskCount, waitUntil} from '../lab/lab.js';
import {filterTo} from '../support/console-steps.js';
import {type CountingProxy, startCountingProxy} from '../support/counting-proxy.js';
import {TerminalSession} from '../support/terminal.js';
import {ctrl, keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();
const SERVICE = 'ro-web';

const PLUGINS = `plugins:
  look:
    shortCut: Shift-Z
    description: Reads nothing, writes nothing
    scopes: [all]
    command: "true"
    args: [$NAME]
    background: true
  nudge:
    shortCut: Shift-W
    description: Scales the service, but is not marked dangerous
    scopes: [all]
    command: docker
    args: [service, scale, --detach, ${SERVICE}=3]
    background: true
  wreck:
    shortCut: Shift-Q
    description: Would scale the service
    scopes: [all]
    command: docker
    args: [service, scale, ${SERVICE}=3]
    background: true
    dangerous: true
`;

/** The bytes a terminal sends for a binding's key name ("j", "enter", "ctrl-d", "shift-tab"). */
function bytesOf(name: string): string {
  const named: Record<string, string> = {
    up: keys.up,
    down: keys.down,
    left: keys.left,
    right: keys.right,
    pgup: keys.pageUp,
    pgdn: keys.pageDown,
    home: keys.home,
    end: keys.end,
    enter: keys.enter,
    esc: keys.escape,
    tab: keys.tab,
    'shift-tab': keys.shiftTab,
    backspace: keys.backspace,
  };
  if (named[name]) return named[name]!;
  if (name.startsWith('ctrl-')) return ctrl(name.slice(5));
  return name;
}

/** Every key a pane binds (swarmtop's own, dangerous ones too, and the plugins), quitting aside. */
function paneKeys(view: ViewKind): string[] {
  const bindings = activeBindings({view, sortShortcuts: paneOf(view).sortShortcuts, readOnly: false});
  return [...new Set(bindings.filter(binding => binding.action.type !== 'quit').flatMap(binding => binding.keys))];
}

describe.skipIf(skip)('--readonly sends no write', () => {
  let proxy: CountingProxy;
  let term: TerminalSession | undefined;
  let home: string;

  beforeAll(async () => {
    docker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', SERVICE, '--replicas', '1', 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => runningTaskCount(SERVICE) === 1, {timeoutMs: 60_000});
    proxy = await startCountingProxy(labSockets().manager.replace(/^unix:\/\//, ''));
    home = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-e2e-readonly-'));
    mkdirSync(path.join(home, 'swarmtop'));
    writeFileSync(path.join(home, 'swarmtop', 'plugins.yml'), PLUGINS);
    // The same plugins in this process, so the keys derived below include theirs.
    installUserKeysChecked({aliases: [], hotkeys: [], plugins: parsePlugins('plugins.yml', PLUGINS)});
  }, 120_000);

  afterAll(async () => {
    installUserKeys({aliases: [], hotkeys: [], plugins: []});
    await proxy?.close();
    docker(1, ['service', 'rm', SERVICE]);
    rmSync(home, {recursive: true, force: true});
  });

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  function startConsole(args: string[]): TerminalSession {
    return TerminalSession.spawn(process.execPath, [cliPath, '-H', proxy.url, '--refresh', '1', ...args], {
      cols: 160,
      rows: 40,
      env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, XDG_CONFIG_HOME: home, EDITOR: 'true', VISUAL: 'true'},
    });
  }

  it('every key and plugin on every pane: zero writes at the socket', async () => {
    term = startConsole(['--readonly']);
    await term.waitForText(SERVICE, {timeoutMs: 60_000});
    const views = Object.keys(panes).filter(view => view !== 'rollout') as ViewKind[];
    let pressed = 0;
    for (const view of views) {
      for (const key of paneKeys(view)) {
        for (let i = 0; i < 3; i++) term.press(keys.escape);
        term.type(`:${paneOf(view).aliases[0]}`);
        term.press(keys.enter);
        await term.waitForQuiet(100, {timeoutMs: 5_000});
        term.write(bytesOf(key));
        await term.waitForQuiet(100, {timeoutMs: 5_000});
        // Accept whatever the key asks: a confirm's y, a form's Enter.
        term.type('y');
        term.press(keys.enter);
        await term.waitForQuiet(100, {timeoutMs: 5_000});
        pressed++;
      }
    }
    expect(term.isRunning).toBe(true);
    expect(pressed).toBeGreaterThan(100);
    expect(proxy.requests()).toBeGreaterThan(0);
    expect(proxy.writes).toEqual([]);
  }, 900_000);

  it('a plugin not marked dangerous runs, but its docker service scale is refused by the gate: the swarm is unchanged', async () => {
    const replicas = () => docker(1, ['service', 'inspect', SERVICE, '--format', '{{.Version.Index}} {{.Spec.Mode.Replicated.Replicas}}']).trim();
    const before = replicas();
    term = startConsole(['--readonly']);
    await term.waitForText(SERVICE, {timeoutMs: 60_000});
    await filterTo(term, SERVICE);
    term.press('W');
    await term.waitForText(/plugin nudge failed: docker exited with 1: .*swarmtop --readonly: POST/, {timeoutMs: 30_000});
    expect(proxy.writes).toEqual([]);
    expect(replicas()).toBe(before);
    expect(before).toMatch(/ 1$/);
  }, 120_000);

  it('without --readonly the same proxy counts the write of a scale', async () => {
    const before = proxy.writes.length;
    term = startConsole([]);
    await term.waitForText(SERVICE, {timeoutMs: 60_000});
    await filterTo(term, SERVICE);
    term.press('s');
    await term.waitForText(`Scale ${SERVICE}`);
    term.press(keys.backspace);
    term.type('2');
    term.press(keys.enter);
    await waitUntil(() => proxy.writes.length > before, {timeoutMs: 30_000});
    expect(proxy.writes.slice(before)).toEqual(expect.arrayContaining([expect.stringMatching(/^POST \/v[\d.]+\/services\/[a-z0-9]{25}\/update\?version=\d+/)]));
  }, 120_000);
});
