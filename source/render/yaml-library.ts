// The YAML library, loaded the first time a YAML document or an edit needs it:
// most sessions never open one, and a console's first frame shouldn't wait for it.
// The bundle (scripts/bundle.mjs) swaps this file for a plain require(), so the
// library is inlined there and still evaluated only on first use.
import {createRequire} from 'node:module';
import type * as Yaml from 'yaml';

type YamlLibrary = typeof Yaml;

const requireHere = createRequire(import.meta.url);
let library: YamlLibrary | undefined;

export function yamlLibrary(): YamlLibrary {
  library ??= requireHere('yaml') as YamlLibrary;
  return library;
}
