// Natural order ("node2" before "node10"), case- and accent-blind: the order of
// Intl.Collator('und', {numeric: true, sensitivity: 'base'}), Unicode's root
// collation, the same in every locale.
//
// Names in a swarm are nearly always printable ASCII, and those are compared here
// without ICU: creating a collator loads ICU's collation code and tables, some
// 5 MiB of the executable's pages and 15 ms of a start, for an order a table of 95
// characters gives. A name with anything else in it goes to the collator itself,
// made on first need. The two agree on every ASCII pair (test/unit/natural-compare.test.ts
// checks them against each other), so a list mixing both kinds still has one order.

/** Printable ASCII other than letters and digits, in the root collation's primary order. */
const PUNCTUATION_ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$';
/** Digits sort after every punctuation mark and symbol, letters after digits. */
const DIGIT_RANK = PUNCTUATION_ORDER.length;
const LETTER_RANK = DIGIT_RANK + 1;

/** Primary rank of each printable ASCII code (letters case-folded); -1 outside 0x20-0x7e. */
const RANK = new Int16Array(128).fill(-1);
for (let code = 0x20; code < 0x7f; code++) {
  const character = String.fromCharCode(code);
  if (code >= 0x30 && code <= 0x39) RANK[code] = DIGIT_RANK;
  else if (/[a-z]/i.test(character)) RANK[code] = LETTER_RANK + character.toLowerCase().charCodeAt(0) - 0x61;
  else RANK[code] = PUNCTUATION_ORDER.indexOf(character);
}

const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;

let collator: Intl.Collator | undefined;

function collatorCompare(a: string, b: string): number {
  collator ??= new Intl.Collator('und', {numeric: true, sensitivity: 'base'});
  return collator.compare(a, b);
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/** The end of the digit run starting at `start`. */
function digitsEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  return end;
}

/** Two digit runs by the numbers they write (leading zeros do not count, as in the collator). */
function compareNumbers(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number): number {
  while (aStart < aEnd - 1 && a.charCodeAt(aStart) === 0x30) aStart++;
  while (bStart < bEnd - 1 && b.charCodeAt(bStart) === 0x30) bStart++;
  const lengths = aEnd - aStart - (bEnd - bStart);
  if (lengths !== 0) return lengths < 0 ? -1 : 1;
  for (let i = 0; i < aEnd - aStart; i++) {
    const difference = a.charCodeAt(aStart + i) - b.charCodeAt(bStart + i);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return 0;
}

function compareAscii(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const codeA = a.charCodeAt(i);
    const codeB = b.charCodeAt(j);
    if (isDigit(codeA) && isDigit(codeB)) {
      const endA = digitsEnd(a, i);
      const endB = digitsEnd(b, j);
      const numbers = compareNumbers(a, i, endA, b, j, endB);
      if (numbers !== 0) return numbers;
      i = endA;
      j = endB;
      continue;
    }
    const rankA = RANK[codeA]!;
    const rankB = RANK[codeB]!;
    if (rankA !== rankB) return rankA < rankB ? -1 : 1;
    i++;
    j++;
  }
  // One ran out first: the shorter sorts first.
  return (i < a.length ? 1 : 0) - (j < b.length ? 1 : 0);
}

/** Negative, zero or positive as `a` sorts before, with or after `b` in natural order. */
export function naturalCompare(a: string, b: string): number {
  return PRINTABLE_ASCII.test(a) && PRINTABLE_ASCII.test(b) ? compareAscii(a, b) : collatorCompare(a, b);
}

/**
 * Sorts lists in natural order of a name, remembering the last order: a list whose names
 * stand where they stood last time (a refresh that moved some services but renamed,
 * added and removed none) is put in that order again without comparing a name. At
 * 2,000 services the comparisons were most of a services pane's work per refresh.
 */
export class NaturalOrder<T> {
  private names: string[] = [];
  private order: number[] = [];

  constructor(private readonly nameOf: (item: T) => string) {}

  sort(items: readonly T[]): T[] {
    const names = items.map(this.nameOf);
    const same = names.length === this.names.length && names.every((name, index) => name === this.names[index]);
    if (!same) {
      this.order = names.map((_, index) => index).sort((a, b) => naturalCompare(names[a]!, names[b]!) || a - b);
      this.names = names;
    }
    return this.order.map(index => items[index]!);
  }
}
