import {describe, expect, it} from 'vitest';
import {JsonArraySplitter} from '../../source/docker/json-array-stream.js';

function split(chunks: Buffer[]): unknown[] {
  const out: unknown[] = [];
  const splitter = new JsonArraySplitter(text => out.push(JSON.parse(text)));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return out;
}

const tricky = [
  {ID: 'a', Spec: {Labels: {'x]}': '{[', quote: 'say "hi" \\ ok'}}, List: [1, [2, {three: 3}]]},
  {ID: 'b', Status: {Err: 'non-zero exit: é ✓ 🐳 }'}},
  {},
  {ID: 'c', Nested: {Deep: {Deeper: [{}, []]}}},
];

describe('splitting a streamed JSON array into its objects', () => {
  it('finds every object whatever the chunk boundaries, strings with brackets, escapes and multi-byte characters included', () => {
    const bytes = Buffer.from(` \n${JSON.stringify(tricky, null, 1)}\n`, 'utf8');
    expect(split([bytes])).toEqual(tricky);
    for (let size = 1; size <= 7; size++) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      expect(split(chunks)).toEqual(tricky);
    }
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(split([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(tricky);
    }
  });

  it('reads an empty list, and refuses a list cut short or anything but an array of objects', () => {
    expect(split([Buffer.from('[]')])).toEqual([]);
    expect(() => split([Buffer.from('[{"ID":"a"},{"ID":')])).toThrow(/cut short/);
    expect(() => split([Buffer.from('{"ID":"a"}')])).toThrow(/not an array/);
    expect(() => split([Buffer.from('null')])).toThrow(/not an array/);
  });

  it('hands over elements that are not objects, so the decoder can count them, whatever the chunk boundaries', () => {
    const elements = ['a "quoted" ] } string', null, 12.5e3, {ID: 'b', List: [null, 1]}, true, -7, false, [], {}];
    const bytes = Buffer.from(`[ ${elements.map(element => JSON.stringify(element)).join(' ,\n')} ]`, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(split([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(elements);
    }
    expect(split([Buffer.from('[1,2,3]')])).toEqual([1, 2, 3]);
  });

  it('says how deep each element nests', () => {
    const depths: number[] = [];
    const splitter = new JsonArraySplitter((_text, depth) => depths.push(depth));
    splitter.push(Buffer.from('[null, {}, {"a": {"b": [1]}}, [[[]]]]'));
    splitter.end();
    expect(depths).toEqual([0, 1, 3, 3]);
  });
});
