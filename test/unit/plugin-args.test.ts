// A plugin's args are filled from what the swarm reports: a value that would
// read as an option, or that holds a control character, is refused before the
// command runs, with the variable named; after a literal `--` arg a leading
// dash is an operand and passes.

import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {parsePlugins} from '../../source/app/config/parse-keys.js';
import {expandPluginArgs, runPluginAction} from '../../source/app/plugins.js';
import {installUserKeys} from '../../source/app/user-keys.js';
import {newFrame} from '../../source/shell/navigation.js';
import {createUiStore} from '../../source/shell/ui-store.js';
import {labSnapshot} from '../support/fixtures.js';

describe('plugin args', () => {
  it('fill variables, and refuse a value that would read as an option, naming it', () => {
    expect(expandPluginArgs(['$NODE', 'systemctl'], {NODE: 'node2'})).toEqual({args: ['node2', 'systemctl']});
    expect(expandPluginArgs(['$NODE', 'systemctl'], {NODE: '-oProxyCommand=touch /tmp/x'})).toEqual({
      refused: expect.stringMatching(/^\$NODE starts with "-"/),
    });
    expect(expandPluginArgs(['${STACK}'], {STACK: '-rf'})).toEqual({refused: expect.stringMatching(/^\$STACK starts with "-"/)});
    // The first variable with a value made the dash, not an empty one before it.
    expect(expandPluginArgs(['$TASK$NODE'], {TASK: '', NODE: '-x'})).toEqual({refused: expect.stringMatching(/^\$NODE /)});
  });

  it('pass a leading dash after a "--" arg, or inside an arg the plugin starts itself', () => {
    expect(expandPluginArgs(['grep', '--', '$NAME'], {NAME: '-v'})).toEqual({args: ['grep', '--', '-v']});
    expect(expandPluginArgs(['--name=$NAME', 'x$NAME'], {NAME: '-v'})).toEqual({args: ['--name=-v', 'x-v']});
  });

  it('refuse a control character anywhere, after "--" too', () => {
    for (const value of ['a\nb', 'a\u001b]0;t\u0007', 'x\u009b', 'x\u007f']) {
      expect(expandPluginArgs(['--', 'echo $SERVICE'], {SERVICE: value})).toEqual({refused: '$SERVICE holds a control character'});
    }
    // A value no arg names is not checked: it reaches the plugin only in its environment.
    expect(expandPluginArgs(['echo'], {SERVICE: 'a\nb'})).toEqual({args: ['echo']});
  });
});

describe('running a plugin', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plugin-args-'));
  afterEach(() => installUserKeys({aliases: [], hotkeys: [], plugins: []}));
  afterEach(() => rmSync(dir, {recursive: true, force: true}));

  it('does not run it when a value is refused, and says why in the status line', () => {
    const out = path.join(dir, 'ran');
    const plugins = parsePlugins(
      'plugins.yml',
      `plugins:\n  mark:\n    shortCut: Shift-M\n    scopes: [nodes]\n    command: 'touch ${out}; true'\n    args: [$NODE]\n`,
    );
    installUserKeys({aliases: [], hotkeys: [], plugins});
    const snapshot = labSnapshot();
    const hostile = {
      ...snapshot,
      nodes: snapshot.nodes.map((node, index) => (index === 0 ? {...node, Description: {...node.Description, Hostname: '-oProxyCommand=x'}} : node)),
    };
    const ui = createUiStore();
    ui.setState({stack: [{...newFrame('nodes'), selectedId: hostile.nodes[0]!.ID}]});
    let suspended = 0;
    const host = {shell: '/bin/sh', dockerHost: () => 'unix:///nowhere', context: () => '', suspend: <T>(run: () => T) => (suspended++, run())};
    runPluginAction(ui, 'mark', hostile, host, false);
    expect(ui.getState().flash).toMatchObject({text: expect.stringMatching(/^plugin mark not run: \$NODE starts with "-"/), tone: 'error'});
    expect(suspended).toBe(0);
    // The same plugin on a node with a plain hostname runs.
    ui.setState({stack: [{...newFrame('nodes'), selectedId: snapshot.nodes[0]!.ID}]});
    runPluginAction(ui, 'mark', snapshot, host, false);
    expect(suspended).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('');
  });
});
