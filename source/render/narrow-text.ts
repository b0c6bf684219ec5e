// Text whose width is its length: see NARROW_TEXT.

/**
 * Characters each one column wide and one grapheme wherever they stand: printable ASCII, Latin-1's
 * printable signs and letters, and the punctuation, arrows, math signs, box drawing, blocks, shapes
 * and checks the console draws (emoji and anything that joins a neighbour left out). A string of
 * only these is as wide as it is long, so it needs neither ICU's segmenter nor the width tables:
 * a first frame is full of "…", "·", "—" and "│", and measuring them one grapheme at a time was
 * 60 ms of it. test/unit/narrow-text.test.ts checks every one against string-width and the segmenter.
 * Its own module, with no imports: the bundle gives Ink the same shortcut (scripts/bundle.mjs).
 */
export const NARROW_TEXT =
  /^[\u0020-\u007e\u00a0-\u00a8\u00aa-\u00ac\u00af-\u00ff\u2010-\u2027\u202f-\u203b\u203d-\u2048\u204a-\u205e\u2190-\u2193\u219a-\u21a8\u21ab-\u21ff\u2212\u2264-\u2265\u2500-\u25a9\u25ac-\u25b5\u25b7-\u25bf\u25c1-\u25fa\u25ff\u2713\u2717]*$/;
