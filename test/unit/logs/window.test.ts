import {describe, expect, it} from 'vitest';
import type {LogLine} from '../../../source/model/log-buffer.js';
import {renderLogLine} from '../../../source/render/log-line.js';
import {filterLines, layoutSegments, logWindow} from '../../../source/views/logs/log-window.js';
import {inert} from '../../../source/render/text.js';

const lines: LogLine[] = Array.from({length: 10}, (_, seq) => ({seq: seq + 100, stream: 'stdout', text: `line ${seq}`, truncatedBytes: 0}));
const render = (line: LogLine) => [{text: inert(line.text)}];
const texts = (window: ReturnType<typeof logWindow>) => window.rows.map(row => row.segments.map(segment => segment.text).join(''));

describe('logWindow', () => {
  it('follows: the newest lines fill the pane from the bottom', () => {
    const window = logWindow({lines, width: 20, height: 3, wrap: false, render});
    expect(texts(window)).toEqual(['line 7', 'line 8', 'line 9']);
    expect([window.above, window.below]).toEqual([7, 0]);
  });

  it('stays on an anchored line while newer lines arrive below', () => {
    const anchor = {seq: 104, edge: 'bottom' as const};
    const before = logWindow({lines, anchor, width: 20, height: 3, wrap: false, render});
    const more = [...lines, {seq: 110, stream: 'stdout' as const, text: 'line 10', truncatedBytes: 0}];
    const after = logWindow({lines: more, anchor, width: 20, height: 3, wrap: false, render});
    expect(texts(after)).toEqual(texts(before));
    expect(texts(after)).toEqual(['line 2', 'line 3', 'line 4']);
    expect(after.below).toBe(6);
  });

  it('pins the oldest line to the top, and fills from the top when anchored near it', () => {
    expect(texts(logWindow({lines, anchor: {seq: 100, edge: 'top'}, width: 20, height: 3, wrap: false, render}))).toEqual(['line 0', 'line 1', 'line 2']);
    expect(texts(logWindow({lines, anchor: {seq: 100, edge: 'bottom'}, width: 20, height: 3, wrap: false, render}))).toEqual(['line 0', 'line 1', 'line 2']);
  });

  it('lands on the nearest line when the anchored one was evicted', () => {
    const window = logWindow({lines: lines.slice(5), anchor: {seq: 101, edge: 'top'}, width: 20, height: 2, wrap: false, render});
    expect(texts(window)).toEqual(['line 5', 'line 6']);
  });

  it('wraps long lines into rows, or cuts them with an ellipsis', () => {
    const long: LogLine[] = [{seq: 1, stream: 'stdout', text: 'abcdefghij', truncatedBytes: 0}];
    const wrapped = logWindow({lines: long, width: 4, height: 5, wrap: true, render});
    expect(texts(wrapped)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapped.rows.map(row => row.continuation)).toEqual([false, true, true]);
    expect(texts(logWindow({lines: long, width: 4, height: 5, wrap: false, render}))).toEqual(['abc…']);
  });

  it('counts wide characters by their columns', () => {
    expect(layoutSegments([{text: inert('日本語テキスト')}], 6, true).map(row => row.map(segment => segment.text).join(''))).toEqual([
      '日本語',
      'テキス',
      'ト',
    ]);
  });

  it('filters on the text as drawn, case-insensitively, so escapes can be searched as ^[', () => {
    const mixed: LogLine[] = [
      {seq: 1, stream: 'stdout', text: 'GET /health', truncatedBytes: 0},
      {seq: 2, stream: 'stdout', text: 'post /cart', truncatedBytes: 0},
      {seq: 3, stream: 'stderr', text: '\u001b[31mred', truncatedBytes: 0},
    ];
    expect(filterLines(mixed, 'get').map(line => line.seq)).toEqual([1]);
    expect(filterLines(mixed, '^[[31m').map(line => line.seq)).toEqual([3]);
    expect(filterLines(mixed, '  ')).toBe(mixed);
  });

  it('keeps a hostile line inert through layout', () => {
    const hostile: LogLine = {seq: 1, stream: 'stdout', text: '\u001b]0;owned\u0007\u001b[2Jgone', truncatedBytes: 0};
    const window = logWindow({lines: [hostile], width: 80, height: 2, wrap: true, render: line => renderLogLine(line)});
    const drawn = texts(window).join('\n');
    expect(drawn).toContain('^[]0;owned^G^[[2Jgone');
    expect(drawn).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/);
  });
});
