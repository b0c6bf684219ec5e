// The real editor: the spec in a private temporary file, $VISUAL or $EDITOR
// (else vi) run on the terminal while the console steps aside, and the file
// read back and removed.

import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {TextEditor} from './edit.js';

/** Gives the terminal to `run` (an editor) and takes it back, repainting the console. */
export type TerminalSuspender = <T>(run: () => T) => T;

export function editorCommand(env: NodeJS.ProcessEnv): string {
  return env['VISUAL']?.trim() || env['EDITOR']?.trim() || 'vi';
}

/** Runs the editor on a private copy of `initial` (zeroed once written) and reads back what was saved; the file is wiped, then removed. */
function editFile(suspend: TerminalSuspender, env: NodeJS.ProcessEnv, fileName: string, initial: string | Uint8Array): {content: Buffer} | {error: string} {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-edit-'));
  const file = path.join(directory, fileName.replace(/[^\w.-]+/g, '_') || 'swarmtop');
  try {
    writeFileSync(file, initial, {mode: 0o600});
    if (typeof initial !== 'string') initial.fill(0);
    // Through the shell, as git does, so "code --wait" or "emacs -nw" work as set.
    const command = editorCommand(env);
    const result = suspend(() => spawnSync('/bin/sh', ['-c', `${command} "$1"`, 'swarmtop-editor', file], {stdio: 'inherit'}));
    if (result.error) return {error: result.error.message};
    if (result.status !== 0) return {error: `${command} exited with ${result.status ?? result.signal}`};
    return {content: readFileSync(file)};
  } finally {
    // A secret written there should not stay on the disk's free blocks any longer than the editor needed it.
    try {
      writeFileSync(file, Buffer.alloc(statSync(file).size));
    } catch {
      // gone already, or never written: nothing to wipe
    }
    rmSync(directory, {recursive: true, force: true});
  }
}

export function terminalEditor(suspend: TerminalSuspender, env: NodeJS.ProcessEnv = process.env): TextEditor {
  return {
    edit(text, name) {
      const result = editFile(suspend, env, `${name || 'service'}.yaml`, text);
      return 'error' in result ? result : {text: result.content.toString('utf8')};
    },
    editContent(initial, name) {
      return editFile(suspend, env, name, initial);
    },
  };
}

/** Ink's hand-over of the terminal (`useApp().suspendTerminal`), once the console is drawn. */
type InkSuspend = (callback: () => void) => Promise<void>;

let processSuspender: TerminalSuspender | undefined;

/** Called by render-app.tsx with the drawn console's Ink hand-over (and with nothing when it unmounts). */
export function handTerminalThrough(suspend: InkSuspend | undefined): void {
  processSuspender = suspend ? synchronousSuspender(suspend) : undefined;
}

/**
 * A synchronous suspender over Ink's `suspendTerminal(callback)`: Ink erases its frame,
 * leaves the alternate screen and turns raw mode off, then calls `callback` at once, before
 * its first await (so the editor runs and returns inside this call); it takes the terminal
 * back and repaints the whole frame afterwards, on its own. Asked again before Ink has
 * taken it back, `run` runs on the terminal as it still is (Ink refuses a second
 * suspension). test/unit/ink-contract.test.tsx holds Ink to calling the callback at once.
 */
export function synchronousSuspender(suspend: InkSuspend): TerminalSuspender {
  let resuming = false;
  return <T>(run: () => T): T => {
    if (resuming) return run();
    let outcome: {value: T} | {error: unknown} | undefined;
    resuming = true;
    suspend(() => {
      try {
        outcome = {value: run()};
      } catch (error) {
        outcome = {error};
      }
    })
      .catch(() => undefined)
      .finally(() => (resuming = false));
    if (!outcome) throw new Error('Ink did not hand the terminal over at once');
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };
}

/** The process's terminal handed to an editor, a plugin or `x`'s shell: through Ink once the console is drawn. */
export const suspendProcessTerminal: TerminalSuspender = run => (processSuspender ? processSuspender(run) : run());
