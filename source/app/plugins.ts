// Running a user's plugin (plugins.yml) on the selected row: its command sees
// what is selected as environment variables (and in its args, as k9s expands
// them). A foreground plugin gets the terminal as $EDITOR does; a background
// one runs beside the console. Either way a failure is said in the status line.

import {spawn, spawnSync} from 'node:child_process';
import type {SwarmSnapshot} from '../docker/types.js';
import {indexSnapshot} from '../model/cluster-index.js';
import {stackOf} from '../model/object-users.js';
import {nodeName} from '../render/nodes.js';
import {taskName} from '../render/tasks.js';
import {openDialog} from '../shell/dialogs.js';
import {type Frame, topFrame} from '../shell/navigation.js';
import {type UiStore, flash} from '../shell/ui-store.js';
import {selectedId, selectedRow} from '../views/panes/selection.js';
import type {Plugin} from './config/parse-keys.js';
import type {TerminalSuspender} from './edit-terminal.js';
import {pluginNamed} from './user-keys.js';

/** What a plugin run needs from outside the UI. */
export interface PluginHost {
  /** The shell that runs the plugin's command line (config `shell`). */
  shell: string;
  /**
   * $DOCKER_HOST and the docker context now in use ($CONTEXT). In --readonly $DOCKER_HOST is the
   * read-only gate (plugin-engine.ts), which may first have to start: then it comes as a promise.
   */
  dockerHost: () => string | Promise<string>;
  context: () => string;
  suspend: TerminalSuspender;
}

export const PLUGIN_VARIABLES = [
  'SERVICE',
  'SERVICE_ID',
  'TASK',
  'TASK_ID',
  'NODE',
  'NODE_ID',
  'CONTAINER_ID',
  'STACK',
  'NAME',
  'ID',
  'DOCKER_HOST',
  'CONTEXT',
] as const;
export type PluginVariables = Partial<Record<(typeof PLUGIN_VARIABLES)[number], string>>;

/** The variables the selected row of `frame` gives a plugin. */
export function pluginVariables(frame: Frame, snapshot: SwarmSnapshot | undefined): PluginVariables {
  if (!snapshot || frame.screen) return {};
  const index = indexSnapshot(snapshot);
  const vars: PluginVariables = {};
  const id = selectedId(frame, snapshot);
  if (id) vars.ID = id;
  const service = selectedRow('services', frame, snapshot);
  const entry = selectedRow('tasks', frame, snapshot);
  const node = selectedRow('nodes', frame, snapshot) ?? (entry?.task.NodeID ? index.nodesById.get(entry.task.NodeID) : undefined);
  const ofService = service ?? (entry ? index.servicesById.get(entry.task.ServiceID) : undefined);
  const stack = selectedRow('stacks', frame, snapshot)?.name ?? stackOf(ofService?.Spec.Labels);
  if (ofService) Object.assign(vars, {SERVICE: ofService.Spec.Name, SERVICE_ID: ofService.ID});
  if (entry) {
    vars.TASK = taskName(entry.task, index);
    vars.TASK_ID = entry.task.ID;
    const container = entry.task.Status.ContainerStatus?.ContainerID;
    if (container) vars.CONTAINER_ID = container;
  }
  if (node) Object.assign(vars, {NODE: nodeName(node), NODE_ID: node.ID});
  if (stack) vars.STACK = stack;
  vars.NAME = vars.TASK ?? vars.SERVICE ?? vars.NODE ?? vars.STACK ?? selectedRowName(frame, snapshot) ?? '';
  return vars;
}

function selectedRowName(frame: Frame, snapshot: SwarmSnapshot): string | undefined {
  const network = selectedRow('networks', frame, snapshot);
  if (network) return network.network.Name;
  return selectedRow('secrets', frame, snapshot)?.object.Spec.Name ?? selectedRow('configs', frame, snapshot)?.object.Spec.Name;
}

const VARIABLE = /\$(?:\{([A-Z_][A-Z0-9_]*)\}|([A-Z_][A-Z0-9_]*))/g;
// C0, DEL and C1: a value holding one could end a line or steer a terminal the plugin writes to.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/** `$NAME` and `${NAME}` in an argument, replaced by the variable's value (empty when unset). */
export function expandArgument(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(VARIABLE, (_, braced: string | undefined, bare: string | undefined) => vars[(braced ?? bare)!] ?? '');
}

/**
 * A plugin's args with the variables filled in, or why not. Values come from the swarm (a node's
 * hostname, a stack label), so one that starts with `-` would be read as an option (`ssh $NODE`
 * given `-oProxyCommand=…`): refused, unless its arg comes after a literal `--` arg, where the
 * command reads operands only. A value holding a control character is refused everywhere.
 */
