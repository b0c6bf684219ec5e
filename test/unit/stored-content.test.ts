// Where a new secret's content comes from: a named file (checked before anything
// is sent) or the editor; bytes either way, and what is refused says why.

import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import type {TextEditor} from '../../source/app/edit.js';
import {terminalEditor} from '../../source/app/edit-terminal.js';
import {expandPath, readContent, readContentFile} from '../../source/app/stored-content.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'stored-content-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('content for a new secret or config', () => {
  it('reads a file as bytes, exactly as saved', () => {
    const file = path.join(dir, 'pw');
    writeFileSync(file, Buffer.from([0x70, 0x77, 0x0a, 0x00, 0xff]));
    const read = readContentFile(file, 'secret');
    expect(read).toEqual({ok: true, content: Buffer.from([0x70, 0x77, 0x0a, 0x00, 0xff])});
  });

  it('refuses a missing file, a directory, an empty file and one too big for the engine, saying which', () => {
    expect(readContentFile(path.join(dir, 'nope'), 'secret')).toEqual({ok: false, field: 'file', error: `no file ${path.join(dir, 'nope')}`});
    mkdirSync(path.join(dir, 'sub'));
    expect(readContentFile(path.join(dir, 'sub'), 'config')).toEqual({ok: false, field: 'file', error: `${path.join(dir, 'sub')} is not a regular file`});
    writeFileSync(path.join(dir, 'empty'), '');
    expect(readContentFile(path.join(dir, 'empty'), 'secret')).toMatchObject({ok: false, error: expect.stringContaining('the secret is empty')});
    writeFileSync(path.join(dir, 'big'), Buffer.alloc(500 * 1024));
    expect(readContentFile(path.join(dir, 'big'), 'secret')).toMatchObject({ok: false, error: expect.stringContaining('must be under 500 KiB')});
    expect(readContentFile(path.join(dir, 'big'), 'config')).toMatchObject({ok: true});
  });

  it('expands ~ and relative paths as a shell would', () => {
    expect(expandPath('~/pw', '/home/op')).toBe('/home/op/pw');
    expect(expandPath(' pw ')).toBe(path.resolve('pw'));
  });

  it('runs the editor on the initial content when no file is named, and zeroes what it was given', () => {
    const seen: string[] = [];
    const editor: TextEditor = {
      edit: () => ({error: 'not this one'}),
      editContent: (initial, name) => {
        seen.push(`${name}: ${Buffer.from(initial).toString()}`);
        initial.fill(0);
        return {content: Buffer.from('new')};
      },
    };
    const initial = Buffer.from('old');
    expect(readContent('', 'config', 'app.v2', editor, initial)).toEqual({ok: true, content: Buffer.from('new')});
    expect(seen).toEqual(['app.v2: old']);
    expect([...initial]).toEqual([0, 0, 0]);
    // A named file wins, and the initial content is zeroed unused.
    const again = Buffer.from('old');
    writeFileSync(path.join(dir, 'f'), 'from-file');
    expect(readContent(path.join(dir, 'f'), 'config', 'app.v2', editor, again)).toEqual({ok: true, content: Buffer.from('from-file')});
    expect([...again]).toEqual([0, 0, 0]);
    expect(readContent('', 'secret', 'x', undefined)).toMatchObject({ok: false, field: 'file', error: expect.stringContaining('name a file')});
  });

  it('the terminal editor edits a private file starting from the initial bytes, and leaves no file behind', () => {
    const log = path.join(dir, 'editor.log');
    const script = path.join(dir, 'editor.sh');
    // Records what it was given and where, then saves new content.
    writeFileSync(script, `#!/bin/sh\ncat "$1" > ${log}; echo " $1" >> ${log}; stat -c %a "$1" >> ${log}; printf 'new' > "$1"\n`);
    chmodSync(script, 0o755);
    const initial = Buffer.from('old');
    const edited = terminalEditor(run => run(), {EDITOR: script}).editContent!(initial, 'db_password.v2');
    expect(edited).toEqual({content: Buffer.from('new')});
    expect([...initial]).toEqual([0, 0, 0]);
    const [given, mode] = readFileSync(log, 'utf8').trim().split('\n');
    const file = given!.slice('old '.length);
    expect(given).toMatch(/^old \/.*\/db_password\.v2$/);
    expect(mode).toBe('600');
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });
});
