// Where a new secret's or config's content comes from: a file the operator names,
// or $EDITOR on a private file. It is read at the last moment, just before it is
// sent, as bytes (a Buffer the sender zeroes), never as a string, and never shown.

import {closeSync, fstatSync, openSync, readSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {MAX_STORED_BYTES, type StoredKind, storedContentProblem} from '../docker/stored-objects.js';
import type {TextEditor} from './edit.js';

export type ContentRead = {ok: true; content: Buffer} | {ok: false; error: string; field?: 'file'};

/** `~/x` and relative paths as a shell would take them, from the console's working directory. */
export function expandPath(input: string, home = os.homedir()): string {
  const text = input.trim();
  if (text === '~' || text.startsWith('~/')) return path.join(home, text.slice(1));
  return path.resolve(text);
}

/** The file's bytes, refused (with the reason) when it is not a regular file or too big for the engine. */
export function readContentFile(input: string, kind: StoredKind): ContentRead {
  const file = expandPath(input);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, 'r');
    const stat = fstatSync(descriptor);
    if (!stat.isFile()) return {ok: false, field: 'file', error: `${file} is not a regular file`};
    if (stat.size >= MAX_STORED_BYTES[kind])
      return {ok: false, field: 'file', error: `${file} is ${stat.size} bytes: a ${kind} must be under ${MAX_STORED_BYTES[kind] / 1024} KiB`};
    const content = Buffer.alloc(stat.size);
    let read = 0;
    while (read < content.length) {
      const count = readSync(descriptor, content, read, content.length - read, read);
      if (count === 0) break;
      read += count;
    }
    return checked(read === content.length ? content : content.subarray(0, read), kind);
  } catch (error) {
    return {
      ok: false,
      field: 'file',
      error: (error as NodeJS.ErrnoException).code === 'ENOENT' ? `no file ${file}` : String((error as Error).message ?? error),
    };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

function checked(content: Buffer, kind: StoredKind): ContentRead {
  const problem = storedContentProblem(content, kind);
  if (!problem) return {ok: true, content};
  content.fill(0);
  return {ok: false, error: `${problem}: nothing was sent`};
}

/** Content from the form's file field, or, left blank, from $EDITOR starting from `initial`. */
export function readContent(
  fileField: string,
  kind: StoredKind,
  name: string,
  editor: TextEditor | undefined,
  initial: Uint8Array = new Uint8Array(),
): ContentRead {
  if (fileField.trim()) {
    initial.fill(0);
    return readContentFile(fileField, kind);
  }
  if (!editor?.editContent) {
    initial.fill(0);
    return {ok: false, field: 'file', error: 'no terminal to run $EDITOR in here: name a file'};
  }
  const edited = editor.editContent(initial, name);
  if ('error' in edited) return {ok: false, error: `could not run the editor: ${edited.error}`};
  return checked(edited.content, kind);
}
