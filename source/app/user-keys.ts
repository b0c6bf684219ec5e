// The user's additions to the keyboard and the `:` prompt (aliases.yml,
// hotkeys.yml, plugins.yml), put in force once at startup. A key that would
// shadow one of swarmtop's own is refused there, naming the file and line.

import type {Binding} from '../keymap/keymap.js';
import type {ViewKind} from '../keymap/names.js';
import {ConfigFileError} from './config/config-error.js';
import type {Alias, Hotkey, Plugin} from './config/parse-keys.js';

export interface UserKeys {
  aliases: readonly Alias[];
  hotkeys: readonly Hotkey[];
  plugins: readonly Plugin[];
  /** Where hotkeys.yml is, for messages. */
  hotkeysFile?: string;
}

let installed: UserKeys = {aliases: [], hotkeys: [], plugins: []};

export function installUserKeys(keys: UserKeys): void {
  installed = keys;
}

export function installedUserKeys(): UserKeys {
  return installed;
}

export function aliasCommand(name: string): string | undefined {
  return installed.aliases.find(alias => alias.name === name)?.command;
}

export function pluginNamed(name: string): Plugin | undefined {
  return installed.plugins.find(plugin => plugin.name === name);
}

/** A hint word for the bar: the plugin's name, cut short. */
function hintWord(name: string): string {
  return name.length > 12 ? `${name.slice(0, 11)}…` : name;
}

/** The user's keys on pane `view`: hotkeys everywhere, plugins on their scopes; dangerous ones are marked so read-only mode hides them. */
export function userBindings(view: ViewKind): Binding[] {
  const plugins = installed.plugins
    .filter(plugin => (plugin.scopes as readonly ViewKind[]).includes(view))
    .map<Binding>(plugin => ({
      keys: [plugin.key],
      description: `${plugin.description}${plugin.background ? '' : ' (runs in the terminal)'}`,
      action: {type: 'plugin', name: plugin.name},
      group: 'Plugins',
      dangerous: plugin.dangerous,
      readOnlyReason: `runs the dangerous plugin "${plugin.name}"`,
      hint: hintWord(plugin.name),
    }));
  const hotkeys = installed.hotkeys.map<Binding>(hotkey => ({
    keys: [hotkey.key],
    description: hotkey.description,
    action: {type: 'run', command: hotkey.command},
    group: 'Views',
  }));
  return [...plugins, ...hotkeys];
}

/**
 * Refuses user keys that clash with swarmtop's own on a pane where both would
 * apply (the built-in one would silently win), and hotkeys that clash with plugins.
 */
export function checkUserKeys(keys: UserKeys, builtIn: (view: ViewKind) => readonly Binding[], views: readonly ViewKind[]): void {
  for (const view of views) {
    const taken = builtIn(view);
    const owner = (key: string) => taken.find(binding => binding.keys.includes(key));
    for (const plugin of keys.plugins.filter(candidate => (candidate.scopes as readonly ViewKind[]).includes(view))) {
      const clash = owner(plugin.key);
      if (clash)
        throw new ConfigFileError(plugin.file, plugin.line, `plugins.${plugin.name}.shortCut`, `${plugin.key} is already "${clash.description}" on ${view}`);
    }
    for (const hotkey of keys.hotkeys) {
      const clash = owner(hotkey.key) ?? keys.plugins.find(plugin => plugin.key === hotkey.key && (plugin.scopes as readonly ViewKind[]).includes(view));
      if (clash) {
        const what = 'action' in clash ? clash.description : `plugin "${clash.name}"`;
        throw new ConfigFileError(
          keys.hotkeysFile ?? 'hotkeys.yml',
          hotkey.line,
          `hotKeys.${hotkey.name}.shortCut`,
          `${hotkey.key} is already "${what}" on ${view}`,
        );
      }
    }
  }
}
