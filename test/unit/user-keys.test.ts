import {afterEach, describe, expect, it} from 'vitest';
import {activeBindings, installUserKeysChecked} from '../../source/app/bindings.js';
import {commandHistory, completeCommand} from '../../source/app/commands.js';
import {parseAliases, parseHotkeys, parsePlugins} from '../../source/app/config/parse-keys.js';
import {type KeyContext, handleKey, splitKeys} from '../../source/app/dispatch.js';
import {expandArgument, pluginVariables} from '../../source/app/plugins.js';
import {installUserKeys} from '../../source/app/user-keys.js';
import {helpSections, hintLine} from '../../source/keymap/keymap.js';
import {newFrame, topFrame} from '../../source/shell/navigation.js';
import {createUiStore} from '../../source/shell/ui-store.js';
import {recordingClient} from '../support/fake-client.js';
import {labSnapshot, serviceNamed} from '../support/fixtures.js';

const plugins = parsePlugins(
  'plugins.yml',
  `plugins:
  where:
    shortCut: Shift-W
    description: Where it runs
    scopes: [services, tasks]
    command: echo
    background: true
  wipe:
    shortCut: Ctrl-X
    scopes: [services]
    command: "false"
    dangerous: true
`,
);

function context(snapshot = labSnapshot(), readOnly = false): KeyContext {
  return {client: recordingClient(snapshot).client, snapshot: () => snapshot, pageSize: () => 5, readOnly, quit: () => {}, refresh: () => {}};
}

function type(ui: ReturnType<typeof createUiStore>, text: string, ctx: KeyContext): void {
  for (const key of splitKeys(text, text)) handleKey(ui, key, ctx);
}

afterEach(() => installUserKeys({aliases: [], hotkeys: [], plugins: []}));

describe('user keys in the keymap', () => {
  it('puts plugins on their panes, in help and in the hint bar; read-only hides the dangerous ones', () => {
    installUserKeysChecked({aliases: [], hotkeys: [], plugins});
    const services = activeBindings({view: 'services', sortShortcuts: [], readOnly: false});
    const rows = helpSections(services).find(section => section.group === 'Plugins')?.rows;
    expect(rows).toEqual([
      {keys: 'Shift-W', description: 'Where it runs'},
      {keys: 'Ctrl-x', description: 'wipe (runs in the terminal)'},
    ]);
    expect(hintLine(services, 400).map(hint => hint.label)).toEqual(expect.arrayContaining(['where', 'wipe']));
    const readOnly = activeBindings({view: 'services', sortShortcuts: [], readOnly: true});
    expect(readOnly.some(binding => binding.action.type === 'plugin' && binding.action.name === 'wipe')).toBe(false);
    expect(activeBindings({view: 'nodes', sortShortcuts: [], readOnly: false}).some(binding => binding.action.type === 'plugin')).toBe(false);
  });

  it('refuses a plugin or hotkey on a key swarmtop already uses there, naming the file and line', () => {
    const onScale = parsePlugins('plugins.yml', 'plugins:\n  s:\n    shortCut: s\n    scopes: [services]\n    command: echo\n');
    expect(() => installUserKeysChecked({aliases: [], hotkeys: [], plugins: onScale})).toThrow(
      'plugins.yml:2: plugins.s.shortCut: s is already "Scale the service" on services',
    );
    const onHelp = parseHotkeys('hotkeys.yml', 'hotKeys:\n  g:\n    shortCut: g\n    command: nodes\n');
    expect(() => installUserKeysChecked({aliases: [], hotkeys: onHelp, plugins: [], hotkeysFile: 'hotkeys.yml'})).toThrow(
      'hotkeys.yml:3: hotKeys.g.shortCut: g is already "First row" on nodes',
    );
    const onPlugin = parseHotkeys('hotkeys.yml', 'hotKeys:\n  w:\n    shortCut: Shift-W\n    command: nodes\n');
    expect(() => installUserKeysChecked({aliases: [], hotkeys: onPlugin, plugins, hotkeysFile: 'hotkeys.yml'})).toThrow(
      'hotkeys.yml:3: hotKeys.w.shortCut: W is already "plugin "where"" on services',
    );
  });

  it('runs an alias and a hotkey as the commands they stand for', () => {
    installUserKeysChecked({
      aliases: parseAliases('aliases.yml', 'aliases:\n  boxes: nodes\n'),
      hotkeys: parseHotkeys('hotkeys.yml', 'hotKeys:\n  t:\n    shortCut: Shift-Z\n    command: tasks\n'),
      plugins: [],
    });
    const ui = createUiStore('services');
    const ctx = context();
    type(ui, ':boxes', ctx);
    handleKey(ui, {name: 'enter', text: '\r'}, ctx);
    expect(topFrame(ui.getState().stack).view).toBe('nodes');
    handleKey(ui, {name: 'Z', text: 'Z'}, ctx);
    expect(topFrame(ui.getState().stack).view).toBe('tasks');
  });

  it('refuses a dangerous plugin in read-only mode when its key is pressed anyway', () => {
    installUserKeysChecked({aliases: [], hotkeys: [], plugins});
    const ui = createUiStore('services');
    handleKey(ui, {name: 'ctrl-x', text: '\u0018'}, context(labSnapshot(), true));
    expect(ui.getState().flash?.text).toBe('read-only: ctrl-x runs the dangerous plugin "wipe", so it is off');
  });
});

