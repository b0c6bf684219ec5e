// Splits a streamed JSON array into one text per element, as the bytes arrive. A
// list of tens of thousands of tasks is then parsed one task at a time, between
// other events (keys), and never exists as one string and one object tree: only
// the slim task kept from each survives the chunk it arrived in.
//
// Elements that are not objects (a null, a number, a string) are handed over too,
// so the decoder can set them aside and count them rather than lose them unseen.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Called with each element's text and how deep it nests (0 for a scalar, 1 for a flat object). */
export type ElementSink = (text: string, depth: number) => void;
/** The same, with the element's bytes (UTF-8, as sent) rather than its text. */
export type ElementBytesSink = (bytes: Buffer, depth: number) => void;

export class JsonArraySplitter {
  /** Nesting depth: 0 outside the array, 1 between its elements. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** A bare element (number, true, false, null) is being read. */
  private inScalar = false;
  /** An element has begun and not yet ended: the rest of the chunk belongs to it. */
  private open = false;
  private deepest = 0;
  private parts: Buffer[] = [];

  private readonly onBytes: ElementBytesSink;

  /** Each element is handed over as text, or as bytes (`{bytes}`: for a reader that compares them with the last read's before decoding). */
  constructor(onElement: ElementSink | {bytes: ElementBytesSink}) {
    this.onBytes = typeof onElement === 'function' ? (bytes, depth) => onElement(bytes.toString('utf8'), depth) : onElement.bytes;
  }

  /**
   * Feeds the next bytes. Structural characters are ASCII and every byte of a
   * multi-byte UTF-8 character is ≥ 0x80, so scanning bytes is exact.
   */
  push(chunk: Buffer): void {
    let start = this.open ? 0 : -1;
    // Most bytes are inside strings: jump to the string's next quote or backslash.
    let nextQuote = -1;
    let nextBackslash = -1;
    for (let i = 0; i < chunk.length; i++) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        if (nextQuote < i) nextQuote = chunk.indexOf(QUOTE, i);
        if (nextBackslash < i && nextBackslash !== Infinity) {
          nextBackslash = chunk.indexOf(BACKSLASH, i);
          if (nextBackslash === -1) nextBackslash = Infinity;
        }
        if (nextQuote === -1 && nextBackslash === Infinity) break;
        if (nextBackslash < (nextQuote === -1 ? Infinity : nextQuote)) {
          i = nextBackslash;
          this.escaped = true;
        } else {
          i = nextQuote;
          this.inString = false;
          // A string that is itself an element of the array.
          if (this.depth === 1) start = this.emit(chunk, start, i + 1);
        }
        continue;
      }
      const byte = chunk[i]!;
      if (this.inScalar) {
        if (byte !== COMMA && byte !== CLOSE_BRACKET && byte !== CLOSE_BRACE && !isSpace(byte)) continue;
        start = this.emit(chunk, start, i);
      }
      if (byte === QUOTE) {
        if (this.depth === 0) throw new Error('unexpected JSON: not an array');
        if (this.depth === 1) start = this.begin(i);
        this.inString = true;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        if (this.depth === 0 && byte !== OPEN_BRACKET) throw new Error('unexpected JSON: not an array');
        if (this.depth === 1) start = this.begin(i);
        this.depth++;
        if (this.depth - 1 > this.deepest) this.deepest = this.depth - 1;
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth === 1) start = this.emit(chunk, start, i + 1);
        else if (this.depth < 0) throw new Error('unexpected JSON: unbalanced brackets');
      } else if (byte !== COMMA && !isSpace(byte)) {
        if (this.depth === 0) throw new Error('unexpected JSON: not an array');
        if (this.depth === 1) {
          start = this.begin(i);
          this.inScalar = true;
        }
      }
    }
    if (this.open && start !== -1) this.parts.push(chunk.subarray(start));
  }

  /** Throws if the array was cut short. */
  end(): void {
    if (this.depth !== 0 || this.inString) throw new Error('unexpected end of JSON: the list was cut short');
  }

  private begin(at: number): number {
    this.open = true;
    this.deepest = 0;
    return at;
  }

  /** Hands over the element ending before `end`; returns the new start (none). */
  private emit(chunk: Buffer, start: number, end: number): number {
    this.parts.push(chunk.subarray(start, end));
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.open = false;
    this.inScalar = false;
    this.onBytes(bytes, this.deepest);
    return -1;
  }
}
