/**
 * The emulator half of the terminal harness: a headless xterm.js screen that
 * parses a program's output, read back as text, styled cells and positions.
 * No vitest here: the benchmark script imports this too.
 */
// @xterm/headless is a CommonJS bundle whose exports Node cannot detect
// statically, so only the default import works under ESM.
import xtermHeadless from '@xterm/headless';
import type {IBufferCell, IBufferLine, Terminal as XtermTerminal} from '@xterm/headless';

const {Terminal} = xtermHeadless;

/**
 * A cell colour: `'default'`, a palette index 0-255 (0-7 normal ANSI colours,
 * 8-15 bright, 16-255 the 256-colour cube/greys), or `'#rrggbb'` for truecolour.
 */
export type CellColor = 'default' | number | `#${string}`;

export interface CellStyle {
  /** The character(s) in the cell; '' for the right half of a wide character. */
  char: string;
  /** 1 normally, 2 for wide characters, 0 for the right half of a wide character. */
  width: number;
  fg: CellColor;
  bg: CellColor;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
}

export interface ScreenPosition {
  row: number;
  col: number;
}

export type TerminalModes = XtermTerminal['modes'];

export class TerminalScreen {
  /** Last window title set with OSC 0 or OSC 2; '' if never set. */
  title = '';
  /**
   * Number of full-screen clears the program emitted: `ESC[2J`, `ESC[J`/`ESC[0J`
   * with the cursor at the top-left corner, and `ESC c` (full reset). Counted by
   * the emulator's parser, so sequences split across chunks are counted once.
   */
  clearScreenCount = 0;

  private readonly term: XtermTerminal;