describe('the : prompt', () => {
  it('completes with Tab: one match whole, several to what they share, listing them', () => {
    expect(completeCommand('nod', ['nodes', 'services'])).toEqual({text: 'nodes', choices: []});
    expect(completeCommand('se', ['secrets', 'services', 'nodes'])).toEqual({text: 'se', choices: ['secrets', 'services']});
    expect(completeCommand('st', ['stacks', 'stack'])).toEqual({text: 'stack', choices: ['stacks', 'stack']});
    expect(completeCommand('zz', ['nodes'])).toEqual({text: 'zz', choices: []});
    const ui = createUiStore('services');
    const ctx = context();
    type(ui, ':netw', ctx);
    handleKey(ui, {name: 'tab', text: '\t'}, ctx);
    // "network" and "networks" both name the pane: Tab goes as far as they agree and shows both.
    expect(ui.getState().prompt).toMatchObject({text: 'network', choices: ['network', 'networks']});
  });

  it('keeps a history that ↑ and ↓ walk', () => {
    const ui = createUiStore('services');
    const ctx = context();
    for (const command of ['nodes', 'tasks']) {
      type(ui, `:${command}`, ctx);
      handleKey(ui, {name: 'enter', text: '\r'}, ctx);
    }
    expect(commandHistory().slice(-2)).toEqual(['nodes', 'tasks']);
    type(ui, ':', ctx);
    handleKey(ui, {name: 'up', text: ''}, ctx);
    expect(ui.getState().prompt?.text).toBe('tasks');
    handleKey(ui, {name: 'up', text: ''}, ctx);
    expect(ui.getState().prompt?.text).toBe('nodes');
    handleKey(ui, {name: 'down', text: ''}, ctx);
    expect(ui.getState().prompt?.text).toBe('tasks');
    handleKey(ui, {name: 'down', text: ''}, ctx);
    expect(ui.getState().prompt?.text).toBe('');
  });
});

describe('plugin variables', () => {
  it('names the selected service, task and node', () => {
    const snapshot = labSnapshot();
    const web = serviceNamed(snapshot, 'web');
    const onService = pluginVariables({...newFrame('services'), selectedId: web.ID}, snapshot);
    expect(onService).toMatchObject({SERVICE: 'web', SERVICE_ID: web.ID, ID: web.ID, NAME: 'web'});
    const task = snapshot.tasks.find(candidate => candidate.ServiceID === web.ID && candidate.Status.ContainerStatus?.ContainerID)!;
    const onTask = pluginVariables({...newFrame('tasks', {serviceId: web.ID}), selectedId: task.ID}, snapshot);
    const node = snapshot.nodes.find(candidate => candidate.ID === task.NodeID)!;
    expect(onTask).toMatchObject({
      SERVICE: 'web',
      TASK_ID: task.ID,
      TASK: expect.stringMatching(/^web\.\d+$/),
      CONTAINER_ID: task.Status.ContainerStatus!.ContainerID,
      NODE: node.Description?.Hostname,
      NODE_ID: node.ID,
    });
  });

  it('expands $VAR and ${VAR} in args, unset ones to nothing', () => {
    expect(expandArgument('echo $SERVICE > /tmp/${TASK_ID}.txt $NOPE', {SERVICE: 'web', TASK_ID: 't1'})).toBe('echo web > /tmp/t1.txt ');
  });
});
