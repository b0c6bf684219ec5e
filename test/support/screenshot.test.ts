import {afterEach, describe, expect, it} from 'vitest';
import {DARK_THEME, colorHex, escapeXml, screenSvg, screenText, screenshotGeometry} from './screenshot.js';
import {TerminalSession} from './terminal.js';

const COLS = 40;
const ROWS = 10;

/** Run coreutils printf with `format` (escapes like \033 are printf's) in a COLS×ROWS pty and wait for it to finish. */
async function printed(format: string, title?: string): Promise<TerminalSession> {
  const session = TerminalSession.spawn('printf', [(title ? `\\033]2;${title}\\007` : '') + format], {cols: COLS, rows: ROWS});
  sessions.push(session);
  await session.exit(10_000);
  return session;
}

const sessions: TerminalSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.kill();
});

/** Minimal well-formedness check: tags balance and every `&` starts an entity. */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
  // Text content never holds a raw '<' or '>' outside markup.
  const text = svg.replace(/<[^>]*>/g, '');
  expect(text).not.toMatch(/[<>]/);
}

const g = screenshotGeometry(COLS, ROWS);
const x = (col: number): string => String(Math.round((g.gridX + col * g.cellWidth) * 100) / 100);
const y = (row: number): string => String(Math.round((g.gridY + row * g.cellHeight) * 100) / 100);
const w = (cells: number): string => String(Math.round(cells * g.cellWidth * 100) / 100);

