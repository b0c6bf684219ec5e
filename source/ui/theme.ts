import type {Tone} from '../render/columns.js';

// NO_COLOR (https://no-color.org): any non-empty value turns colour off; the
// selection still shows, as inverse video.
export const colorEnabled = !process.env['NO_COLOR'];

/** What a skin can colour: the states (tones) cells and messages carry, and the parts of the screen. */
export const SKIN_ROLES = [
  'header',
  'tableHeader',
  'selection',
  'hint',
  'stderr',
  'ok',
  'warn',
  'error',
  'muted',
  'accent',
  'info',
  'notice',
  'crash',
] as const;
export type SkinRole = (typeof SKIN_ROLES)[number];
export type SkinColors = Partial<Record<SkinRole, string>>;

const BASIC_COLORS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;
const NAMED_COLORS = new Set<string>([...BASIC_COLORS, ...BASIC_COLORS.map(name => `${name}Bright`), 'gray', 'grey']);

/** A colour a skin may name: one of the 16 terminal colours by name, #rrggbb, or "default" (the terminal's own). */
export function isColorName(value: string): boolean {
  return NAMED_COLORS.has(value) || /^#[0-9a-f]{6}$/i.test(value) || value === 'default';
}

const builtIn: Record<SkinRole, string | undefined> = {
  header: 'cyan',
  tableHeader: undefined,
  selection: undefined,
  hint: 'magenta',
  stderr: 'red',
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  muted: 'gray',
  accent: 'cyan',
  info: 'blue',
  notice: 'magenta',
  crash: 'redBright',
};

// The 16 colours as xterm draws them, for a terminal that has no more.
const BASIC_RGB: Array<[string, number, number, number]> = [
  ['black', 0, 0, 0],
  ['red', 205, 0, 0],
  ['green', 0, 205, 0],
  ['yellow', 205, 205, 0],
  ['blue', 0, 0, 238],
  ['magenta', 205, 0, 205],
  ['cyan', 0, 205, 205],
  ['white', 229, 229, 229],
  ['gray', 127, 127, 127],
  ['redBright', 255, 0, 0],
  ['greenBright', 0, 255, 0],
  ['yellowBright', 255, 255, 0],
  ['blueBright', 92, 92, 255],
  ['magentaBright', 255, 0, 255],
  ['cyanBright', 0, 255, 255],
  ['whiteBright', 255, 255, 255],
];

/** The nearest of the 16 named colours to #rrggbb. */
export function nearestBasicColor(hex: string): string {
  const value = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  let best = BASIC_RGB[0]!;
  let bestDistance = Infinity;
  for (const candidate of BASIC_RGB) {
    const distance = (candidate[1] - r) ** 2 + (candidate[2] - g) ** 2 + (candidate[3] - b) ** 2;
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best[0];
}

let skin: Record<SkinRole, string | undefined> = {...builtIn};

/**
 * Puts a skin's colours in force over the built-in ones. On a terminal of 16
 * colours (`colorDepth` below 8 bits) a #rrggbb colour becomes the nearest named one.
 */
export function applySkin(colors: SkinColors, colorDepth = 24): void {
  const next = {...builtIn};
  for (const role of SKIN_ROLES) {
    const color = colors[role];
    if (color === undefined) continue;
    next[role] = color === 'default' ? undefined : color.startsWith('#') && colorDepth < 8 ? nearestBasicColor(color) : color;
  }
  skin = next;
}

/** The colour of a part of the screen; undefined (the terminal's own) under NO_COLOR. */
export function roleColor(role: SkinRole): string | undefined {
  return colorEnabled ? skin[role] : undefined;
}

export function toneColor(tone: Tone | undefined): string | undefined {
  if (!tone) return undefined;
  return roleColor(tone);
}
