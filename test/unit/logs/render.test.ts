import {describe, expect, it} from 'vitest';
import type {LogLine} from '../../../source/model/log-buffer.js';
import {highlight} from '../../../source/render/text.js';
import {TASK_PALETTE, logLineText, logText, renderLogLine, shortTimestamp, taskColor, taskPrefix} from '../../../source/render/log-line.js';

const base: LogLine = {seq: 0, stream: 'stdout', text: 'hello', truncatedBytes: 0, taskId: 'task-a', nodeId: 'n1', timestamp: '2025-06-02T09:00:01.123456789Z'};
const identify = (line: LogLine) => (line.taskId === 'task-a' ? {service: 'shop_web', slot: 2, node: 'node-1'} : {service: 'agent', node: 'node-3'});

describe('log line rendering', () => {
  it('shows no container byte as a control sequence', () => {
    expect(logText('\u001b]0;title\u0007\u001b[2J')).toBe('^[]0;title^G^[[2J');
    expect(logText('a\rb\bc\u009b31m\u007f')).toBe('a^Mb^Hc\\x9b31m^?');
    const rendered = logLineText({...base, text: 'x\u001b[31mred\u001b[0m\r'}, {identify, timestamps: true});
    expect(rendered).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(rendered).toContain('x^[[31mred^[[0m^M');
  });

  it('prefixes service.slot@node for replicas and service.node for global tasks', () => {
    expect(taskPrefix({service: 'shop_web', slot: 2, node: 'node-1'})).toBe('shop_web.2@node-1');
    expect(taskPrefix({service: 'agent', node: 'node-3'})).toBe('agent.node-3');
    expect(taskPrefix({service: 'evil\u001b[2J', slot: 1})).toBe('evil^[[2J.1');
    expect(logLineText(base, {identify})).toBe('shop_web.2@node-1   hello');
    expect(logLineText({...base, taskId: 'task-g'}, {identify, prefixWidth: 20})).toBe('agent.node-3           hello');
    expect(logLineText({...base, taskId: undefined}, {identify})).toBe('  hello');
  });

  it('colours a task the same way every time, from the palette', () => {
    expect(taskColor('task-a')).toBe(taskColor('task-a'));
    const colours = new Set(Array.from({length: 50}, (_, i) => taskColor(`t${i}x9kq`)));
    expect(colours.size).toBeGreaterThan(4);
    for (const colour of colours) expect(TASK_PALETTE).toContain(colour);
    const segments = renderLogLine(base, {identify});
    expect(segments[0]).toEqual({text: 'shop_web.2@node-1 ', color: taskColor('task-a')});
  });

  it('marks stderr and keeps stdout unmarked', () => {
    const err = renderLogLine({...base, stream: 'stderr'});
    expect(err[0]).toEqual({text: '▌ ', tone: 'error'});
    expect(err[1]).toEqual({text: 'hello', tone: 'warn'});
    expect(renderLogLine(base)).toEqual([{text: '  '}, {text: 'hello'}]);
  });

  it('shows the time to the millisecond when asked, and a cut line as such', () => {
    expect(shortTimestamp('2025-06-02T09:00:01.123456789Z')).toBe('2025-06-02T09:00:01.123Z');
    expect(shortTimestamp('2025-06-02T09:00:01Z')).toBe('2025-06-02T09:00:01.000Z');
    expect(logLineText({...base, truncatedBytes: 1000}, {timestamps: true})).toBe('2025-06-02T09:00:01.123Z   hello… [1000 bytes cut]');
  });

  it('expands tabs', () => {
    expect(logText('a\tb')).toBe('a       b');
  });

  it('marks search matches', () => {
    expect(highlight('Error: an error', 'error')).toEqual([
      {text: 'Error', match: true},
      {text: ': an ', match: false},
      {text: 'error', match: true},
    ]);
    expect(highlight('Error: an error', 'error', {caseSensitive: true})).toEqual([
      {text: 'Error: an ', match: false},
      {text: 'error', match: true},
    ]);
    expect(highlight('aaaa', 'aa').map(p => p.text)).toEqual(['aa', 'aa']);
    expect(highlight('abc', '')).toEqual([{text: 'abc', match: false}]);
    expect(highlight('', 'x')).toEqual([]);
    expect(highlight('a.*b', '.*')).toEqual([
      {text: 'a', match: false},
      {text: '.*', match: true},
      {text: 'b', match: false},
    ]);
    const segments = renderLogLine({...base, text: 'GET /health 200'}, {needle: 'health'});
    expect(segments.filter(s => s.match).map(s => s.text)).toEqual(['health']);
  });
});
