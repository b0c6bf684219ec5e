/**
 * Screenshots of a {@link TerminalSession}: the visible screen as a standalone
 * SVG that looks like a dark terminal window, or as plain text.
 *
 * Used by the README capture script (compiled by tsc and run with plain node)
 * and by its vitest test, so this module must not import vitest.
 *
 * Call `await session.settled()` (or `waitForQuiet`) first: the renderers are
 * synchronous and see only the output parsed so far.
 */
import type {TerminalSession} from './terminal.js';
import type {CellColor, CellStyle} from './terminal-screen.js';

// ---------------------------------------------------------------------------
// Theme and geometry
// ---------------------------------------------------------------------------

export interface ScreenshotTheme {
  /** Default foreground (text without a colour). */
  foreground: string;
  /** Default background (the terminal area and the window). */
  background: string;
  /** Title bar fill. */
  titleBar: string;
  /** Title text fill. */
  titleText: string;
  /** Window border stroke. */
  border: string;
  /** The 16 ANSI colours: 0-7 normal, 8-15 bright, as `#rrggbb`. */
  ansi: readonly string[];
}

/** A dark theme with moderately saturated ANSI colours that stay readable on it. */
export const DARK_THEME: ScreenshotTheme = {
  foreground: '#d3d7de',
  background: '#1c1f26',
  titleBar: '#2a2e37',
  titleText: '#9aa1ad',
  border: '#3a3f4a',
  ansi: [
    '#3b4048', // 0 black (lighter than the background, so it still shows)
    '#ef5f5f', // 1 red
    '#7ec16e', // 2 green
    '#e2b54f', // 3 yellow
    '#5c9cf0', // 4 blue
    '#c485e0', // 5 magenta
    '#4cc2cf', // 6 cyan
    '#c9ced6', // 7 white
    '#7b8391', // 8 bright black ("gray")
    '#ff8080', // 9 bright red
    '#9adb8a', // 10 bright green
    '#f2d27a', // 11 bright yellow
    '#86b8ff', // 12 bright blue
    '#dba8f2', // 13 bright magenta
    '#79dde6', // 14 bright cyan
    '#f4f6f9', // 15 bright white
  ],
};

export interface ScreenSvgOptions {
  /** Shown centred in the title bar. Default: the program's window title, else none. */
  title?: string;
  /** Font size in px. Default 14. */
  fontSize?: number;
  /** Colours; merged over {@link DARK_THEME}. */
  theme?: Partial<ScreenshotTheme>;
  /** Draw the window frame (title bar with the three buttons, rounded corners). Default true. */
  frame?: boolean;
}

export interface ScreenshotGeometry {
  /** Total SVG width and height in px. */
  width: number;
  height: number;
  /** One terminal cell, in px. */
  cellWidth: number;
  cellHeight: number;
  /** Where the cell grid's top-left corner is. */
  gridX: number;
  gridY: number;
  fontSize: number;
  titleBarHeight: number;
  padding: number;
}

/** CSS font stack: monospace fonts whose advance width is (close to) 0.6em. */
export const FONT_FAMILY = "ui-monospace, 'SFMono-Regular', 'SF Mono', Menlo, 'Cascadia Mono', Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";

/** Size of the SVG {@link screenSvg} draws for a `cols`×`rows` screen. */
export function screenshotGeometry(cols: number, rows: number, options: ScreenSvgOptions = {}): ScreenshotGeometry {
  const fontSize = options.fontSize ?? 14;
  const frame = options.frame ?? true;
  const cellWidth = round2(fontSize * 0.6);
  const cellHeight = Math.round(fontSize * 1.25);
  const padding = frame ? Math.round(fontSize) : Math.round(fontSize / 2);
  const titleBarHeight = frame ? Math.round(fontSize * 2.2) : 0;
  const gridX = padding;
  const gridY = titleBarHeight + padding;
  return {
    width: round2(cols * cellWidth + 2 * padding),
    height: gridY + rows * cellHeight + padding,
    cellWidth,
    cellHeight,
    gridX,
    gridY,
    fontSize,
    titleBarHeight,
    padding,
  };
}

// ---------------------------------------------------------------------------
// Colours
// ---------------------------------------------------------------------------

const CUBE_LEVELS = [0, 95, 135, 175, 215, 255];

function hex2(value: number): string {
  return Math.max(0, Math.min(255, Math.round(value)))
    .toString(16)
    .padStart(2, '0');
}

function rgbHex(r: number, g: number, b: number): string {
  return `#${hex2(r)}${hex2(g)}${hex2(b)}`;
}

/**
 * The `#rrggbb` a cell colour is drawn with: palette 0-15 from the theme,
 * 16-231 the xterm 6×6×6 colour cube, 232-255 the xterm grey ramp, truecolour
 * as is, and `'default'` as `fallback`.
 */
