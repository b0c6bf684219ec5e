// Saving the log lines shown (Ctrl-s): ask for a path, suggesting a fresh
// name, and write a new file only — an existing file is refused, never
// overwritten (`wx`), and the dialog stays open to choose another name.

import fs from 'node:fs';
import path from 'node:path';
import {describeError} from '../../docker/errors.js';
import type {LogLine} from '../../model/log-buffer.js';
import {type TaskIdentity, taskPrefix} from '../../render/log-line.js';
import {openDialog} from '../../shell/dialogs.js';
import {type UiStore, flash} from '../../shell/ui-store.js';

export interface LogSave {
  /** The lines to write, as the pane shows them (filter applied). */
  lines: readonly LogLine[];
  /** "web" or "web.2": goes into the suggested file name. */
  name: string;
  /** Where the suggested file goes, and what a relative answer is resolved against. */
  directory: string;
  /** Milliseconds since the epoch, for the suggested name's time stamp. */
  now: number;
  /** Names a line's task in the file; undefined leaves the line without one. */
  identify: (line: LogLine) => TaskIdentity | undefined;
  /** Writes a file that must not exist yet; default fs.writeFileSync with flag `wx`. */
  writeNewFile?: (file: string, data: string) => void;
}

export function saveLogLines(ui: UiStore, save: LogSave): void {
  const {lines, directory} = save;
  if (lines.length === 0) {
    flash(ui, 'nothing to save yet', 'warn');
    return;
  }
  const suggested = path.join(directory, `swarmtop-${save.name.replace(/[^\w.-]+/g, '_')}-${stamp(new Date(save.now))}.log`);
  const write = save.writeNewFile ?? defaultWriteNewFile;
  openDialog(ui, {
    kind: 'form',
    title: `Save ${lines.length} log lines`,
    focus: 0,
    fields: [{name: 'file', label: 'File', value: suggested, hint: 'a new file: an existing one is never overwritten'}],
    submit: values => {
      const file = path.resolve(directory, (values['file'] ?? '').trim());
      if (!(values['file'] ?? '').trim()) return {errors: {file: 'give a file name'}};
      try {
        write(file, plainText(lines, save.identify));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') return {errors: {file: `${file} already exists: choose another name`}};
        return {errors: {file: `cannot write ${file}: ${describeError(error)}`}};
      }
      flash(ui, `saved ${lines.length} lines to ${file}`, 'ok');
      return {accepted: true};
    },
  });
}

function defaultWriteNewFile(file: string, data: string): void {
  fs.writeFileSync(file, data, {flag: 'wx'});
}

function stamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** The lines as the containers wrote them, each with its time and task, for a file. */
function plainText(lines: readonly LogLine[], identify: (line: LogLine) => TaskIdentity | undefined): string {
  return lines
    .map(line => {
      const identity = identify(line);
      const parts = [line.timestamp ?? '', identity ? taskPrefix(identity) : '', line.stream === 'stderr' ? '[stderr]' : '', line.text];
      return parts.filter(Boolean).join(' ');
    })
    .join('\n')
    .concat('\n');
}
