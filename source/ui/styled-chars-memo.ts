// Ink draws every frame afresh: each line of text is cut into styled characters
// (tokenize, then styledCharsFromTokens, from @alcalzone/ansi-tokenize), and
// tokenize walks the line grapheme by grapheme through Intl.Segmenter. Ink keeps
// those per frame only, so a refresh that changes one row of a 45-row screen
// tokenizes all 45 again, twice each (the text, then the line its styles made).
// At 2,000 services that was about a quarter of what an idle console allocated
// (130 MB a minute) and most of a frame's cost.
//
// The bundle (scripts/bundle.mjs) gives Ink these functions in place of the
// package's own (and its per-line filter of invisible characters, visibleStyledChars):
// the same answers, remembered by line across frames. What they
// hand back is frozen, so a caller that tried to change a remembered answer would
// throw rather than spoil the next frame. Memory is bounded: two generations of at
// most `limit` lines each; a line still drawn moves into the newer one.

export interface StyledCharsFunctions<Token, Char> {
  tokenize: (text: string, endChar?: number) => Token[];
  styledCharsFromTokens: (tokens: Token[]) => Char[];
  styledCharsToString: (chars: Char[]) => string;
}

/** Lines remembered per generation: a 60-row screen's text and styled lines, a few times over. */
export const STYLED_LINES_REMEMBERED = 400;

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}

export interface MemoizedStyledChars<Token, Char> extends StyledCharsFunctions<Token, Char> {
  visibleStyledChars: (line: string, visible: (char: Char) => boolean) => Char[];
}

/** `real`'s functions, answering a line seen lately from memory. */
export function memoizedStyledChars<Token, Char>(real: StyledCharsFunctions<Token, Char>, limit = STYLED_LINES_REMEMBERED): MemoizedStyledChars<Token, Char> {
  let current = new Map<string, Token[]>();
  let previous = new Map<string, Token[]>();
  // The styled characters of each remembered token list: a list leaves with its line.
  const charsOf = new WeakMap<Token[], Char[]>();
  const made = new WeakSet<Token[]>();
  // Ink copies a line's characters into fresh arrays (its lines, its screen rows) before it
  // writes them out again: such an array holding exactly one remembered line's characters is
  // that line, found by its first character.
  const lineStartingWith = new WeakMap<object, {chars: Char[]; text?: string}>();

  const tokenize = (text: string, endChar?: number): Token[] => {
    // A cut-short read (endChar) is not remembered: Ink never asks for one.
    if (endChar !== undefined) return real.tokenize(text, endChar);
    let tokens = current.get(text);
    if (tokens) return tokens;
    tokens = previous.get(text);
    if (!tokens) {
      tokens = deepFreeze(real.tokenize(text));
      made.add(tokens);
    }
    if (current.size >= limit) {
      previous = current;
      current = new Map();
    }
    current.set(text, tokens);
    return tokens;
  };

  const styledCharsFromTokens = (tokens: Token[]): Char[] => {
    let chars = charsOf.get(tokens);
    if (chars) return chars;
    chars = real.styledCharsFromTokens(tokens);
    // Only lists this memo made are remembered: anyone else's may still change.
    if (!made.has(tokens)) return chars;
    chars = deepFreeze(chars);
    charsOf.set(tokens, chars);
    const first = chars[0];
    if (typeof first === 'object' && first !== null) lineStartingWith.set(first, {chars});
    return chars;
  };

  const styledCharsToString = (chars: Char[]): string => {
    const first = chars[0];
    const line = typeof first === 'object' && first !== null ? lineStartingWith.get(first) : undefined;
    if (!line || line.chars.length !== chars.length) return real.styledCharsToString(chars);
    for (let index = 1; index < chars.length; index++) if (chars[index] !== line.chars[index]) return real.styledCharsToString(chars);
    line.text ??= real.styledCharsToString(chars);
    return line.text;
  };

  // Ink keeps a line's characters without standalone invisible ones (its own test, given as
  // `visible`): a line with none is its characters as they are, the same array.
  const visibleOf = new WeakMap<Char[], Char[]>();
  const visibleStyledChars = (line: string, visible: (char: Char) => boolean): Char[] => {
    const chars = styledCharsFromTokens(tokenize(line));
    let kept = visibleOf.get(chars);
    if (kept) return kept;
    kept = chars.every(visible) ? chars : chars.filter(visible);
    if (Object.isFrozen(chars)) visibleOf.set(chars, deepFreeze(kept));
    return kept;
  };

  return {tokenize, styledCharsFromTokens, styledCharsToString, visibleStyledChars};
}
