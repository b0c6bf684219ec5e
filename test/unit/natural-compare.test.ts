// naturalCompare against the collator it stands in for: every ASCII pair it answers
// without ICU must get the collator's own answer, or a list would sort differently as
// soon as one non-ASCII name joined it.
import {describe, expect, it} from 'vitest';
import {NaturalOrder, naturalCompare} from '../../source/model/natural-compare.js';

const collator = new Intl.Collator('und', {numeric: true, sensitivity: 'base'});
const sign = (n: number) => Math.sign(n);

/** A seeded generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const PRINTABLE = Array.from({length: 0x7f - 0x20}, (_, index) => String.fromCharCode(0x20 + index));

describe('naturalCompare', () => {
  it('orders every pair of printable ASCII characters as the root collator does', () => {
    const wrong: string[] = [];
    for (const a of PRINTABLE) {
      for (const b of PRINTABLE) {
        if (sign(naturalCompare(a, b)) !== sign(collator.compare(a, b))) wrong.push(`${JSON.stringify(a)} ${JSON.stringify(b)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('agrees with the collator on 50,000 random ASCII names, digit runs and leading zeros among them', () => {
    const next = random(20261205);
    const alphabet = 'aAbBzZ0123456789000-_. /:@~$';
    const name = () => Array.from({length: 1 + Math.floor(next() * 12)}, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const wrong: string[] = [];
    for (let n = 0; n < 50_000; n++) {
      const a = name();
      const b = next() < 0.3 ? a.replace(/\d/g, digit => (next() < 0.5 ? `0${digit}` : digit)) : name();
      if (sign(naturalCompare(a, b)) !== sign(collator.compare(a, b))) wrong.push(`${JSON.stringify(a)} ${JSON.stringify(b)}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('puts node2 before node10, ignores case and leading zeros, and a prefix first', () => {
    expect(['node10', 'node2', 'Node1', 'node'].sort(naturalCompare)).toEqual(['node', 'Node1', 'node2', 'node10']);
    expect(naturalCompare('web.01', 'web.1')).toBe(0);
    expect(naturalCompare('WEB', 'web')).toBe(0);
    expect(naturalCompare('my_app', 'my-app')).toBeLessThan(0);
  });

  it('hands names with other characters to the collator: accents and case blind', () => {
    expect(naturalCompare('café', 'CAFE')).toBe(0);
    expect(['zeta', 'élan', 'alpha'].sort(naturalCompare)).toEqual(['alpha', 'élan', 'zeta']);
    expect(sign(naturalCompare('node\u0001x', 'nodex'))).toBe(sign(collator.compare('node\u0001x', 'nodex')));
  });

  it('NaturalOrder sorts by name and keeps ties in their order', () => {
    const order = new NaturalOrder<{name: string; id: number}>(item => item.name);
    const items = [
      {name: 'svc10', id: 1},
      {name: 'SVC2', id: 2},
      {name: 'svc2', id: 3},
    ];
    expect(order.sort(items).map(item => item.id)).toEqual([2, 3, 1]);
  });
});
