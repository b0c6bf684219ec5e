// The pure part of the document screen: wrapping a document's lines to the
// width, finding `/` matches, and where a scroll or a jump lands.

import {type DisplayText, type HighlightPart, highlight, inert, sliceText} from '../../render/text.js';

/** A display row: a piece of one document line, made inert, at most `width` wide. */
export interface DocumentRow {
  text: DisplayText;
  /** The document line it comes from. */
  line: number;
}

/** Lines made inert (tabs as spaces) and hard-wrapped to `width`, so nothing is cut off. */
export function layoutRows(lines: readonly string[], width: number): DocumentRow[] {
  const rows: DocumentRow[] = [];
  const size = Math.max(1, width);
  lines.forEach((line, index) => {
    const text = inert(line.replace(/\t/g, '    '));
    if (text.length <= size) {
      rows.push({text, line: index});
      return;
    }
    for (let start = 0; start < text.length; start += size) rows.push({text: sliceText(text, start, start + size), line: index});
  });
  return rows;
}

/** Indexes of the rows holding `needle` (case-insensitive). */
export function matchingRows(rows: readonly DocumentRow[], needle: string): number[] {
  const wanted = needle.trim().toLowerCase();
  if (!wanted) return [];
  return rows.flatMap((row, index) => (row.text.toLowerCase().includes(wanted) ? [index] : []));
}

export function clampOffset(offset: number, rowCount: number, height: number): number {
  return Math.max(0, Math.min(offset, rowCount - height));
}

/** The next match after `from` (or before it, backwards), wrapping around; undefined when there is none. */
export function nextMatch(matches: readonly number[], from: number, backwards = false): number | undefined {
  if (matches.length === 0) return undefined;
  if (backwards) return [...matches].reverse().find(row => row < from) ?? matches[matches.length - 1];
  return matches.find(row => row > from) ?? matches[0];
}

/** A row split around the matches of `needle` (case-insensitive), for highlighting. */
export function highlightParts<Text extends string>(text: Text, needle: string): HighlightPart<Text>[] {
  const wanted = needle.trim();
  return wanted && text ? highlight(text, wanted) : [{text, match: false}];
}
