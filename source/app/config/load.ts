// Finding and reading the user's files in $XDG_CONFIG_HOME/swarmtop (else
// ~/.config/swarmtop). The YAML parser is loaded only when one of them exists,
// so a console without any keeps its startup as it was.

import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {ConfigFileError} from './config-error.js';
import type {FileSettings} from './parse-config.js';
import type {Alias, Hotkey, Plugin} from './parse-keys.js';
import {type Settings, type SettingName, type SettingValues, defaultSettings, overrideSetting} from './settings.js';
import type {SkinColors} from '../../ui/theme.js';

export interface UserConfig {
  dir: string;
  /** The files read, in full paths. */
  files: string[];
  settings: FileSettings;
  /** config.yml's path, for saying where a setting came from. */
  configFile: string;
  aliases: Alias[];
  hotkeys: Hotkey[];
  plugins: Plugin[];
  skin: SkinColors;
}

export function configDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  const xdg = env['XDG_CONFIG_HOME']?.trim();
  // The XDG spec ignores a relative path.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(homeDir, '.config');
  return path.join(base, 'swarmtop');
}

/** The file's text, or undefined when there is none; anything else unreadable is an error naming it. */
function readIfPresent(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) throw new ConfigFileError(file, undefined, undefined, 'is not a file');
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigFileError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigFileError(file, undefined, undefined, `cannot be read: ${(error as Error).message}`);
  }
}

function firstPresent(dir: string, base: string): {file: string; text: string} | undefined {
  for (const extension of ['yml', 'yaml']) {
    const file = path.join(dir, `${base}.${extension}`);
    const text = readIfPresent(file);
    if (text !== undefined) return {file, text};
  }
  return undefined;
}

/** Reads every user file there is; throws ConfigFileError (file:line: key: problem) for the first bad one. */
export async function loadUserConfig(env: NodeJS.ProcessEnv, homeDir: string): Promise<UserConfig> {
  const dir = configDir(env, homeDir);
  const config = firstPresent(dir, 'config');
  const aliases = firstPresent(dir, 'aliases');
  const hotkeys = firstPresent(dir, 'hotkeys');
  const plugins = firstPresent(dir, 'plugins');
  const result: UserConfig = {
    dir,
    files: [],
    settings: {},
    configFile: config?.file ?? path.join(dir, 'config.yml'),
    aliases: [],
    hotkeys: [],
    plugins: [],
    skin: {},
  };
  if (!config && !aliases && !hotkeys && !plugins) return result;
  const [{parseConfig}, keys] = await Promise.all([import('./parse-config.js'), import('./parse-keys.js')]);
  if (config) result.settings = parseConfig(config.file, config.text);
  if (aliases) result.aliases = keys.parseAliases(aliases.file, aliases.text);
  if (hotkeys) result.hotkeys = keys.parseHotkeys(hotkeys.file, hotkeys.text);
  if (plugins) result.plugins = keys.parsePlugins(plugins.file, plugins.text);
  result.files = [config, aliases, hotkeys, plugins].flatMap(found => (found ? [found.file] : []));
  const skinName = result.settings.skin?.value;
  if (skinName) {
    const skin = firstPresent(path.join(dir, 'skins'), skinName);
    if (!skin) {
      throw new ConfigFileError(
        result.configFile,
        result.settings.skin?.line,
        'skin',
        `no skin "${skinName}": ${path.join(dir, 'skins', `${skinName}.yml`)} does not exist`,
      );
    }
    const {parseSkin} = await import('./parse-skin.js');
    result.skin = parseSkin(skin.file, skin.text);
    result.files.push(skin.file);
  }
  return result;
}

export type FlagSettings = Partial<{[K in SettingName]: {value: SettingValues[K]; flag: string}}>;

/** Defaults, then the file, then flags: each setting with where it came from. */
export function effectiveSettings(user: UserConfig, flags: FlagSettings): Settings {
  const settings = defaultSettings();
  const fileName = path.basename(user.configFile);
  for (const [name, entry] of Object.entries(user.settings) as Array<[SettingName, {value: never; line: number}]>) {
    overrideSetting(settings, name, entry.value, `${fileName}:${entry.line}`);
  }
  for (const [name, entry] of Object.entries(flags) as Array<[SettingName, {value: never; flag: string} | undefined]>) {
    if (entry) overrideSetting(settings, name, entry.value, entry.flag);
  }
  return settings;
}
