// Tab in a form's path field: the longest path every entry of the directory that starts
// with what was typed shares (as a shell completes), a directory with its slash.

import {readdirSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `typed` completed as far as it is unambiguous; `typed` itself when nothing (or nothing more) fits. */
export function completePath(typed: string, cwd: string = process.cwd(), home: string = os.homedir()): string {
  const expanded = typed === '~' || typed.startsWith('~/') ? home + typed.slice(1) : typed;
  const slash = expanded.lastIndexOf('/');
  const dirPart = slash === -1 ? '' : expanded.slice(0, slash + 1);
  const stem = slash === -1 ? expanded : expanded.slice(slash + 1);
  let entries;
  try {
    entries = readdirSync(path.resolve(cwd, dirPart || '.'), {withFileTypes: true});
  } catch {
    return typed;
  }
  const fits = entries.filter(entry => entry.name.startsWith(stem) && (stem.startsWith('.') || !entry.name.startsWith('.')));
  if (fits.length === 0) return typed;
  let shared = fits[0]!.name;
  for (const entry of fits) while (!entry.name.startsWith(shared)) shared = shared.slice(0, -1);
  const only = fits.length === 1 ? fits[0]! : undefined;
  const tail = only?.isDirectory() ? '/' : '';
  // What was typed stays as typed (a leading ~ too): only the completion is added.
  return typed + shared.slice(stem.length) + tail;
}
