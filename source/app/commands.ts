// The `:` prompt. Panes answer to the names their descriptors give; the few
// commands that are not panes are listed here, each with what it does.

import type {SwarmSnapshot} from '../docker/types.js';
import {switchTo} from '../shell/navigation.js';
import {type UiStore, flash} from '../shell/ui-store.js';
import {openSwarmScreen} from '../views/document/swarm-document.js';
import {paneByAlias, paneCommands, panes} from '../views/panes/registry.js';
import {aliasCommand, installedUserKeys} from './user-keys.js';
import {type ContextHost, openContexts} from './contexts.js';

const paneNames = Object.values(panes).flatMap(pane => pane.aliases);

export interface CommandContext {
  quit: () => void;
  snapshot?: () => SwarmSnapshot | undefined;
  readOnly?: boolean;
  /** The docker contexts `:ctx` lists and switches between. */
  contexts?: ContextHost;
}

interface Command {
  names: readonly string[];
  /** Offered in the unknown-command message, beside the panes; help and quit go without saying. */
  suggested: boolean;
  run(ui: UiStore, context: CommandContext): void;
}

const commands: readonly Command[] = [
  {
    names: ['swarm', 'sw'],
    suggested: true,
    run: (ui, context) => {
      if (context.snapshot) openSwarmScreen(ui, context.snapshot, context.readOnly ?? false);
    },
  },
  {names: ['ctx', 'contexts', 'context'], suggested: false, run: (ui, context) => openContexts(ui, context.contexts)},
  {names: ['help', '?'], suggested: false, run: ui => ui.setState({mode: 'help'})},
  {names: ['quit', 'q', 'q!'], suggested: false, run: (_ui, context) => context.quit()},
];

/** What the empty `:` prompt shows: every pane and command by its first name. */
export const COMMAND_HELP = [...paneCommands, ...commands.map(command => command.names[0]!)].join(' · ');

function unknownCommandText(command: string): string {
  const offered = [...paneCommands, ...commands.filter(candidate => candidate.suggested).map(candidate => candidate.names[0]!)].map(name => `:${name}`);
  return `unknown command :${command} — try ${offered.slice(0, -1).join(', ')} or ${offered[offered.length - 1]}`;
}

/** Every name the `:` prompt answers to, for Tab: panes, commands and the user's aliases. */
export function commandNames(): string[] {
  const names = [...paneNames, ...commands.flatMap(command => command.names), ...installedUserKeys().aliases.map(alias => alias.name)];
  return [...new Set(names.filter(name => /^[a-z]/.test(name)))].sort();
}

/**
 * Tab at the `:` prompt: the one name that starts with what was typed, or as
 * much as all such names share; with several, `choices` lists them.
 */
export function completeCommand(text: string, names: readonly string[] = commandNames()): {text: string; choices: string[]} {
  const typed = text.trimStart().toLowerCase();
  if (typed.includes(' ')) return {text, choices: []};
  const choices = names.filter(name => name.startsWith(typed));
  if (choices.length === 0) return {text, choices: []};
  if (choices.length === 1) return {text: choices[0]!, choices: []};
  let shared = choices[0]!;
  for (const choice of choices) while (!choice.startsWith(shared)) shared = shared.slice(0, -1);
  return {text: shared.length > typed.length ? shared : text, choices};
}

const HISTORY_LIMIT = 100;
const history: string[] = [];

/** Commands run at the prompt, oldest first (↑ at the prompt walks back through them). */
export function commandHistory(): readonly string[] {
  return history;
}

export function rememberCommand(text: string): void {
  const trimmed = text.trim();
  if (!trimmed) return;
  const existing = history.indexOf(trimmed);
  if (existing !== -1) history.splice(existing, 1);
  history.push(trimmed);
  if (history.length > HISTORY_LIMIT) history.shift();
}

/** Runs what was typed at the `:` prompt. */
export function runCommand(ui: UiStore, text: string, context: CommandContext): void {
  const typed = text.trim().replace(/^:/, '').toLowerCase();
  if (!typed) return;
  // An alias stands for a command (one level: an alias of an alias is not followed, so none can loop).
  const command = aliasCommand(typed)?.toLowerCase() ?? typed;
  const found = commands.find(candidate => candidate.names.includes(command));
  if (found) {
    found.run(ui, context);
    return;
  }
  const view = paneByAlias(command);
  if (!view) {
    flash(ui, unknownCommandText(command), 'error');
    return;
  }
  ui.setState(state => ({stack: switchTo(state.stack, view)}));
}
