import {describe, expect, it} from 'vitest';
import {parseDuration, parseImage, parseParallelism, parseReplicas} from '../../source/model/validation.js';
import {formatDuration} from '../../source/render/format.js';

describe('replicas', () => {
  it('accepts whole numbers', () => {
    expect(parseReplicas(' 5 ')).toEqual({ok: true, value: 5});
    expect(parseReplicas('0')).toEqual({ok: true, value: 0});
  });
  it.each([
    ['', 'enter a number of replicas'],
    ['two', 'whole number'],
    ['2.5', 'whole number'],
    ['-1', "can't be negative"],
    ['1e9', 'whole number'],
    ['1000000000', 'more than 10000'],
  ])('refuses %j', (input, message) => {
    const result = parseReplicas(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(message);
  });
});

describe('image references', () => {
  it.each(['nginx', 'nginx:1.27', 'lab/busybox:2', 'registry.example.com:5000/team/app:v1.2.3', 'alpine@sha256:' + 'a'.repeat(64), 'localhost/app'])(
    'accepts %s',
    image => {
      expect(parseImage(image)).toEqual({ok: true, value: image});
    },
  );
  it.each([
    ['', 'enter an image'],
    ['nginx latest', 'no spaces'],
    ['Nginx:1', 'not a valid image reference'],
    ['nginx:', 'not a valid image reference'],
    ['nginx::1', 'not a valid image reference'],
    ['-nginx', 'not a valid image reference'],
  ])('refuses %j', (input, message) => {
    const result = parseImage(input);
    expect(!result.ok && result.error).toContain(message);
  });
});

describe('rollout settings', () => {
  it('keeps the current setting when left empty', () => {
    expect(parseParallelism('')).toEqual({ok: true, value: undefined});
    expect(parseDuration('  ')).toEqual({ok: true, value: undefined});
  });
  it('parses Go durations', () => {
    expect(parseDuration('10s')).toEqual({ok: true, value: 10e9});
    expect(parseDuration('1m30s')).toEqual({ok: true, value: 90e9});
    expect(parseDuration('500ms')).toEqual({ok: true, value: 500e6});
    expect(parseDuration('1.5h')).toEqual({ok: true, value: 5400e9});
    expect(parseDuration('0')).toEqual({ok: true, value: 0});
  });
  it.each(['10 seconds', '-5s', 'abc', '5', '10x'])('refuses the duration %j', input => {
    const result = parseDuration(input);
    expect(!result.ok && result.error).toContain('is not a duration');
  });
  it('refuses a parallelism that is not a whole number', () => {
    expect(parseParallelism('x').ok).toBe(false);
    expect(parseParallelism('-1').ok).toBe(false);
    expect(parseParallelism('2')).toEqual({ok: true, value: 2});
  });
  it('prints durations the way they are typed', () => {
    expect(formatDuration(10e9)).toBe('10s');
    expect(formatDuration(90e9)).toBe('90s');
    expect(formatDuration(120e9)).toBe('2m');
    expect(formatDuration(500e6)).toBe('500ms');
    expect(formatDuration(undefined)).toBe('0s');
  });
});