describe('screenSvg', () => {
  it('sizes the window from the terminal size', async () => {
    const session = await printed('hi');
    const svg = screenSvg(session);
    expect(g.width).toBeCloseTo(COLS * g.cellWidth + 2 * g.padding);
    expect(g.height).toBe(g.titleBarHeight + ROWS * g.cellHeight + 2 * g.padding);
    expect(svg).toMatch(new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}">`));
    // 14px font: 8.4px cells, 18px rows, 31px title bar, 14px padding.
    expect(svg).toContain('width="364" height="239"');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('draws coloured text with the theme colours, and escapes markup characters', async () => {
    const session = await printed('\\033[31mred\\033[0m plain\\na <b> & "c"\\n');
    const svg = screenSvg(session);
    expectWellFormed(svg);
    expect(svg).toContain(`<tspan x="${x(0)}" textLength="${w(3)}" fill="${DARK_THEME.ansi[1]}">red</tspan>`);
    // Default foreground comes from the enclosing group, not from every run.
    expect(svg).toContain(`<g fill="${DARK_THEME.foreground}" xml:space="preserve">`);
    expect(svg).toContain(`<tspan x="${x(4)}" textLength="${w(5)}">plain</tspan>`);
    expect(svg).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(svg).not.toContain('<b>');
  });

  it('draws inverse cells as a rect in the foreground colour with background-coloured text', async () => {
    const session = await printed('\\n\\n\\033[7minv\\033[0m');
    const svg = screenSvg(session);
    expect(svg).toContain(`<rect x="${x(0)}" y="${y(2)}" width="${w(3)}" height="${g.cellHeight}" fill="${DARK_THEME.foreground}"/>`);
    expect(svg).toContain(`fill="${DARK_THEME.background}">inv</tspan>`);
  });

  it('omits rects for the default background and merges stacked background cells', async () => {
    const plain = screenSvg(await printed('just text\\n'));
    expect(plain).not.toContain('crispEdges');
    expect(plain.match(/<rect /g)).toHaveLength(1); // the window itself

    const session = await printed('\\033[42m   \\033[0m\\n\\033[42m   \\033[0m\\n\\033[41m \\033[0m');
    const svg = screenSvg(session);
    expect(svg).toContain(`<rect x="${x(0)}" y="${y(0)}" width="${w(3)}" height="${2 * g.cellHeight}" fill="${DARK_THEME.ansi[2]}"/>`);
    expect(svg).toContain(`<rect x="${x(0)}" y="${y(2)}" width="${w(1)}" height="${g.cellHeight}" fill="${DARK_THEME.ansi[1]}"/>`);
    // Background-only cells produce no text.
    expect(svg).not.toContain('<text y=');
  });

  it('maps 256-colour and truecolour, and honours bold, dim, italic and underline', async () => {
    const session = await printed(
      '\\033[1;38;5;208mbold\\033[0m \\033[38;2;1;2;3mtrue\\033[0m \\033[2mdim\\033[0m \\033[3;4mit\\033[0m \\033[48;5;240mg\\033[0m',
    );
    const svg = screenSvg(session);
    expect(svg).toContain('fill="#ff8700" class="b">bold</tspan>');
    expect(svg).toContain('fill="#010203">true</tspan>');
    const dim = /fill="(#[0-9a-f]{6})">dim<\/tspan>/.exec(svg);
    expect(dim).not.toBeNull();
    expect(dim![1]).not.toBe(DARK_THEME.foreground);
    expect(svg).toContain('class="i u">it</tspan>');
    expect(svg).toContain(`<rect x="${x(17)}" y="${y(0)}" width="${w(1)}" height="${g.cellHeight}" fill="#585858"/>`);
  });

  it('gives wide characters two cells and keeps the columns after them exact', async () => {
    const session = await printed('日本x\\n');
    const svg = screenSvg(session);
    expect(svg).toContain(`<tspan x="${x(0)}" textLength="${w(2)}">日</tspan>`);
    expect(svg).toContain(`<tspan x="${x(2)}" textLength="${w(2)}">本</tspan>`);
    expect(svg).toContain(`<tspan x="${x(4)}">x</tspan>`);
    expect(screenText(session)).toBe('日本x\n');
  });

  it('keeps single spaces, and starts a new run at x after leading spaces and wider gaps', async () => {
    const session = await printed('   a b  c\\n');
    const svg = screenSvg(session);
    expect(svg).toContain(
      `<text y="${Math.round((g.gridY + 0.5 * g.cellHeight + 0.3 * g.fontSize) * 100) / 100}"><tspan x="${x(3)}" textLength="${w(3)}">a b</tspan><tspan x="${x(8)}">c</tspan></text>`,
    );
  });

  it('keeps underlined spaces', async () => {
    const session = await printed('\\033[4m a \\033[0m');
    expect(screenSvg(session)).toContain(`<tspan x="${x(0)}" textLength="${w(3)}" class="u"> a </tspan>`);
  });

  it('puts the title (given, or the one the program set) in the title bar, escaped', async () => {
    const session = await printed('x', 'prog <1>');
    expect(screenSvg(session)).toContain('text-anchor="middle">prog &lt;1&gt;</text>');
    expect(screenSvg(session, {title: 'swarmtop & co'})).toContain('text-anchor="middle">swarmtop &amp; co</text>');
    expect(screenSvg(session, {frame: false})).not.toContain('<circle');
  });
});

describe('screenText', () => {
  it('is the screen as text without trailing blanks', async () => {
    const session = await printed('\\033[31mred\\033[0m  \\n\\n  two\\n');
    expect(screenText(session)).toBe('red\n\n  two\n');
  });
});

describe('helpers', () => {
  it('colorHex maps the palette, the cube, the grey ramp and truecolour', () => {
    expect(colorHex('default', '#123456')).toBe('#123456');
    expect(colorHex(1, '#000000')).toBe(DARK_THEME.ansi[1]);
    expect(colorHex(9, '#000000')).toBe(DARK_THEME.ansi[9]);
    expect(colorHex(16, '#ffffff')).toBe('#000000');
    expect(colorHex(196, '#000000')).toBe('#ff0000');
    expect(colorHex(231, '#000000')).toBe('#ffffff');
    expect(colorHex(232, '#000000')).toBe('#080808');
    expect(colorHex(255, '#000000')).toBe('#eeeeee');
    expect(colorHex('#ABCDEF', '#000000')).toBe('#abcdef');
  });

  it('escapeXml escapes markup and replaces characters XML forbids', () => {
    expect(escapeXml(`<a href="x">&amp;</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeXml('a\u0001b\u001bc')).toBe('a\ufffdb\ufffdc');
    expect(escapeXml('\ud83d\ude00 ok \ud83d')).toBe('\ud83d\ude00 ok \ufffd');
  });
});
