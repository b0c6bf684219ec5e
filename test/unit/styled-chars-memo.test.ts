// The bundle gives Ink remembered versions of three ansi-tokenize functions
// (scripts/bundle.mjs, source/ui/styled-chars-memo.ts): they must answer exactly as the
// package's own do, never hand out an answer a caller could change, and stay bounded.
import * as real from '@alcalzone/ansi-tokenize';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {memoizedStyledChars} from '../../source/ui/styled-chars-memo.js';

const ESC = '\u001B';
const LINES = [
  '',
  'plain ascii row with   spaces   ',
  `${ESC}[90mqcz0x2qatl9k  ${ESC}[39m${ESC}[36manalytics_cache  ${ESC}[39mreplicated  ${ESC}[32m 12/12 ${ESC}[39m`,
  `${ESC}[1m${ESC}[36mservices${ESC}[39m${ESC}[22m${ESC}[90m  2000${ESC}[39m`,
  `${ESC}[7m${ESC}[2mselected and dim${ESC}[22m${ESC}[27m`,
  'wide 漢字 and emoji 👩‍💻 and combining é',
  `${ESC}[38;2;10;20;30mtrue colour${ESC}[39m ${ESC}[48;5;21mindexed${ESC}[49m`,
  `${ESC}]8;;https://example.com${ESC}\\link${ESC}]8;;${ESC}\\ after`,
  'two\nlines',
  '… · │ ─',
];

describe('remembered styled characters for Ink', () => {
  it('answers as the package does, the first time and every time after', () => {
    const memo = memoizedStyledChars(real);
    for (let pass = 0; pass < 3; pass++) {
      for (const line of LINES) {
        const tokens = memo.tokenize(line);
        expect(tokens).toEqual(real.tokenize(line));
        const chars = memo.styledCharsFromTokens(tokens);
        expect(chars).toEqual(real.styledCharsFromTokens(real.tokenize(line)));
        // Ink copies the characters into arrays of its own before putting them together again.
        expect(memo.styledCharsToString([...chars])).toBe(real.styledCharsToString(real.styledCharsFromTokens(real.tokenize(line))));
        expect(memo.styledCharsToString(chars.slice(1))).toBe(real.styledCharsToString(chars.slice(1)));
      }
    }
  });

  it('hands back the same frozen answer for a line seen lately', () => {
    const memo = memoizedStyledChars(real);
    const line = LINES[2]!;
    const chars = memo.styledCharsFromTokens(memo.tokenize(line));
    expect(memo.styledCharsFromTokens(memo.tokenize(line))).toBe(chars);
    expect(Object.isFrozen(chars)).toBe(true);
    expect(() => (chars as unknown[]).push(chars[0])).toThrow(TypeError);
    expect(() => Object.assign(chars[0]!, {value: 'x'})).toThrow(TypeError);
  });

  it('keeps two generations of lines at most, and a line still drawn stays', () => {
    const seen: string[] = [];
    const memo = memoizedStyledChars({...real, tokenize: (text: string) => (seen.push(text), real.tokenize(text))}, 4);
    const drawn = 'drawn every frame';
    for (let frame = 0; frame < 20; frame++) {
      memo.tokenize(drawn);
      memo.tokenize(`changed ${frame}`);
    }
    expect(seen.filter(text => text === drawn)).toHaveLength(1);
    expect(seen).toHaveLength(21);
    // A line not drawn for two generations is worked out again.
    memo.tokenize('changed 0');
    expect(seen).toHaveLength(22);
  });

  it('does not remember token lists it did not make, nor a cut-short read', () => {
    const memo = memoizedStyledChars(real);
    const tokens = real.tokenize('abc');
    const chars = memo.styledCharsFromTokens(tokens);
    expect(Object.isFrozen(chars)).toBe(false);
    expect(memo.styledCharsFromTokens(tokens)).not.toBe(chars);
    expect(memo.tokenize('abcdef', 3)).toEqual(real.tokenize('abcdef', 3));
    expect(Object.isFrozen(memo.tokenize('abcdef', 3))).toBe(false);
  });

  it("keeps Ink's visible characters of a line as Ink's own filter does", () => {
    const memo = memoizedStyledChars(real);
    const visible = (character: {value: string}) => !/^\p{Default_Ignorable_Code_Point}+$/u.test(character.value);
    for (const line of [...LINES, 'zero\u200Bwidth', `${ESC}[31msoft\u00ADhyphen${ESC}[39m`]) {
      const kept = memo.visibleStyledChars(line, visible);
      expect(kept).toEqual(real.styledCharsFromTokens(real.tokenize(line)).filter(visible));
      expect(memo.visibleStyledChars(line, visible)).toBe(kept);
      expect(Object.isFrozen(kept)).toBe(true);
    }
    // A line with nothing invisible is its characters, the same array.
    const plain = LINES[1]!;
    expect(memo.visibleStyledChars(plain, visible)).toBe(memo.styledCharsFromTokens(memo.tokenize(plain)));
  });

  it("covers every function Ink's output and wrapping take from the package", () => {
    const require = createRequire(import.meta.url);
    const inkBuild = path.dirname(require.resolve('ink'));
    for (const file of ['output.js', 'wrap-text.js']) {
      const source = readFileSync(path.join(inkBuild, file), 'utf8');
      const imported = /import\s*\{([^}]*)\}\s*from\s*'@alcalzone\/ansi-tokenize'/.exec(source)?.[1];
      expect(imported, file).toBeDefined();
      const names = imported!
        .split(',')
        .map(name => name.trim())
        .filter(Boolean);
      expect(names.sort(), file).toEqual(['styledCharsFromTokens', 'styledCharsToString', 'tokenize']);
    }
    // What bundle.mjs rewrites (the build fails if it is gone): the line cut into visible characters,
    // and the blank cells a frame starts from, shared since Ink replaces a cell and never changes one.
    const output = readFileSync(path.join(inkBuild, 'output.js'), 'utf8');
    expect(output).toMatch(/row\.push\(\{\s*type: 'char',\s*value: ' ',\s*fullWidth: false,\s*styles: \[\],\s*\}\);/);
    expect(output).not.toMatch(/\.(value|styles|fullWidth|type) = /);
    expect(output).toContain('styledCharsFromTokens(tokenize(line)).filter(character => !/^\\p{Default_Ignorable_Code_Point}+$/u.test(character.value))');
  });
});