  constructor(cols: number, rows: number) {
    this.term = new Terminal({
      cols,
      rows,
      allowProposedApi: true,
      scrollback: 1000,
    });
    this.term.onTitleChange(title => {
      this.title = title;
    });
    this.installClearScreenCounter();
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  /** Cursor position on the screen (0-based), as of the output parsed so far. */
  get cursor(): ScreenPosition {
    const buffer = this.term.buffer.active;
    return {row: buffer.cursorY, col: buffer.cursorX};
  }

  /** True while the program has switched to the alternate screen (`ESC[?1049h`). */
  get isAlternateScreen(): boolean {
    return this.term.buffer.active.type === 'alternate';
  }

  /** Terminal modes the program has set (cursor keys, bracketed paste, mouse, synchronized output...). */
  get modes(): TerminalModes {
    return this.term.modes;
  }

  /** Parse program output; `parsed` is called once it is on the screen. */
  write(bytes: Uint8Array, parsed: () => void): void {
    this.term.write(bytes, parsed);
  }

  /** Hands over the emulator's replies to terminal queries (cursor position report, device attributes, ...). */
  onReply(send: (reply: string | Buffer) => void): void {
    this.term.onData(reply => send(reply));
    this.term.onBinary(reply => send(Buffer.from(reply, 'binary')));
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }

  private installClearScreenCounter(): void {
    // Runs before xterm's own handler (returning false lets it proceed), so the
    // cursor position is the one the erase applies from.
    this.term.parser.registerCsiHandler({final: 'J'}, params => {
      const mode = typeof params[0] === 'number' ? params[0] : 0;
      const buffer = this.term.buffer.active;
      if (mode === 2 || (mode === 0 && buffer.cursorX === 0 && buffer.cursorY === 0)) {
        this.clearScreenCount += 1;
      }
      return false;
    });
    this.term.parser.registerEscHandler({final: 'c'}, () => {
      this.clearScreenCount += 1;
      return false;
    });
  }

  private screenLine(row: number): IBufferLine | undefined {
    const buffer = this.term.buffer.active;
    return buffer.getLine(buffer.baseY + row);
  }

  private checkRow(row: number): number {
    const resolved = row < 0 ? this.rows + row : row;
    if (!Number.isInteger(resolved) || resolved < 0 || resolved >= this.rows) {
      throw new RangeError(`row ${row} is outside the ${this.cols}x${this.rows} screen`);
    }
    return resolved;
  }

  /** The visible screen rows as text (trailing spaces trimmed), as of the output parsed so far. */
  lines(): string[] {
    const lines: string[] = [];
    for (let row = 0; row < this.rows; row++) {
      lines.push(this.screenLine(row)?.translateToString(true) ?? '');
    }
    return lines;
  }

  /** The visible screen as text, rows joined with '\n'. */
  text(): string {
    return this.lines().join('\n');
  }

  /** One screen row as text (trailing spaces trimmed); negative rows count from the bottom. */
  lineAt(row: number): string {
    return this.screenLine(this.checkRow(row))?.translateToString(true) ?? '';
  }

  /** The screen with row numbers, for error messages and debugging. */
  format(): string {
    const lines = this.lines();
    let last = lines.length - 1;
    while (last >= 0 && lines[last] === '') last--;
    const width = String(this.rows - 1).length;
    const body = lines
      .slice(0, last + 1)
      .map((line, row) => `${String(row).padStart(width)} │${line}`)
      .join('\n');
    const blank = last < this.rows - 1 ? `\n${' '.repeat(width)} │(rows ${last + 1}-${this.rows - 1} blank)` : '';
    const cursor = this.cursor;
    return (
      `── screen ${this.cols}x${this.rows}, cursor ${cursor.row}:${cursor.col}` +
      `${this.title ? `, title ${JSON.stringify(this.title)}` : ''} ──\n${body}${blank}`
    );
  }

  /** Style of the cell at (row, col); undefined if outside the screen. */
  cellStyle(row: number, col: number): CellStyle | undefined {
    if (col < 0 || col >= this.cols) return undefined;
    const cell = this.screenLine(this.checkRow(row))?.getCell(col);
    if (!cell) return undefined;
    return {
      char: cell.getChars(),
      width: cell.getWidth(),
      fg: cellColor(cell, 'fg'),
      bg: cellColor(cell, 'bg'),
      bold: cell.isBold() !== 0,
      dim: cell.isDim() !== 0,
      italic: cell.isItalic() !== 0,
      underline: cell.isUnderline() !== 0,
      inverse: cell.isInverse() !== 0,
    };
  }

  /**
   * Where `match` first appears on screen (searching rows top to bottom), as a
   * cell position — columns account for wide characters.
   */
  findText(match: string | RegExp): ScreenPosition | undefined {
    for (let row = 0; row < this.rows; row++) {
      const line = this.screenLine(row);
      if (!line) continue;
      const {text, columns} = lineWithColumns(line, this.cols);
      let index: number;
      if (typeof match === 'string') {
        index = text.indexOf(match);
      } else {
        const flags = match.flags.replace(/[gy]/g, '');
        index = text.search(new RegExp(match.source, flags));
      }
      if (index >= 0) return {row, col: columns[index] ?? 0};
    }
    return undefined;
  }
}

function cellColor(cell: IBufferCell, which: 'fg' | 'bg'): CellColor {
  const isDefault = which === 'fg' ? cell.isFgDefault() : cell.isBgDefault();
  if (isDefault) return 'default';
  const value = which === 'fg' ? cell.getFgColor() : cell.getBgColor();
  const isRgb = which === 'fg' ? cell.isFgRGB() : cell.isBgRGB();
  if (isRgb) return `#${value.toString(16).padStart(6, '0')}`;
  return value;
}

/** A line's text with, for each UTF-16 index, the screen column it starts in. */
function lineWithColumns(line: IBufferLine, cols: number): {text: string; columns: number[]} {
  let text = '';
  const columns: number[] = [];
  for (let col = 0; col < cols; col++) {
    const cell = line.getCell(col);
    if (!cell) break;
    if (cell.getWidth() === 0) continue; // right half of a wide character
    const chars = cell.getChars() || ' ';
    for (let i = 0; i < chars.length; i++) columns.push(col);
    text += chars;
  }
  return {text, columns};
}
