// skins/<name>.yml: a colour for each role the screen draws with.

import {SKIN_ROLES, type SkinColors, type SkinRole, isColorName} from '../../ui/theme.js';
import {YamlFile} from './yaml-file.js';

export function parseSkin(file: string, text: string): SkinColors {
  const yaml: YamlFile = new YamlFile(file, text);
  const top = yaml.entries(yaml.root, '');
  yaml.rejectUnknown(top, ['colors']);
  const colors: SkinColors = {};
  const entries = yaml.entries(top[0]?.node ?? null, 'colors');
  yaml.rejectUnknown(entries, SKIN_ROLES);
  for (const entry of entries) {
    const value = yaml.string(entry).trim();
    if (!isColorName(value)) {
      yaml.fail(entry.line, entry.path, `"${value}" is not a colour: use a name (red, cyan, gray, blueBright…), #rrggbb, or default`);
    }
    colors[entry.key as SkinRole] = value;
  }
  return colors;
}
