// Reading the console's screen and timing keys against it, for the benches.
//
// Key-to-frame latency, as measured here: the key's bytes are written to the pty at
// t0; output chunks are timestamped as they arrive; the sample ends once (a) the
// emulated screen shows the change the key should cause, with the pane's data in full
// (a predicate per key, checked after every parsed chunk) and then (b) the program has
// printed nothing for QUIET_MS. The latency is the arrival time of the last chunk
// before that silence, minus t0: the moment the frame showing the key's effect was
// complete on the terminal. Every sample starts from a quiet screen. A refresh that
// happens to land inside a sample's window counts against it, as a person would see it.
import type {TerminalSession} from '../support/terminal.js';

export const QUIET_MS = 30;
export const SETTLE_MS = 150;
/**
 * How long a step may take before the bench gives up on it. Long: on a loaded machine the
 * console can lose the simulated engine for a minute and come back, and that run's slow
 * figure is a result (over budget), not a reason to throw the run away.
 */
export const WAIT_MS = 180_000;
/** The first row a pane can draw in, below the header, the summary and the title. */
const PANE_FIRST_ROW = 3;

export type ScreenTest = (term: TerminalSession) => boolean;

export function line(term: TerminalSession, row: number): string {
  return term.lineAt(row);
}

/**
 * The row of the table's first data row: below its column header (capitals only),
 * which lines about the selected row (why it is pending, …) may push down.
 */
export function firstBodyRow(term: TerminalSession): number | undefined {
  for (let row = PANE_FIRST_ROW; row < term.rows - 2; row++) {
    const text = term.lineAt(row).trim();
    if (/^[A-Z][A-Z]+(\s+[A-Z(][^a-z]*)+$/.test(text)) return row + 1;
  }
  return undefined;
}

/** The table's first data row's text, or '' if there is no table. */
export function firstBodyLine(term: TerminalSession): string {
  const row = firstBodyRow(term);
  return row === undefined ? '' : term.lineAt(row);
}

/** The table's data rows' text, top to bottom. */
export function bodyLines(term: TerminalSession): string[] {
  const first = firstBodyRow(term);
  if (first === undefined) return [];
  const lines: string[] = [];
  for (let row = first; row < term.rows - 3; row++) lines.push(term.lineAt(row));
  return lines;
}

/** The selected table row's text (drawn inverse), if any. */
export function selectedLine(term: TerminalSession): string | undefined {
  for (let row = PANE_FIRST_ROW; row < term.rows - 2; row++) {
    if (term.cellStyle(row, 0)?.inverse) return term.lineAt(row);
  }
  return undefined;
}

/** The pane `view` drawn with rows (its title, then a first row that is not "Loading"). */
export function listed(view: string): ScreenTest {
  const crumb = new RegExp(`^${view}\\s+\\d`);
  return term => {
    if (!crumb.test(line(term, 2))) return false;
    const first = firstBodyLine(term);
    return first.trim() !== '' && !/Loading/.test(first);
  };
}

/** The pane listed with its data in full: the nodes pane with its task counts (drawn as … until read). */
export function complete(view: string): ScreenTest {
  const isListed = listed(view);
  if (view !== 'nodes') return isListed;
  return term => isListed(term) && !/\s…\s/.test(firstBodyLine(term));
}

export interface KeyTiming {
  /** ms to the last chunk of the frame that shows the key's full effect (see the top of this file). */
  ms: number;
  /** ms to the chunk after which `early` first held, if given: e.g. the pane drawn before its data arrived. */
  earlyMs?: number;
}

/** Time from writing `key` to the last chunk of the frame that shows `expected` (see the top of this file). */
export async function keyToFrame(term: TerminalSession, key: string, expected: ScreenTest, early?: ScreenTest): Promise<KeyTiming> {
  let lastChunkAt: number | undefined;
  let earlyAt: number | undefined;
  const unsubscribe = term.onData(chunk => {
    lastChunkAt = chunk.at;
  });
  try {
    const sentAt = term.press(key);
    await term.waitFor(
      t => {
        if (early && earlyAt === undefined && lastChunkAt !== undefined && early(t)) earlyAt = lastChunkAt;
        return expected(t);
      },
      {timeoutMs: WAIT_MS, description: `the effect of ${JSON.stringify(key)}`},
    );
    await term.waitForQuiet(QUIET_MS, {timeoutMs: WAIT_MS});
    if (lastChunkAt === undefined) throw new Error(`no output after ${JSON.stringify(key)}`);
    return {ms: lastChunkAt - sentAt, ...(earlyAt !== undefined && {earlyMs: earlyAt - sentAt})};
  } finally {
    unsubscribe();
  }
}

export async function timeKey(term: TerminalSession, key: string, expected: ScreenTest): Promise<number> {
  return (await keyToFrame(term, key, expected)).ms;
}

export async function settle(term: TerminalSession): Promise<void> {
  await term.waitForQuiet(SETTLE_MS, {timeoutMs: WAIT_MS});
}

export async function unmeasured(term: TerminalSession, key: string, expected: ScreenTest): Promise<void> {
  term.press(key);
  await term.waitFor(expected, {timeoutMs: WAIT_MS, description: `the effect of ${JSON.stringify(key)}`});
  await settle(term);
}

/** Selects the service called `name` on the services pane, through a filter that is left in place. */
export async function selectService(term: TerminalSession, name: string): Promise<void> {
  const row = new RegExp(`(^|\\s)${escapeRegExp(name)}\\s`);
  await unmeasured(term, '/', t => line(t, t.rows - 3).startsWith('/'));
  term.type(name);
  await term.waitFor(t => line(t, 2).includes(`/${name}`) && bodyLines(t).some(text => row.test(text)), {timeoutMs: WAIT_MS, description: `${name} listed`});
  await unmeasured(term, 'enter', t => !line(t, t.rows - 3).startsWith('/') && row.test(selectedLine(t) ?? ''));
}

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
