/**
 * Keys for the terminal harness: the bytes a terminal (xterm) sends for each
 * key, and their application-cursor-mode form. No vitest here: the benchmark
 * script imports this too.
 */

/**
 * The bytes a terminal (xterm, normal cursor-key mode) sends for each key.
 * When the program switches on application cursor-key mode (DECCKM,
 * `ESC[?1h`), {@link TerminalSession.press} converts the arrow/home/end
 * sequences to their `ESC O x` form, as a real terminal would.
 */
export const keys = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  home: '\x1b[H',
  end: '\x1b[F',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  insert: '\x1b[2~',
  delete: '\x1b[3~',
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  shiftTab: '\x1b[Z',
  backspace: '\x7f',
  space: ' ',
  f1: '\x1bOP',
  f2: '\x1bOQ',
  f3: '\x1bOR',
  f4: '\x1bOS',
  f5: '\x1b[15~',
  f6: '\x1b[17~',
  f7: '\x1b[18~',
  f8: '\x1b[19~',
  f9: '\x1b[20~',
  f10: '\x1b[21~',
  f11: '\x1b[23~',
  f12: '\x1b[24~',
  ctrlA: '\x01',
  ctrlB: '\x02',
  ctrlC: '\x03',
  ctrlD: '\x04',
  ctrlE: '\x05',
  ctrlF: '\x06',
  ctrlK: '\x0b',
  ctrlL: '\x0c',
  ctrlN: '\x0e',
  ctrlP: '\x10',
  ctrlR: '\x12',
  ctrlU: '\x15',
  ctrlW: '\x17',
  ctrlZ: '\x1a',
} as const;

export type KeyName = keyof typeof keys;

/** The byte sent for Ctrl+<letter>, e.g. `ctrl('c') === '\x03'`. */
export function ctrl(letter: string): string {
  if (!/^[a-z@[\\\]^_]$/i.test(letter)) {
    throw new RangeError(`ctrl(): expected a single letter, got ${JSON.stringify(letter)}`);
  }
  return String.fromCharCode(letter.toUpperCase().charCodeAt(0) & 0x1f);
}

/** The bytes sent for Alt+<key> (ESC prefix, xterm's default "metaSendsEscape"). */
export function alt(key: string): string {
  return `\x1b${key}`;
}

const APPLICATION_CURSOR_KEYS: Record<string, string> = {
  '\x1b[A': '\x1bOA',
  '\x1b[B': '\x1bOB',
  '\x1b[C': '\x1bOC',
  '\x1b[D': '\x1bOD',
  '\x1b[H': '\x1bOH',
  '\x1b[F': '\x1bOF',
};

/**
 * The bytes to send for `key` (a name from {@link keys} or raw bytes), in
 * application cursor-key form when the program switched that mode on.
 */
export function keyBytes(key: KeyName | (string & {}), applicationCursorKeys: boolean): string {
  const bytes: string = Object.prototype.hasOwnProperty.call(keys, key) ? keys[key as KeyName] : key;
  return applicationCursorKeys ? (APPLICATION_CURSOR_KEYS[bytes] ?? bytes) : bytes;
}
