// The settings swarmtop runs with, each with where it came from: a built-in
// default, the config file (with its line) or a command-line flag. Flags win
// over the file, the file over the defaults.

import type {ViewKind} from '../../keymap/names.js';

export interface SettingValues {
  refresh: number;
  readonly: boolean;
  view: ViewKind;
  logTail: number;
  logLines: number;
  logTimestamps: boolean;
  logWrap: boolean;
  /** Where nodes are reached for their own daemons (ssh transport); passed on, not used here. */
  nodesVia: string;
  /** The shell plugin commands run through. */
  shell: string;
  /** The skin's name: `skins/<name>.yml` beside the config file; empty is the built-in colours. */
  skin: string;
  /** A rollout started elsewhere opens its view instead of a status-line notice. */
  followRollouts: boolean;
}

export type SettingName = keyof SettingValues;

export interface Sourced<T> {
  value: T;
  /** "default", "config.yml:3" or "--refresh". */
  from: string;
}

export type Settings = {[K in SettingName]: Sourced<SettingValues[K]>};

export const DEFAULT_SETTINGS: SettingValues = {
  refresh: 2,
  readonly: false,
  view: 'services',
  logTail: 200,
  logLines: 5000,
  logTimestamps: false,
  logWrap: false,
  nodesVia: '',
  shell: '/bin/sh',
  skin: '',
  followRollouts: false,
};

/** How each setting is spelled in config.yml, for --print-config and error messages. */
export const SETTING_KEYS: {[K in SettingName]: string} = {
  refresh: 'refresh',
  readonly: 'readonly',
  view: 'view',
  logTail: 'logs.tail',
  logLines: 'logs.lines',
  logTimestamps: 'logs.timestamps',
  logWrap: 'logs.wrap',
  nodesVia: 'nodesVia',
  shell: 'shell',
  skin: 'skin',
  followRollouts: 'followRollouts',
};

export function defaultSettings(): Settings {
  const settings = {} as Record<SettingName, Sourced<unknown>>;
  for (const name of Object.keys(DEFAULT_SETTINGS) as SettingName[]) settings[name] = {value: DEFAULT_SETTINGS[name], from: 'default'};
  return settings as Settings;
}

export function overrideSetting<K extends SettingName>(settings: Settings, name: K, value: SettingValues[K], from: string): void {
  (settings as Record<SettingName, Sourced<unknown>>)[name] = {value, from};
}

export function settingValues(settings: Settings): SettingValues {
  const values = {} as Record<SettingName, unknown>;
  for (const name of Object.keys(settings) as SettingName[]) values[name] = settings[name].value;
  return values as SettingValues;
}

/** `--print-config`: one line per setting, its value and where it came from. */
export function printSettings(settings: Settings, files: readonly string[]): string {
  const rows = (Object.keys(settings) as SettingName[]).map(name => {
    const value = settings[name].value;
    const shown = typeof value === 'string' ? (value === '' ? '""' : value) : String(value);
    return [SETTING_KEYS[name], shown, settings[name].from] as const;
  });
  const keyWidth = Math.max(...rows.map(row => row[0].length));
  const valueWidth = Math.max(...rows.map(row => row[1].length));
  const lines = rows.map(([key, value, from]) => `${key.padEnd(keyWidth)}  ${value.padEnd(valueWidth)}  ${from}`);
  const read = files.length ? files.map(file => `# read ${file}`) : ['# no config files found'];
  return [...read, ...lines].join('\n') + '\n';
}
