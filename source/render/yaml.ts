import {yamlLibrary} from './yaml-library.js';

/** The raw object as YAML, one string per line; the document screen makes each inert when drawing it. */
export function yamlLines(object: unknown): string[] {
  return yamlLibrary().stringify(object, {lineWidth: 0, aliasDuplicateObjects: false}).replace(/\n$/, '').split('\n');
}