export function colorHex(color: CellColor, fallback: string, theme: ScreenshotTheme = DARK_THEME): string {
  if (color === 'default') return fallback;
  if (typeof color === 'string') return color.toLowerCase();
  if (color < 16) return theme.ansi[color] ?? fallback;
  if (color < 232) {
    const index = color - 16;
    return rgbHex(CUBE_LEVELS[Math.floor(index / 36)]!, CUBE_LEVELS[Math.floor(index / 6) % 6]!, CUBE_LEVELS[index % 6]!);
  }
  if (color < 256) {
    const level = 8 + 10 * (color - 232);
    return rgbHex(level, level, level);
  }
  return fallback;
}

/** `from` moved `amount` (0-1) of the way towards `to`. */
function mix(from: string, to: string, amount: number): string {
  const parse = (hex: string): number[] => [1, 3, 5].map(i => Number.parseInt(hex.slice(i, i + 2), 16));
  const a = parse(from);
  const b = parse(to);
  return rgbHex(a[0]! + (b[0]! - a[0]!) * amount, a[1]! + (b[1]! - a[1]!) * amount, a[2]! + (b[2]! - a[2]!) * amount);
}

interface Paint {
  /** Text colour. */
  fill: string;
  /** Background colour, or undefined for the default background. */
  background: string | undefined;
}

function paint(style: CellStyle, theme: ScreenshotTheme): Paint {
  let fg = colorHex(style.fg, theme.foreground, theme);
  let bg = style.bg === 'default' ? undefined : colorHex(style.bg, theme.background, theme);
  if (style.inverse) {
    const newBg = fg;
    fg = bg ?? theme.background;
    bg = newBg;
  }
  // Faint: half-way to what is behind the text, as most terminals draw it.
  if (style.dim) fg = mix(fg, bg ?? theme.background, 0.45);
  return {fill: fg, background: bg};
}

// ---------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------

/**
 * Escape text for XML character data or a double-quoted attribute. Characters
 * XML 1.0 does not allow at all (C0 controls other than tab/newline, lone
 * surrogates, U+FFFE/U+FFFF) become U+FFFD.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"]/g, c => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/**
 * The visible screen as plain text: each row with trailing spaces trimmed,
 * trailing blank rows dropped, ending in a newline (wide characters appear
 * once, as a person would copy them).
 */
