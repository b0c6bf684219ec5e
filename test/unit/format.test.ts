import {describe, expect, it} from 'vitest';
import {bytes, humanDuration, imageWithoutDigest, shortAge} from '../../source/render/format.js';
import {fit, inert, truncate} from '../../source/render/text.js';

describe('humanDuration, as docker service ps prints it', () => {
  it.each([
    [500, 'less than a second'],
    [1000, '1 second'],
    [5000, '5 seconds'],
    [60_000, 'about a minute'],
    [2 * 60_000, '2 minutes'],
    [59 * 60_000, '59 minutes'],
    [3_600_000, 'about an hour'],
    [5 * 3_600_000, '5 hours'],
    [3 * 86_400_000, '3 days'],
    [20 * 86_400_000, '2 weeks'],
    [90 * 86_400_000, '3 months'],
    [800 * 86_400_000, '2 years'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('formats', () => {
  it('shortens ages', () => {
    expect(shortAge(42_000)).toBe('42s');
    expect(shortAge(5 * 60_000)).toBe('5m');
    expect(shortAge(3 * 3_600_000)).toBe('3h');
    expect(shortAge(4 * 86_400_000)).toBe('4d');
  });
  it('drops the image digest', () => {
    expect(imageWithoutDigest('nginx:1.25@sha256:abc')).toBe('nginx:1.25');
    expect(imageWithoutDigest('lab/busybox:1')).toBe('lab/busybox:1');
  });
  it('prints binary sizes', () => {
    expect(bytes(8 * 1024 ** 3)).toBe('8.0GiB');
    expect(bytes(512)).toBe('512B');
  });
});

describe('inert', () => {
  it('shows escape sequences as text instead of passing them to the terminal', () => {
    expect(inert('\u001b]0;pwned\u0007\u001b[2J')).toBe('^[]0;pwned^G^[[2J');
  });
  it('neutralises C1 controls, DEL, backspace and carriage return', () => {
    expect(inert('a\u009b31mb\u007fc\bd\re')).toBe('a\\x9b31mb^?c^Hd^Me');
  });
  it('leaves ordinary text alone', () => {
    expect(inert('web.1 — läuft 🚀')).toBe('web.1 — läuft 🚀');
  });
});

describe('fitting text to a column', () => {
  it('truncates with an ellipsis', () => {
    expect(truncate('abcdefgh', 5)).toBe('abcd…');
  });
  it('counts wide characters as two cells', () => {
    expect(truncate('日本語テキスト', 5)).toBe('日本…');
    expect(fit('日本', 6)).toBe('日本  ');
  });
  it('aligns right', () => {
    expect(fit('3/3', 8, 'right')).toBe('     3/3');
  });
});
