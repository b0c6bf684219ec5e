import {describe, expect, it} from 'vitest';
import {FrameDemuxer, demultiplex, formatSince, isMultiplexed, parseLogPrefix, parseLogTime, rawChunks, type LogChunk} from '../../../source/docker/logs.js';

function frame(stream: number, text: string | Uint8Array): Buffer {
  const payload = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

// Joins consecutive pieces of the same stream, as a reader of the chunks would see them.
function joined(chunks: LogChunk[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const chunk of chunks) {
    const text = Buffer.from(chunk.data).toString('utf8');
    const last = out[out.length - 1];
    if (last && last[0] === chunk.stream) last[1] += text;
    else out.push([chunk.stream, text]);
  }
  return out;
}

async function collect(iterable: AsyncIterable<LogChunk>): Promise<LogChunk[]> {
  const out: LogChunk[] = [];
  for await (const chunk of iterable) out.push(chunk);
  return out;
}

async function* from(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

describe('FrameDemuxer', () => {
  const body = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err one\n'), frame(1, 'out two\n'), frame(0, 'stdin\n')]);
  const expected = [
    ['stdout', 'out one\n'],
    ['stderr', 'err one\n'],
    ['stdout', 'out two\nstdin\n'],
  ];

  it('splits several frames in one chunk', () => {
    const demuxer = new FrameDemuxer();
    expect(joined(demuxer.push(body))).toEqual(expected);
    expect(demuxer.pending).toBe(0);
  });

  it('handles every possible cut, including inside headers', () => {
    for (let cut = 0; cut <= body.length; cut++) {
      const demuxer = new FrameDemuxer();
      const chunks = [...demuxer.push(body.subarray(0, cut)), ...demuxer.push(body.subarray(cut))];
      expect(joined(chunks)).toEqual(expected);
    }
  });

  it('handles a body fed one byte at a time', () => {
    const demuxer = new FrameDemuxer();
    const chunks: LogChunk[] = [];
    for (let i = 0; i < body.length; i++) chunks.push(...demuxer.push(body.subarray(i, i + 1)));
    expect(joined(chunks)).toEqual(expected);
  });

  it('passes a large frame on as it arrives, and reads its 32-bit big-endian length', () => {
    const payload = Buffer.alloc(70_000, 0x61);
    const whole = frame(2, payload);
    expect([...whole.subarray(4, 8)]).toEqual([0, 1, 0x11, 0x70]);
    const demuxer = new FrameDemuxer();
    const first = demuxer.push(whole.subarray(0, 1000));
    expect(first).toHaveLength(1);
    expect(first[0]!.stream).toBe('stderr');
    expect(first[0]!.data.length).toBe(992);
    expect(demuxer.pending).toBe(70_000 - 992);
    const rest = demuxer.push(whole.subarray(1000));
    expect(rest.reduce((n, chunk) => n + chunk.data.length, 0)).toBe(70_000 - 992);
    expect(demuxer.pending).toBe(0);
  });

  it('keeps empty frames harmless', () => {
    const demuxer = new FrameDemuxer();
    expect(joined(demuxer.push(Buffer.concat([frame(1, ''), frame(2, 'x\n')])))).toEqual([['stderr', 'x\n']]);
  });

  it('falls back to passing bytes through when the body is not multiplexed', () => {
    const demuxer = new FrameDemuxer();
    const chunks = demuxer.push(Buffer.from('hello world\r\nmore\r\n'));
    expect(demuxer.passThrough).toBe(true);
    expect(joined([...chunks, ...demuxer.push(Buffer.from('tail\r\n'))])).toEqual([['stdout', 'hello world\r\nmore\r\ntail\r\n']]);
  });

  it('works as an async stream, and raw mode tags everything stdout', async () => {
    const cut = 13;
    expect(joined(await collect(demultiplex(from([body.subarray(0, cut), body.subarray(cut)]))))).toEqual(expected);
    const tty = await collect(rawChunks(from([Buffer.from('a\r\nb'), Buffer.alloc(0), Buffer.from('\r\n')])));
    expect(joined(tty)).toEqual([['stdout', 'a\r\nb\r\n']]);
  });
});

describe('line prefixes', () => {
  const line =
    '2025-06-02T09:00:01.123456789Z com.docker.swarm.node.id=n1abc,com.docker.swarm.service.id=s1abc,com.docker.swarm.task.id=t1abc GET / HTTP/1.1 200';

  it('takes the timestamp, then the swarm details, off a line', () => {
    const parsed = parseLogPrefix(line, {timestamps: true, details: true});
    expect(parsed).toEqual({
      timestamp: '2025-06-02T09:00:01.123456789Z',
      timeMs: Date.parse('2025-06-02T09:00:01.123Z'),
      timeNs: 456789,
      attrs: {'com.docker.swarm.node.id': 'n1abc', 'com.docker.swarm.service.id': 's1abc', 'com.docker.swarm.task.id': 't1abc'},
      nodeId: 'n1abc',
      serviceId: 's1abc',
      taskId: 't1abc',
      text: 'GET / HTTP/1.1 200',
    });
  });

  it('decodes query-escaped attributes and keeps other attributes', () => {
    const parsed = parseLogPrefix('com.docker.swarm.task.id=t1,env%3Dx=a%2Cb+c,tag=%ZZ  two spaces', {timestamps: false, details: true});
    expect(parsed.attrs).toEqual({'com.docker.swarm.task.id': 't1', 'env=x': 'a,b c', tag: '%ZZ'});
    expect(parsed.text).toBe(' two spaces');
  });

  it('leaves text alone when a prefix is missing or not asked for', () => {
    expect(parseLogPrefix('plain line', {timestamps: true, details: true}).text).toBe('plain line');
    expect(parseLogPrefix(line, {timestamps: false, details: false}).text).toBe(line);
    // Empty attributes: the engine still writes the separating space.
    expect(parseLogPrefix('2025-06-02T09:00:01Z  text', {timestamps: true, details: true})).toMatchObject({text: 'text', timeNs: 0});
  });

  it('reads offsets and short fractions', () => {
    expect(parseLogTime('2025-06-02T11:00:01.5+02:00')).toEqual({timeMs: Date.parse('2025-06-02T09:00:01.500Z'), timeNs: 0});
    expect(parseLogTime('nonsense')).toBeUndefined();
  });

  it('formats since as seconds.nanoseconds', () => {
    expect(formatSince(1748854800.5)).toBe('1748854800.500000000');
    expect(formatSince(1748854800)).toBe('1748854800.000000000');
  });

  it('tells multiplexed bodies from the content type, else from the TTY flag', () => {
    expect(isMultiplexed('application/vnd.docker.multiplexed-stream', 'v1.47', true)).toBe(true);
    expect(isMultiplexed('application/vnd.docker.raw-stream', 'v1.47', false)).toBe(false);
    // Before 1.42 every body is labelled raw.
    expect(isMultiplexed('application/vnd.docker.raw-stream', 'v1.41', false)).toBe(true);
    expect(isMultiplexed('application/vnd.docker.raw-stream', 'v1.41', true)).toBe(false);
    expect(isMultiplexed(undefined, undefined, false)).toBe(true);
  });
});
