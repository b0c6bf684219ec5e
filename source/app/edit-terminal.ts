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

const ALT_SCREEN_ON = '\u001B[?1049h';
const ALT_SCREEN_OFF = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';
const CLEAR_SCREEN = '\u001B[2J\u001B[H';

/**
 * Ink only rewrites the lines that changed since its last frame, and an editor
 * leaves the screen as it was: a width that shrinks makes Ink forget its last
 * frame and draw the next one whole, and the real width then redraws what differs.
 */
function repaintInk(stdout: NodeJS.WriteStream): void {
  const columns = stdout.columns;
  if (!columns || columns < 2) return;
  stdout.columns = columns - 1;
  stdout.emit('resize');
  stdout.columns = columns;
  stdout.emit('resize');
}

/** The process's terminal handed to an editor: the console's screen and raw mode off while it runs, then back and repainted. */
export const suspendProcessTerminal: TerminalSuspender = run => {
  const raw = process.stdin.isRaw;
  process.stdin.setRawMode?.(false);
  process.stdout.write(SHOW_CURSOR + ALT_SCREEN_OFF);
  try {
    return run();
  } finally {
    process.stdout.write(ALT_SCREEN_ON + CLEAR_SCREEN + HIDE_CURSOR);
    process.stdin.setRawMode?.(raw);
    repaintInk(process.stdout);
  }
};
