// aliases.yml, hotkeys.yml and plugins.yml: what a user adds to the keyboard
// and the `:` prompt. Plugins follow k9s's plugins.yml format.

import type {ViewKind} from '../../keymap/names.js';
import {objectPanes, paneByAlias} from '../../views/panes/registry.js';
import {type Entry, YamlFile} from './yaml-file.js';

export interface Alias {
  name: string;
  command: string;
  line: number;
}

export interface Hotkey {
  name: string;
  key: string;
  description: string;
  command: string;
  line: number;
}

export type PluginScope = Exclude<ViewKind, 'rollout'>;

export interface Plugin {
  name: string;
  key: string;
  description: string;
  /** The panes the plugin's key works on. */
  scopes: PluginScope[];
  command: string;
  args: string[];
  background: boolean;
  confirm: boolean;
  dangerous: boolean;
  file: string;
  line: number;
}

const COMMAND_NAME = /^[a-z][\w-]*$/i;

export function parseAliases(file: string, text: string): Alias[] {
  const yaml: YamlFile = new YamlFile(file, text);
  const top = yaml.entries(yaml.root, '');
  yaml.rejectUnknown(top, ['aliases']);
  const aliases: Alias[] = [];
  for (const entry of yaml.entries(top[0]?.node ?? null, 'aliases')) {
    if (!COMMAND_NAME.test(entry.key)) yaml.fail(entry.line, entry.path, 'an alias is one word: letters, digits, - and _');
    const command = yaml.string(entry).trim().replace(/^:/, '');
    if (command.split(/\s+/)[0]!.toLowerCase() === entry.key.toLowerCase()) yaml.fail(entry.line, entry.path, 'an alias cannot stand for itself');
    aliases.push({name: entry.key.toLowerCase(), command, line: entry.line});
  }
  return aliases;
}

/**
 * A key as written in k9s files ("Shift-D", "Ctrl-T", "x") in the names
 * bindings use ("D", "ctrl-t", "x"); undefined for one that cannot be typed here.
 */
export function normaliseShortcut(text: string): string | undefined {
  const trimmed = text.trim();
  const match = /^(shift|ctrl)-(.)$/i.exec(trimmed);
  if (match) {
    const [, modifier, character] = match as unknown as [string, string, string];
    if (!/^[a-z]$/i.test(character)) return undefined;
    return modifier.toLowerCase() === 'shift' ? character.toUpperCase() : `ctrl-${character.toLowerCase()}`;
  }
  if ([...trimmed].length === 1 && /^[\x21-\x7e]$/.test(trimmed)) return trimmed;
  return undefined;
}

function shortcut(yaml: YamlFile, entry: Entry): string {
  const text = yaml.string(entry);
  const key = normaliseShortcut(text);
  if (!key) yaml.fail(entry.line, entry.path, `"${text}" is not a key swarmtop can bind: use one character, Shift-<letter> or Ctrl-<letter>`);
  if (['ctrl-c', 'ctrl-m', 'ctrl-i', 'ctrl-h', 'ctrl-j', 'ctrl-[', ':', '/', '?', 'q'].includes(key)) {
    yaml.fail(entry.line, entry.path, `${text} is kept for swarmtop itself`);
  }
  return key;
}

const HOTKEY_KEYS = ['shortCut', 'description', 'command', 'keepHistory'] as const;

export function parseHotkeys(file: string, text: string): Hotkey[] {
  const yaml: YamlFile = new YamlFile(file, text);
  const top = yaml.entries(yaml.root, '');
  yaml.rejectUnknown(top, ['hotKeys', 'hotkeys']);
  const hotkeys: Hotkey[] = [];
  for (const entry of top.flatMap(section => yaml.entries(section.node, section.key))) {
    const fields = yaml.entries(entry.node, entry.path);
    yaml.rejectUnknown(fields, HOTKEY_KEYS);
    const field = (name: string) => fields.find(candidate => candidate.key === name);
    const key = field('shortCut');
    const command = field('command');
    if (!key) yaml.fail(entry.line, entry.path, 'needs a shortCut');
    if (!command) yaml.fail(entry.line, entry.path, 'needs a command');
    const description = field('description');
    hotkeys.push({
      name: entry.key,
      key: shortcut(yaml, key),
      command: yaml.string(command).trim().replace(/^:/, ''),
      description: description ? yaml.string(description) : `:${yaml.string(command).trim()}`,
      line: key.line,
    });
  }
  return hotkeys;
}

const PLUGIN_KEYS = ['shortCut', 'description', 'scopes', 'command', 'args', 'background', 'confirm', 'dangerous'] as const;
// Every pane that lists swarm objects: a new list's pane joins by its descriptor.
const ALL_SCOPES: PluginScope[] = objectPanes.filter((kind): kind is PluginScope => kind !== 'rollout');

function scopes(yaml: YamlFile, entry: Entry): PluginScope[] {
  const names = yaml.strings(entry);
  if (names.length === 0) yaml.fail(entry.line, entry.path, 'needs at least one pane');
  const found = new Set<PluginScope>();
  for (const name of names) {
    const lower = name.trim().toLowerCase();
    if (lower === 'all') return ALL_SCOPES;
    const view = paneByAlias(lower);
    if (!view || view === 'rollout') yaml.fail(entry.line, entry.path, `no pane is called "${name}" (use ${ALL_SCOPES.join(', ')} or all)`);
    found.add(view);
  }
  return [...found];
}

export function parsePlugins(file: string, text: string): Plugin[] {
  const yaml: YamlFile = new YamlFile(file, text);
  const top = yaml.entries(yaml.root, '');
  yaml.rejectUnknown(top, ['plugins']);
  const plugins: Plugin[] = [];
  for (const entry of yaml.entries(top[0]?.node ?? null, 'plugins')) {
    const fields = yaml.entries(entry.node, entry.path);
    yaml.rejectUnknown(fields, PLUGIN_KEYS);
    const field = (name: string) => fields.find(candidate => candidate.key === name);
    for (const required of ['shortCut', 'scopes', 'command']) {
      if (!field(required)) yaml.fail(entry.line, entry.path, `needs ${required}`);
    }
    const flag = (name: string) => {
      const found = field(name);
      return found ? yaml.boolean(found) : false;
    };
    const args = field('args');
    const description = field('description');
    plugins.push({
      name: entry.key,
      key: shortcut(yaml, field('shortCut')!),
      description: description ? yaml.string(description) : entry.key,
      scopes: scopes(yaml, field('scopes')!),
      command: yaml.string(field('command')!).trim(),
      args: args ? (args.node === null ? [] : yaml.strings(args)) : [],
      background: flag('background'),
      confirm: flag('confirm'),
      dangerous: flag('dangerous'),
      file,
      line: entry.line,
    });
  }
  // Two plugins on one key in one pane: the second would never run.
  for (const [index, plugin] of plugins.entries()) {
    const clash = plugins.slice(0, index).find(other => other.key === plugin.key && other.scopes.some(scope => plugin.scopes.includes(scope)));
    if (clash) yaml.fail(plugin.line, `plugins.${plugin.name}.shortCut`, `${plugin.key} is already plugin "${clash.name}"'s key on the same pane`);
  }
  return plugins;
}
