// The bundle's segmenter (scripts/bundle.mjs puts it in place of Intl.Segmenter for Ink and its
// packages) answers narrow text itself: its segments must be exactly ICU's, or Ink would cut
// and measure a frame's lines differently from the segmenter it replaces.
import {describe, expect, it} from 'vitest';
import {NarrowFirstSegmenter} from '../../source/render/narrow-segmenter.js';

const plain = (segments: Iterable<{segment: string; index: number; input: string}>) =>
  [...segments].map(({segment, index, input}) => ({segment, index, input}));

const SAMPLES = [
  '',
  'shop_web                  3/3  nginx:1.2…',
  '\u001B[36mshop_redis\u001B[39m · 1/1 — │ ─ █ → ✓',
  '\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007',
  'e\u0301 combining',
  'flag 🇩🇪 and 👩‍👩‍👧',
  'wide 漢字 text',
  'line\r\nbreak',
];

describe('NarrowFirstSegmenter', () => {
  const icu = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
  const ours = new NarrowFirstSegmenter(undefined, {granularity: 'grapheme'});

  it('gives the segments ICU gives, narrow text or not', () => {
    for (const text of SAMPLES) expect(plain(ours.segment(text)), JSON.stringify(text)).toEqual(plain(icu.segment(text)));
  });

  it("finds the segment containing an index as ICU's does", () => {
    for (const text of SAMPLES) {
      for (let index = -1; index <= text.length; index++) {
        const want = icu.segment(text).containing(index);
        const got = ours.segment(text).containing(index);
        expect(got && {segment: got.segment, index: got.index, input: got.input}, `${JSON.stringify(text)} at ${index}`).toEqual(
          want && {segment: want.segment, index: want.index, input: want.input},
        );
      }
    }
  });

  it('leaves other granularities to ICU', () => {
    const words = new NarrowFirstSegmenter('en', {granularity: 'word'});
    expect([...words.segment('two words')].map(segment => segment.segment)).toEqual(['two', ' ', 'words']);
    expect(words.resolvedOptions().granularity).toBe('word');
  });
});
