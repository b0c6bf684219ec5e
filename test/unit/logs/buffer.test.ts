import {describe, expect, it} from 'vitest';
import {LineSplitter, LogBuffer, type NewLogLine} from '../../../source/model/log-buffer.js';

const line = (text: string): NewLogLine => ({stream: 'stdout', text, truncatedBytes: 0});

describe('LineSplitter', () => {
  it('keeps partial lines across chunks and flushes the last one', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from('one\ntw'))).toEqual([{text: 'one', truncatedBytes: 0}]);
    expect(splitter.push(Buffer.from('o\n\nthr'))).toEqual([
      {text: 'two', truncatedBytes: 0},
      {text: '', truncatedBytes: 0},
    ]);
    expect(splitter.pendingBytes).toBe(3);
    expect(splitter.flush()).toEqual({text: 'thr', truncatedBytes: 0});
    expect(splitter.flush()).toBeUndefined();
  });

  it('decodes a character split across chunks at every byte', () => {
    const bytes = Buffer.from('héllo 😀 wörld\n', 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const splitter = new LineSplitter();
      const lines = [...splitter.push(bytes.subarray(0, cut)), ...splitter.push(bytes.subarray(cut))];
      expect(lines).toEqual([{text: 'héllo 😀 wörld', truncatedBytes: 0}]);
    }
  });

  it('turns invalid bytes into U+FFFD without throwing', () => {
    const splitter = new LineSplitter();
    const lines = splitter.push(Buffer.from([0x61, 0xff, 0x62, 0xc3, 0x0a, 0xe2, 0x82, 0x0a, 0xed, 0xa0, 0x80, 0x0a]));
    expect(lines.map(l => l.text)).toEqual(['a\ufffdb\ufffd', '\ufffd', '\ufffd\ufffd\ufffd']);
  });

  it('drops the CR of CRLF but keeps a bare CR as a character', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from('tty line\r\n10%\r50%\r100%\n\r\r\n')).map(l => l.text)).toEqual(['tty line', '10%\r50%\r100%', '\r']);
    // A CRLF split across chunks too.
    expect(splitter.push(Buffer.from('x\r'))).toEqual([]);
    expect(splitter.push(Buffer.from('\n')).map(l => l.text)).toEqual(['x']);
  });

  it('caps a 1 MB line without a newline: 16 KiB kept, the rest counted', () => {
    const splitter = new LineSplitter();
    const chunk = Buffer.alloc(64 * 1024, 0x78);
    const started = performance.now();
    for (let i = 0; i < 16; i++) expect(splitter.push(chunk)).toEqual([]);
    expect(splitter.pendingBytes).toBe(16 * 1024);
    const [cut] = splitter.push(Buffer.from('tail\nnext\n'));
    expect(cut!.text.length).toBe(16 * 1024);
    expect(cut!.truncatedBytes).toBe(1024 * 1024 + 4 - 16 * 1024);
    expect(splitter.flush()).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('cuts a long line on a character boundary', () => {
    const splitter = new LineSplitter({maxLineBytes: 10});
    // 'é' is two bytes: the 10-byte cap falls inside the fifth one.
    const [cut] = splitter.push(Buffer.from('aéééééé\n', 'utf8'));
    expect(cut).toEqual({text: 'aéééé', truncatedBytes: 4});
  });

  it('is not fooled by a caller reusing its buffer', () => {
    const splitter = new LineSplitter();
    const reused = Buffer.from('abc');
    splitter.push(reused);
    reused.write('xyz');
    expect(splitter.push(Buffer.from('\n'))[0]!.text).toBe('abc');
  });
});

describe('LogBuffer', () => {
  it('defaults to 5,000 lines and refuses a nonsense capacity', () => {
    expect(new LogBuffer().capacity).toBe(5000);
    expect(() => new LogBuffer({capacity: 0})).toThrow(RangeError);
  });

  it('numbers lines monotonically and evicts the oldest when full', () => {
    const buffer = new LogBuffer({capacity: 3});
    for (let i = 0; i < 5; i++) expect(buffer.append(line(`l${i}`)).seq).toBe(i);
    expect(buffer.size).toBe(3);
    expect(buffer.firstSeq).toBe(2);
    expect(buffer.endSeq).toBe(5);
    expect(buffer.dropped).toBe(2);
    expect(buffer.toArray().map(l => [l.seq, l.text])).toEqual([
      [2, 'l2'],
      [3, 'l3'],
      [4, 'l4'],
    ]);
    expect(buffer.get(1)).toBeUndefined();
    expect(buffer.get(3)?.text).toBe('l3');
    expect(buffer.get(5)).toBeUndefined();
  });

  it('keeps a line findable by sequence number while others arrive and go', () => {
    const buffer = new LogBuffer({capacity: 100});
    for (let i = 0; i < 150; i++) buffer.append(line(`l${i}`));
    const anchor = 120;
    expect(buffer.get(anchor)?.text).toBe('l120');
    for (let i = 150; i < 200; i++) buffer.append(line(`l${i}`));
    expect(buffer.get(anchor)?.text).toBe('l120');
    expect(buffer.range(anchor, 3).map(l => l.text)).toEqual(['l120', 'l121', 'l122']);
    // A range from an evicted line starts at the oldest kept.
    expect(buffer.range(0, 2).map(l => l.seq)).toEqual([100, 101]);
    expect(buffer.range(198, 10).map(l => l.seq)).toEqual([198, 199]);
    expect(buffer.tail(2).map(l => l.seq)).toEqual([198, 199]);
  });

  it('clears without reusing sequence numbers', () => {
    const buffer = new LogBuffer({capacity: 2});
    buffer.append(line('a'));
    buffer.append(line('b'));
    buffer.append(line('c'));
    buffer.clear();
    expect(buffer.size).toBe(0);
    expect(buffer.toArray()).toEqual([]);
    expect(buffer.append(line('d')).seq).toBe(3);
    expect(buffer.toArray().map(l => l.text)).toEqual(['d']);
  });

  it('appends in constant time', () => {
    const buffer = new LogBuffer({capacity: 1000});
    const started = performance.now();
    for (let i = 0; i < 200_000; i++) buffer.append(line('x'));
    expect(buffer.size).toBe(1000);
    expect(buffer.firstSeq).toBe(199_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