export function screenText(session: TerminalSession): string {
  const lines = session.screenLines().map(line => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------
// SVG
// ---------------------------------------------------------------------------

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function num(value: number): string {
  return String(round2(value));
}

interface Run {
  col: number;
  /** Cells covered. */
  cells: number;
  /** The characters, one entry per cell (a single entry for a wide run). */
  chars: string[];
  fill: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  /** A run holding a single wide character (kept apart so it gets exactly two cells). */
  wide: boolean;
}

interface BgRect {
  col: number;
  row: number;
  cells: number;
  rows: number;
  fill: string;
}

function sameTextStyle(run: Run, fill: string, style: CellStyle): boolean {
  return run.fill === fill && run.bold === style.bold && run.italic === style.italic && run.underline === style.underline;
}

/**
 * Render the visible screen of `session` as a standalone SVG document: a dark
 * terminal window (title bar optional), one background rect per stretch of
 * cells with a non-default background (inverse included, stacked rows merged),
 * and the text in runs of equal style, split at gaps of two or more spaces
 * (table columns), each placed at its cell's exact x and stretched to its
 * exact width (`textLength`), so columns line up whatever monospace font the
 * viewer has. Wide characters take two cells.
 */
export function screenSvg(session: TerminalSession, options: ScreenSvgOptions = {}): string {
  const theme: ScreenshotTheme = {...DARK_THEME, ...options.theme};
  const frame = options.frame ?? true;
  const {cols, rows} = session;
  const g = screenshotGeometry(cols, rows, options);
  const title = options.title ?? session.title;

  const rects: BgRect[] = [];
  const openRects = new Map<string, BgRect>(); // `${col}:${cells}:${fill}` -> rect ending on the previous row
  const textRows: string[] = [];

  for (let row = 0; row < rows; row++) {
    const runs: Run[] = [];
    const rowRects: BgRect[] = [];
    let current: Run | undefined;
    let currentRect: BgRect | undefined;

    for (let col = 0; col < cols; col++) {
      const style = session.cellStyle(row, col);
      if (!style) break;
      if (style.width === 0) continue; // right half of a wide character: drawn with the left half
      const cells = Math.max(1, Math.min(style.width, cols - col));
      const {fill, background} = paint(style, theme);

      if (background !== undefined) {
        if (currentRect && currentRect.fill === background && currentRect.col + currentRect.cells === col) {
          currentRect.cells += cells;
        } else {
          currentRect = {col, row, cells, rows: 1, fill: background};
          rowRects.push(currentRect);
        }
      } else {
        currentRect = undefined;
      }

      const char = style.char === '' ? ' ' : style.char;
      const wide = cells > 1;
      if (current && !current.wide && !wide && current.col + current.cells === col && sameTextStyle(current, fill, style)) {
        current.chars.push(char);
        current.cells += 1;
      } else {
        current = {
          col,
          cells,
          chars: [char],
          fill,
          bold: style.bold,
          italic: style.italic,
          underline: style.underline,
          wide,
        };
        runs.push(current);
      }
    }

    // Merge this row's rects into identical ones directly above.
    const stillOpen = new Map<string, BgRect>();
    for (const rect of rowRects) {
      const key = `${rect.col}:${rect.cells}:${rect.fill}`;
      const above = openRects.get(key);
      if (above && above.row + above.rows === row) {
        above.rows += 1;
        stillOpen.set(key, above);
      } else {
        rects.push(rect);
        stillOpen.set(key, rect);
      }
    }
    openRects.clear();
    for (const [key, rect] of stillOpen) openRects.set(key, rect);

    const spans = runs.flatMap(run => runSpans(run, g, theme));
    if (spans.length > 0) {
      const y = g.gridY + row * g.cellHeight + baselineOffset(g);
      textRows.push(`<text y="${num(y)}">${spans.join('')}</text>`);
    }
  }

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${num(g.width)}" height="${num(g.height)}" viewBox="0 0 ${num(g.width)} ${num(g.height)}">`);
  out.push(
    `<style>text{font-family:${FONT_FAMILY};font-size:${g.fontSize}px;white-space:pre}` +
      `.b{font-weight:bold}.i{font-style:italic}.u{text-decoration:underline}</style>`,
  );
  if (frame) {
    out.push(`<rect x="0.5" y="0.5" width="${num(g.width - 1)}" height="${num(g.height - 1)}" rx="8" fill="${theme.background}" stroke="${theme.border}"/>`);
    const bar = g.titleBarHeight;
    // Title bar: rounded top corners, square bottom edge.
    out.push(`<path d="M0.5 ${bar}V8.5a8 8 0 0 1 8-8H${num(g.width - 8.5)}a8 8 0 0 1 8 8V${bar}Z" fill="${theme.titleBar}" stroke="${theme.border}"/>`);
    const r = round2(g.fontSize * 0.43);
    const cy = round2(bar / 2);
    ['#ff5f57', '#febc2e', '#28c840'].forEach((color, i) => {
      out.push(`<circle cx="${num(g.padding + r + i * (r * 2 + r * 1.3))}" cy="${num(cy)}" r="${num(r)}" fill="${color}"/>`);
    });
    if (title) {
      out.push(`<text x="${num(g.width / 2)}" y="${num(cy + g.fontSize * 0.35)}" fill="${theme.titleText}" text-anchor="middle">${escapeXml(title)}</text>`);
    }
  } else {
    out.push(`<rect width="100%" height="100%" fill="${theme.background}"/>`);
  }
  if (rects.length > 0) {
    out.push(`<g shape-rendering="crispEdges">`);
    for (const rect of rects) {
      out.push(
        `<rect x="${num(g.gridX + rect.col * g.cellWidth)}" y="${num(g.gridY + rect.row * g.cellHeight)}" width="${num(rect.cells * g.cellWidth)}" height="${num(rect.rows * g.cellHeight)}" fill="${rect.fill}"/>`,
      );
    }
    out.push('</g>');
  }
  if (textRows.length > 0) {
    out.push(`<g fill="${theme.foreground}" xml:space="preserve">`);
    out.push(...textRows);
    out.push('</g>');
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Baseline position within a cell: glyphs of ~0.75em ascent centred in the line. */
function baselineOffset(g: ScreenshotGeometry): number {
  return (g.cellHeight - g.fontSize) / 2 + g.fontSize * 0.8;
}

/**
 * The tspans for a run. Spaces draw nothing (unless underlined), so blank
 * stretches at its ends are dropped, and the run is split where it has two or
 * more spaces in a row: every table column then starts at its exact x even in
 * renderers that ignore `textLength` (librsvg, for one).
 */
function runSpans(run: Run, g: ScreenshotGeometry, theme: ScreenshotTheme): string[] {
  const pieces: Array<{col: number; chars: string[]}> = [];
  if (run.underline || run.wide) {
    pieces.push({col: run.col, chars: run.chars});
  } else {
    let start = -1; // first cell of the current piece
    let lastInk = -1; // last non-space cell of the current piece
    const flush = (): void => {
      if (start >= 0) pieces.push({col: run.col + start, chars: run.chars.slice(start, lastInk + 1)});
      start = -1;
    };
    run.chars.forEach((char, i) => {
      if (char === ' ') {
        if (start >= 0 && i - lastInk >= 2) flush();
        return;
      }
      if (start < 0) start = i;
      lastInk = i;
    });
    flush();
  }
  return pieces.map(piece => {
    const cells = run.wide ? run.cells : piece.chars.length;
    const attrs: string[] = [`x="${num(g.gridX + piece.col * g.cellWidth)}"`];
    // Exact width where the renderer honours it, e.g. with a font narrower than 0.6em.
    if (cells > 1) attrs.push(`textLength="${num(cells * g.cellWidth)}"`);
    if (run.fill !== theme.foreground) attrs.push(`fill="${run.fill}"`);
    const classes = [run.bold ? 'b' : '', run.italic ? 'i' : '', run.underline ? 'u' : ''].filter(Boolean).join(' ');
    if (classes) attrs.push(`class="${classes}"`);
    return `<tspan ${attrs.join(' ')}>${escapeXml(piece.chars.join(''))}</tspan>`;
  });
}
