// The real editor: the spec in a private temporary file, $VISUAL or $EDITOR
// (else vi) run on the terminal while the console steps aside, and the file
// read back and removed.

import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {TextEditor} from './edit.js';

/** Gives the terminal to `run` (an editor) and takes it back, repainting the console. */
export type TerminalSuspender = <T>(run: () => T) => T;

export function editorCommand(env: NodeJS.ProcessEnv): string {
  return env['VISUAL']?.trim() || env['EDITOR']?.trim() || 'vi';
}

export function terminalEditor(suspend: TerminalSuspender, env: NodeJS.ProcessEnv = process.env): TextEditor {
  return {
    edit(text, name) {
      const directory = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-edit-'));
      const file = path.join(directory, `${name.replace(/[^\w.-]+/g, '_') || 'service'}.yaml`);
      try {
        writeFileSync(file, text, {mode: 0o600});
        // Through the shell, as git does, so "code --wait" or "emacs -nw" work as set.
        const command = editorCommand(env);
        const result = suspend(() => spawnSync('/bin/sh', ['-c', `${command} "$1"`, 'swarmtop-editor', file], {stdio: 'inherit'}));
        if (result.error) return {error: result.error.message};
        if (result.status !== 0) return {error: `${command} exited with ${result.status ?? result.signal}`};
        return {text: readFileSync(file, 'utf8')};
      } finally {
        rmSync(directory, {recursive: true, force: true});
      }
    },
  };
}
