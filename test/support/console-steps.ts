// Steps an operator takes in a running console, shared by the e2e files.
import type {TerminalSession} from './terminal.js';
import {keys} from './terminal-keys.js';

/** Filters the pane with `/name`, and waits until the filter shows one row (or, with `anyCount`, any number). */
export async function filterTo(term: TerminalSession, name: string, options: {anyCount?: boolean} = {}): Promise<void> {
  term.type(`/${name}`);
  term.press(keys.enter);
  await term.waitForText(new RegExp(`/${name}\\s+${options.anyCount ? '\\d+' : '1'} of`));
}

/** Opens the log view of one service from the services pane. */
export async function openServiceLogs(term: TerminalSession, service: string): Promise<void> {
  await term.waitForText(service);
  term.press('/');
  term.type(service);
  term.press(keys.enter);
  await term.waitForText(new RegExp(`services\\s+/${service}\\s+1 of`));
  term.press('l');
  await term.waitForText(`services › logs of ${service}`);
}
