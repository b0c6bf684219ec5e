// config.yml: the settings a user keeps, each checked with its line.

import {objectPanes, paneByAlias} from '../../views/panes/registry.js';
import type {SettingName, SettingValues} from './settings.js';
import {type Entry, YamlFile} from './yaml-file.js';

export type FileSettings = Partial<{[K in SettingName]: {value: SettingValues[K]; line: number}}>;

const TOP_KEYS = ['refresh', 'readonly', 'view', 'logs', 'nodesVia', 'shell', 'skin', 'followRollouts'] as const;
const LOG_KEYS = ['tail', 'lines', 'timestamps', 'wrap'] as const;

export function parseConfig(file: string, text: string): FileSettings {
  const yaml: YamlFile = new YamlFile(file, text);
  const result: FileSettings = {};
  const set = <K extends SettingName>(name: K, value: SettingValues[K], entry: Entry) => {
    (result as Record<string, unknown>)[name] = {value, line: entry.line};
  };
  const entries = yaml.entries(yaml.root, '');
  yaml.rejectUnknown(entries, TOP_KEYS);
  for (const entry of entries) {
    switch (entry.key as (typeof TOP_KEYS)[number]) {
      case 'refresh':
        set('refresh', yaml.number(entry, {min: 0.5, max: 3600, unit: 'seconds'}), entry);
        break;
      case 'readonly':
        set('readonly', yaml.boolean(entry), entry);
        break;
      case 'view': {
        const name = yaml.string(entry).trim().toLowerCase();
        const view = paneByAlias(name);
        if (!view || view === 'rollout') yaml.fail(entry.line, entry.path, `no pane is called "${name}" (try ${objectPanes.join(', ')})`);
        set('view', view, entry);
        break;
      }
      case 'logs': {
        const logEntries = yaml.entries(entry.node, entry.path);
        yaml.rejectUnknown(logEntries, LOG_KEYS);
        for (const log of logEntries) {
          if (log.key === 'tail') set('logTail', yaml.number(log, {min: 0, max: 1_000_000, whole: true, unit: 'lines'}), log);
          if (log.key === 'lines') set('logLines', yaml.number(log, {min: 100, max: 1_000_000, whole: true, unit: 'lines'}), log);
          if (log.key === 'timestamps') set('logTimestamps', yaml.boolean(log), log);
          if (log.key === 'wrap') set('logWrap', yaml.boolean(log), log);
        }
        break;
      }
      case 'nodesVia':
        set('nodesVia', yaml.string(entry), entry);
        break;
      case 'shell':
        set('shell', yaml.string(entry), entry);
        break;
      case 'skin': {
        const skin = yaml.string(entry).trim();
        if (!/^[\w.-]+$/.test(skin) || skin.startsWith('.'))
          yaml.fail(entry.line, entry.path, `a skin is named by its file in skins/, letters, digits, . _ - (got "${skin}")`);
        set('skin', skin, entry);
        break;
      }
      case 'followRollouts':
        set('followRollouts', yaml.boolean(entry), entry);
        break;
    }
  }
  return result;
}
