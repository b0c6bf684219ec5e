// What cli.tsx asks of the user's files: read them (a bad one ends the start
// with exit 2 and one line), lay the flags over them, and say where each value
// came from for --print-config.

import {terminalMessage} from '../../render/text.js';
import {ConfigFileError} from './config-error.js';
import {type FlagSettings, type UserConfig, effectiveSettings, loadUserConfig} from './load.js';
import {type SettingValues, type Settings, printSettings, settingValues} from './settings.js';

export interface StartupFlags {
  refresh?: number;
  readonly?: boolean;
  tail?: number;
  logLines?: number;
  printConfig?: boolean;
}

export interface StartupSettings {
  user: UserConfig;
  settings: Settings;
  values: SettingValues;
}

export async function startupSettings(
  flags: StartupFlags,
  fail: (message: string, code: number) => never,
  env: NodeJS.ProcessEnv,
  homeDir: string,
): Promise<StartupSettings> {
  let user: UserConfig;
  try {
    user = await loadUserConfig(env, homeDir);
    if (user.aliases.length || user.hotkeys.length || user.plugins.length) {
      const {installUserKeysChecked} = await import('../bindings.js');
      const hotkeysFile = user.files.find(file => /hotkeys\.ya?ml$/.test(file));
      installUserKeysChecked({aliases: user.aliases, hotkeys: user.hotkeys, plugins: user.plugins, hotkeysFile});
    }
    if (Object.keys(user.skin).length) {
      const {applySkin} = await import('../../ui/theme.js');
      applySkin(user.skin, process.stdout.isTTY ? process.stdout.getColorDepth() : 24);
    }
  } catch (error) {
    if (error instanceof ConfigFileError) fail(error.message, 2);
    throw error;
  }
  const given: FlagSettings = {};
  if (flags.refresh !== undefined) given.refresh = {value: flags.refresh, flag: '--refresh'};
  // --readonly can only turn read-only on; a file's `readonly: true` is not undone by leaving the flag out.
  if (flags.readonly) given.readonly = {value: true, flag: '--readonly'};
  if (flags.tail !== undefined) given.logTail = {value: flags.tail, flag: '--tail'};
  if (flags.logLines !== undefined) given.logLines = {value: flags.logLines, flag: '--log-lines'};
  const settings = effectiveSettings(user, given);
  if (flags.printConfig) {
    process.stdout.write(terminalMessage(printSettings(settings, user.files)));
    process.exit(0);
  }
  return {user, settings, values: settingValues(settings)};
}