export function expandPluginArgs(args: readonly string[], vars: Record<string, string | undefined>): {args: string[]} | {refused: string} {
  const expanded: string[] = [];
  let afterDashes = false;
  for (const arg of args) {
    for (const [, braced, bare] of arg.matchAll(VARIABLE)) {
      const name = (braced ?? bare)!;
      if (CONTROL.test(vars[name] ?? '')) return {refused: `$${name} holds a control character`};
    }
    const value = expandArgument(arg, vars);
    if (!afterDashes && value.startsWith('-') && !arg.startsWith('-')) {
      // The arg starts with a variable (literal text would come first otherwise): the first one with a value made the dash.
      const culprit = [...arg.matchAll(VARIABLE)].map(([, braced, bare]) => (braced ?? bare)!).find(name => vars[name]);
      return {refused: `$${culprit ?? '?'} starts with "-", which ${arg} would pass as an option (put it after a "--" arg)`};
    }
    if (arg === '--') afterDashes = true;
    expanded.push(value);
  }
  return {args: expanded};
}

/** The last non-empty line of what a command wrote to stderr, for the status line. */
function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop()?.trim() ?? '';
}

function launch(ui: UiStore, plugin: Plugin, host: PluginHost, variables: Record<string, string>, args: readonly string[]): void {
  const env = {...process.env, ...variables};
  // Through the shell, as $EDITOR is: `command` may be a pipeline or carry its own flags.
  const argv = ['-c', `${plugin.command} "$@"`, plugin.name, ...args];
  if (!plugin.background) {
    const result = host.suspend(() => spawnSync(host.shell, argv, {stdio: 'inherit', env}));
    if (result.error) flash(ui, `plugin ${plugin.name} failed: ${result.error.message}`, 'error');
    else if (result.status !== 0) flash(ui, `plugin ${plugin.name} failed: ${plugin.command} exited with ${result.status ?? result.signal}`, 'error');
    else flash(ui, `plugin ${plugin.name} done`, 'ok');
    return;
  }
  let stderr = '';
  const child = spawn(host.shell, argv, {stdio: ['ignore', 'ignore', 'pipe'], env});
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  child.on('error', error => flash(ui, `plugin ${plugin.name} failed: ${error.message}`, 'error'));
  child.on('close', (code, signal) => {
    if (code === 0) {
      flash(ui, `plugin ${plugin.name} done`, 'ok');
      return;
    }
    const why = lastLine(stderr);
    flash(ui, `plugin ${plugin.name} failed: ${plugin.command} exited with ${code ?? signal}${why ? `: ${why}` : ''}`, 'error');
  });
  flash(ui, `plugin ${plugin.name} started`);
}

/** The plugin bound to the pressed key: asks first when it says so, then runs. */
export function runPluginAction(ui: UiStore, name: string, snapshot: SwarmSnapshot | undefined, host: PluginHost | undefined, readOnly: boolean): void {
  const plugin = pluginNamed(name);
  if (!plugin || !host) {
    flash(ui, `plugin ${name} cannot run here`, 'warn');
    return;
  }
  if (readOnly && plugin.dangerous) {
    flash(ui, `read-only: plugin ${plugin.name} is dangerous, so it is off`, 'warn');
    return;
  }
  const vars = pluginVariables(topFrame(ui.getState().stack), snapshot);
  const dockerHost = host.dockerHost();
  if (typeof dockerHost === 'string') return void runWith(ui, plugin, host, vars, dockerHost);
  dockerHost.then(
    url => runWith(ui, plugin, host, vars, url),
    (error: unknown) =>
      flash(ui, `plugin ${plugin.name} not run: no read-only engine for it: ${error instanceof Error ? error.message : String(error)}`, 'error'),
  );
}

function runWith(ui: UiStore, plugin: Plugin, host: PluginHost, vars: PluginVariables, dockerHost: string): void {
  const variables: Record<string, string> = {...vars, DOCKER_HOST: dockerHost, CONTEXT: host.context()};
  const filled = expandPluginArgs(plugin.args, variables);
  if ('refused' in filled) {
    flash(ui, `plugin ${plugin.name} not run: ${filled.refused}`, 'error');
    return;
  }
  if (!plugin.confirm) {
    launch(ui, plugin, host, variables, filled.args);
    return;
  }
  openDialog(ui, {
    kind: 'confirm',
    question: `Run plugin "${plugin.name}"${vars.NAME ? ` on ${vars.NAME}` : ''}?`,
    details: [plugin.description, [plugin.command, ...filled.args].join(' ')],
    tone: plugin.dangerous ? 'error' : 'warn',
    confirm: () => launch(ui, plugin, host, variables, filled.args),
  });
}
