import type {Key} from 'ink';

/** Normalises Ink's (input, key) pair to one name that bindings are written in: "j", "G", "enter", "ctrl-c". */
export function keyName(input: string, key: Key): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pgup';
  if (key.pageDown) return 'pgdn';
  if ((key as Key & {home?: boolean}).home) return 'home';
  if ((key as Key & {end?: boolean}).end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl-${input.toLowerCase()}`;
  return input;
}

const displayNames: Record<string, string> = {
  up: '↑',
  down: '↓',
  pgup: 'PgUp',
  pgdn: 'PgDn',
  enter: 'Enter',
  esc: 'Esc',
  home: 'Home',
  end: 'End',
};

export function displayKey(name: string): string {
  if (displayNames[name]) return displayNames[name]!;
  if (name.startsWith('ctrl-')) return `Ctrl-${name.slice(5)}`;
  if (/^[A-Z]$/.test(name)) return `Shift-${name}`;
  return name;
}
