// Labels as an operator types them for a new secret or config: `env=prod, team=db`.

import type {Parsed} from './validation.js';

export function parseLabelList(input: string): Parsed<Record<string, string>> {
  const labels: Record<string, string> = {};
  for (const piece of input.split(',')) {
    const text = piece.trim();
    if (!text) continue;
    const equals = text.indexOf('=');
    const key = (equals === -1 ? text : text.slice(0, equals)).trim();
    if (!key) return {ok: false, error: `"${text}" has no key: write labels as key=value, separated by commas`};
    if (/\s/.test(key)) return {ok: false, error: `label key "${key}" has a space in it`};
    if (key in labels) return {ok: false, error: `label ${key} is given twice`};
    labels[key] = equals === -1 ? '' : text.slice(equals + 1).trim();
  }
  return {ok: true, value: labels};
}
