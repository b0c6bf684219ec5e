// NARROW_TEXT lets displayWidth and truncate skip string-width and the segmenter: each
// character it admits must be one column and one grapheme wherever it stands, or a
// table would be misaligned by the shortcut. Checked here for every BMP code point.
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {NARROW_TEXT} from '../../source/render/narrow-text.js';
import {displayWidth, truncate} from '../../source/render/text.js';

const segmenter = new Intl.Segmenter();
const graphemes = (text: string) => [...segmenter.segment(text)].length;

const admitted: string[] = [];
for (let code = 0; code <= 0xffff; code++) {
  if (code >= 0xd800 && code <= 0xdfff) continue;
  const character = String.fromCharCode(code);
  if (NARROW_TEXT.test(character)) admitted.push(character);
}

describe('NARROW_TEXT', () => {
  it('admits printable ASCII and the characters the console draws', () => {
    for (const character of [' ', '~', 'a', '…', '·', '—', '│', '─', '█', '→', '↑', '↓', '×', 'µ', '✓', '✗', '▲', '●']) {
      expect(NARROW_TEXT.test(character), character).toBe(true);
    }
    expect(admitted.length).toBeGreaterThan(500);
  });

  it('admits only characters one column wide that stand alone as graphemes', () => {
    const wrong = admitted.filter(character => stringWidth(character) !== 1 || graphemes(`x${character}x`) !== 3 || graphemes(character + character) !== 2);
    expect(wrong.map(character => `U+${character.charCodeAt(0).toString(16)}`)).toEqual([]);
  });

  it('leaves out emoji, marks, wide and invisible characters', () => {
    for (const character of ['\u0000', '\u001b', '\u00ad', '\u0301', '\u200b', '\u200d', '\ufe0f', '©', '⚠', '中', '😀']) {
      expect(NARROW_TEXT.test(character), `U+${character.codePointAt(0)!.toString(16)}`).toBe(false);
    }
  });

  it('measures and cuts random text as string-width and the segmenter would', () => {
    let state = 12345;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({length: Math.floor(next() * 30)}, () => admitted[Math.floor(next() * admitted.length)]).join('');
      expect(displayWidth(text)).toBe(stringWidth(text));
      expect(displayWidth(truncate(text, 10))).toBe(Math.min(10, stringWidth(text)));
    }
    // Outside the set the slow path still measures: a wide character counts two.
    expect(displayWidth('a中b')).toBe(4);
    expect(truncate('中中中中', 5)).toBe('中中…');
  });
});
