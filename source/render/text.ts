import stringWidth from 'string-width';
import {NARROW_TEXT} from './narrow-text.js';

// Every string the console draws is a DisplayText: made by `inert` (or the
// helpers below, which call it or only join DisplayTexts), so nothing a node,
// a service owner or a container sets can move the cursor, retitle the
// terminal, clear the screen or reorder what the operator reads. The Ink text
// sinks in source/ui accept nothing else, so a path that skips `inert` does
// not compile.
declare const displayBrand: unique symbol;
export type DisplayText = string & {readonly [displayBrand]: true};

// C0 (TAB is expanded first), DEL, C1, and the bidi controls: the embeddings and
// overrides (U+202A–U+202E), the isolates (U+2066–U+2069), the marks (U+200E/F,
// U+061C). The line and paragraph separators (U+2028/9) break lines in some terminals.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
const TAB_STOP = 8;

/** How a control character is shown: ^[ for ESC (so an escape sequence shows as text and never runs), \x9b, \u202e. */
function visibleEscape(char: string): string {
  const code = char.charCodeAt(0);
  if (code === 0x7f) return '^?';
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  if (code <= 0x9f) return `\\x${code.toString(16)}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

function escapeControls(text: string): string {
  return text.replace(UNSAFE_ALL, visibleEscape);
}

/**
 * The sanitizer, and the only maker of DisplayText: control characters, escape
 * sequences and bidi controls become visible text, TAB becomes spaces to the
 * next 8-column stop. Text with none of them (almost all) comes back as it is.
 */
export function inert(text: string): DisplayText {
  if (!UNSAFE.test(text)) return text as DisplayText;
  if (!text.includes('\t')) return escapeControls(text) as DisplayText;
  let result = '';
  let column = 0;
  text.split('\t').forEach((piece, index) => {
    if (index > 0) {
      const pad = TAB_STOP - (column % TAB_STOP);
      result += ' '.repeat(pad);
      column += pad;
    }
    const shown = escapeControls(piece);
    result += shown;
    column += displayWidth(shown);
  });
  return result as DisplayText;
}

/** Text of the console's own with values in it, made inert whole: display`tasks on ${hostname}`. */
export function display(strings: TemplateStringsArray, ...values: readonly (string | number)[]): DisplayText {
  let text = strings[0]!;
  values.forEach((value, index) => {
    text += String(value) + strings[index + 1]!;
  });
  return inert(text);
}

/** DisplayTexts joined stay inert: none holds a control character to combine with another. */
export function joinText(parts: readonly DisplayText[], separator: DisplayText | '' = ''): DisplayText {
  return parts.join(separator) as DisplayText;
}

/** A piece of a DisplayText is inert too: cutting can split an escape's visible text, never make a control. */
export function sliceText(text: DisplayText, start: number, end?: number): DisplayText {
  return text.slice(start, end) as DisplayText;
}

/**
 * A message printed to stderr or stdout before or after the UI: each line made
 * inert, the line breaks kept. Startup errors name endpoints, contexts and engine
 * messages, which may come from a hostile engine or a config file.
 */
export function terminalMessage(text: string): string {
  return text
    .split(/\r?\n/)
    .map(line => inert(line))
    .join('\n');
}

// Made on first need: most text never needs one (NARROW_TEXT).
let segmenter: Intl.Segmenter | undefined;

export function displayWidth(text: string): number {
  return NARROW_TEXT.test(text) ? text.length : stringWidth(text);
}

/** Cuts `text` to at most `width` columns, marking the cut with an ellipsis. A cut DisplayText stays inert. */
export function truncate(text: DisplayText, width: number): DisplayText;
export function truncate(text: string, width: number): string;
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (NARROW_TEXT.test(text)) {
    return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
  }
  if (stringWidth(text) <= width) return text;
  let used = 0;
  let result = '';
  segmenter ??= new Intl.Segmenter();
  for (const {segment} of segmenter.segment(text)) {
    const segmentWidth = stringWidth(segment);
    if (used + segmentWidth > width - 1) break;
    result += segment;
    used += segmentWidth;
  }
  return `${result}…`;
}

export function fit(text: DisplayText, width: number, align?: 'left' | 'right'): DisplayText;
export function fit(text: string, width: number, align?: 'left' | 'right'): string;
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  const padding = ' '.repeat(Math.max(0, width - displayWidth(cut)));
  return align === 'right' ? padding + cut : cut + padding;
}

/** Hard-wraps `text` into at most `maxLines` lines of `width`. */
export function wrapLines(text: DisplayText, width: number, maxLines: number): DisplayText[];
export function wrapLines(text: string, width: number, maxLines: number): string[];
export function wrapLines(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  for (let start = 0; start < text.length && lines.length < maxLines; start += width) {
    lines.push(text.slice(start, start + width));
  }
  return lines;
}

export interface HighlightPart<Text extends string = string> {
  text: Text;
  match: boolean;
}

/**
 * Splits `text` around the matches of `needle` (literal, not a pattern;
 * case-insensitive unless asked), leftmost first and not overlapping. Joining
 * the parts gives `text` back. An empty needle matches nothing.
 */
export function highlight<Text extends string>(text: Text, needle: string, options: {caseSensitive?: boolean} = {}): HighlightPart<Text>[] {
  if (!needle || !text) return text ? [{text, match: false}] : [];
  const haystack = options.caseSensitive ? text : text.toLowerCase();
  const wanted = options.caseSensitive ? needle : needle.toLowerCase();
  // toLowerCase can change lengths (e.g. 'İ'); then fall back to a case-sensitive search so indexes stay true.
  const exact = haystack.length !== text.length || wanted.length !== needle.length;
  const search = exact ? text : haystack;
  const term = exact ? needle : wanted;
  const parts: HighlightPart<Text>[] = [];
  // A slice of a DisplayText is inert as well.
  const slice = (start: number, end?: number) => text.slice(start, end) as Text;
  let from = 0;
  for (let at = search.indexOf(term); at !== -1; at = search.indexOf(term, from)) {
    if (at > from) parts.push({text: slice(from, at), match: false});
    parts.push({text: slice(at, at + term.length), match: true});
    from = at + term.length;
  }
  if (from < text.length) parts.push({text: slice(from), match: false});
  return parts;
}
