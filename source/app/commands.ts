// The `:` prompt. Panes answer to the names their descriptors give; the few
// commands that are not panes are listed here, each with what it does.

import type {SwarmSnapshot} from '../docker/types.js';
import {switchTo} from '../shell/navigation.js';
import {type UiStore, flash} from '../shell/ui-store.js';
import {openSwarmScreen} from '../views/document/swarm-document.js';
import {paneByAlias, paneCommands} from '../views/panes/registry.js';

export interface CommandContext {
  quit: () => void;
  snapshot?: () => SwarmSnapshot | undefined;
  readOnly?: boolean;
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
  {names: ['help', '?'], suggested: false, run: ui => ui.setState({mode: 'help'})},
  {names: ['quit', 'q', 'q!'], suggested: false, run: (_ui, context) => context.quit()},
];

/** What the empty `:` prompt shows: every pane and command by its first name. */
export const COMMAND_HELP = [...paneCommands, ...commands.map(command => command.names[0]!)].join(' · ');

function unknownCommandText(command: string): string {
  const offered = [...paneCommands, ...commands.filter(candidate => candidate.suggested).map(candidate => candidate.names[0]!)].map(name => `:${name}`);
  return `unknown command :${command} — try ${offered.slice(0, -1).join(', ')} or ${offered[offered.length - 1]}`;
}

/** Runs what was typed at the `:` prompt. */
export function runCommand(ui: UiStore, text: string, context: CommandContext): void {
  const command = text.trim().replace(/^:/, '').toLowerCase();
  if (!command) return;
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
