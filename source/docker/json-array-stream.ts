// Splits a streamed JSON array of objects into one text per element, as the bytes
// arrive. A list of tens of thousands of tasks is then parsed one task at a time,
// between other events (keys), and never exists as one string and one object tree:
// only the slim task kept from each survives the chunk it arrived in.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

export class JsonArraySplitter {
  /** Nesting depth: 0 outside the array, 1 between its elements. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  private parts: Buffer[] = [];

  constructor(private readonly onElement: (text: string) => void) {}

  /**
   * Feeds the next bytes. Structural characters are ASCII and every byte of a
   * multi-byte UTF-8 character is ≥ 0x80, so scanning bytes is exact.
   */
  push(chunk: Buffer): void {
    let start = this.depth >= 2 ? 0 : -1;
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
        }
        continue;
      }
      const byte = chunk[i]!;
      if (byte === QUOTE) {
        if (this.depth < 2) throw new Error('unexpected JSON: the array holds a string, not objects');
        this.inString = true;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        if (this.depth === 0 && byte !== OPEN_BRACKET) throw new Error('unexpected JSON: not an array');
        if (this.depth === 1) start = i;
        this.depth++;
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth === 1) {
          this.parts.push(chunk.subarray(start, i + 1));
          const text = Buffer.concat(this.parts).toString('utf8');
          this.parts = [];
          start = -1;
          this.onElement(text);
        } else if (this.depth < 0) {
          throw new Error('unexpected JSON: unbalanced brackets');
        }
      }
    }
    if (this.depth >= 2 && start !== -1) this.parts.push(chunk.subarray(start));
  }

  /** Throws if the array was cut short. */
  end(): void {
    if (this.depth !== 0 || this.inString) throw new Error('unexpected end of JSON: the list was cut short');
  }
}
