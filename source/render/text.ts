import stringWidth from 'string-width';

// Every string that comes from the cluster passes through `inert` before it is
// drawn: a container, a label or an engine message must never be able to move
// the cursor, retitle the terminal or clear the screen.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

export function inert(text: string): string {
  if (!CONTROL.test(text)) return text;
  CONTROL.lastIndex = 0;
  return text.replace(CONTROL, char => {
    const code = char.charCodeAt(0);
    if (code === 0x7f) return '^?';
    if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
    return `\\x${code.toString(16)}`;
  });
}

const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;
const segmenter = new Intl.Segmenter();

export function displayWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

/** Cuts `text` to at most `width` columns, marking the cut with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (PRINTABLE_ASCII.test(text)) {
    return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
  }
  if (stringWidth(text) <= width) return text;
  let used = 0;
  let result = '';
  for (const {segment} of segmenter.segment(text)) {
    const segmentWidth = stringWidth(segment);
    if (used + segmentWidth > width - 1) break;
    result += segment;
    used += segmentWidth;
  }
  return `${result}…`;
}

export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  const padding = ' '.repeat(Math.max(0, width - displayWidth(cut)));
  return align === 'right' ? padding + cut : cut + padding;
}

/** Hard-wraps `text` into at most `maxLines` lines of `width`. */
export function wrapLines(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  for (let start = 0; start < text.length && lines.length < maxLines; start += width) {
    lines.push(text.slice(start, start + width));
  }
  return lines;
}

export interface HighlightPart {
  text: string;
  match: boolean;
}

/**
 * Splits `text` around the matches of `needle` (literal, not a pattern;
 * case-insensitive unless asked), leftmost first and not overlapping. Joining
 * the parts gives `text` back. An empty needle matches nothing.
 */
export function highlight(text: string, needle: string, options: {caseSensitive?: boolean} = {}): HighlightPart[] {
  if (!needle || !text) return text ? [{text, match: false}] : [];
  const haystack = options.caseSensitive ? text : text.toLowerCase();
  const wanted = options.caseSensitive ? needle : needle.toLowerCase();
  // toLowerCase can change lengths (e.g. 'İ'); then fall back to a case-sensitive search so indexes stay true.
  const exact = haystack.length !== text.length || wanted.length !== needle.length;
  const search = exact ? text : haystack;
  const term = exact ? needle : wanted;
  const parts: HighlightPart[] = [];
  let from = 0;
  for (let at = search.indexOf(term); at !== -1; at = search.indexOf(term, from)) {
    if (at > from) parts.push({text: text.slice(from, at), match: false});
    parts.push({text: text.slice(at, at + term.length), match: true});
    from = at + term.length;
  }
  if (from < text.length) parts.push({text: text.slice(from), match: false});
  return parts;
}
