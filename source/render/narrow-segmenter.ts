// Intl.Segmenter for the bundle (scripts/bundle.mjs puts it in place of the global one).
import {NARROW_TEXT} from './narrow-text.js';

/** Terminal escapes (ESC, a control, is a grapheme of its own) within narrow text. */
const NARROW_STYLED_TEXT = new RegExp(NARROW_TEXT.source.replace('^[', '^[\\u001b'));

interface Segment {
  segment: string;
  index: number;
  input: string;
}

/** The segments of text whose every UTF-16 unit is a grapheme of its own: one a unit, as ICU would give them. */
class UnitSegments implements Iterable<Segment> {
  constructor(private readonly input: string) {}
  containing(index = 0): Segment | undefined {
    const at = Math.trunc(Number(index) || 0);
    return at >= 0 && at < this.input.length ? {segment: this.input[at]!, index: at, input: this.input} : undefined;
  }
  *[Symbol.iterator](): Iterator<Segment> {
    for (let index = 0; index < this.input.length; index++) yield {segment: this.input[index]!, index, input: this.input};
  }
}

/**
 * A grapheme segmenter that asks ICU only for text that needs it. Ink and the packages it draws
 * with each make a segmenter as they load and run every line of every frame through one; making
 * the first costs ICU's break rules (some 15 ms of a start), and a frame is almost all narrow
 * text, where every character is a grapheme of its own. Other granularities, and other text,
 * go to the real segmenter, made when first needed.
 */
export class NarrowFirstSegmenter {
  readonly #options: ConstructorParameters<typeof Intl.Segmenter>;
  #real: Intl.Segmenter | undefined;
  constructor(...options: ConstructorParameters<typeof Intl.Segmenter>) {
    this.#options = options;
  }
  #segmenter(): Intl.Segmenter {
    // globalThis: the bundle replaces `Intl.Segmenter` itself with this class.
    this.#real ??= new globalThis.Intl.Segmenter(...this.#options);
    return this.#real;
  }
  segment(input: string): Intl.Segments | UnitSegments {
    const text = String(input);
    if ((this.#options[1]?.granularity ?? 'grapheme') === 'grapheme' && NARROW_STYLED_TEXT.test(text)) return new UnitSegments(text);
    return this.#segmenter().segment(text);
  }
  resolvedOptions(): Intl.ResolvedSegmenterOptions {
    return this.#segmenter().resolvedOptions();
  }
}
