import {describe, expect, it} from 'vitest';
import {classifyStartupError} from '../../source/docker/startup-error.js';
import {display, displayWidth, fit, inert, joinText, terminalMessage, truncate} from '../../source/render/text.js';
import {engineError} from '../support/fake-client.js';

const ESC = '\u001b';
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];

/** Anything a terminal would act on rather than show: C0 (TAB included), DEL, C1, the bidi controls, LS/PS. */
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('inert, the sanitizer', () => {
  it('shows every C0 control in caret notation', () => {
    for (let code = 0; code < 0x20; code++) {
      if (code === 0x09) continue; // TAB is expanded, below
      const shown = inert(`a${String.fromCharCode(code)}b`);
      expect(shown).toBe(`a^${String.fromCharCode(code + 0x40)}b`);
    }
    expect(inert('line\r\nnext')).toBe('line^M^Jnext');
  });

  it('shows DEL as ^? and every C1 control as \\x80–\\x9f', () => {
    expect(inert('a\u007fb')).toBe('a^?b');
    for (let code = 0x80; code <= 0x9f; code++) {
      expect(inert(String.fromCharCode(code))).toBe(`\\x${code.toString(16)}`);
    }
  });

  it('shows a CSI sequence as text: it never moves the cursor or clears the screen', () => {
    expect(inert(`${ESC}[2J${ESC}[H${ESC}[31mred`)).toBe('^[[2J^[[H^[[31mred');
    // The 8-bit CSI too.
    expect(inert('\u009b2J')).toBe('\\x9b2J');
  });

  it('shows an OSC sequence as text, whichever terminator it has: the title stays put', () => {
    expect(inert(`${ESC}]0;pwned\u0007`)).toBe('^[]0;pwned^G');
    expect(inert(`${ESC}]0;pwned${ESC}\\`)).toBe('^[]0;pwned^[\\');
    expect(inert('\u009d0;pwned\u009c')).toBe('\\x9d0;pwned\\x9c');
    // A hyperlink (OSC 8) and a DCS are just as dead.
    expect(inert(`${ESC}]8;;http://x${ESC}\\click${ESC}]8;;${ESC}\\`)).toBe('^[]8;;http://x^[\\click^[]8;;^[\\');
    expect(inert(`${ESC}P+q${ESC}\\`)).toBe('^[P+q^[\\');
  });

  it('shows each bidi control as its code point, so text reads in the order it is stored', () => {
    for (const control of BIDI) {
      const code = control.charCodeAt(0).toString(16).padStart(4, '0');
      expect(inert(`evil${control}gpj.exe`)).toBe(`evil\\u${code}gpj.exe`);
    }
    expect(inert('a\u2028b\u2029c')).toBe('a\\u2028b\\u2029c');
  });

  it('expands TAB to spaces at 8-column stops, counted in columns as drawn', () => {
    expect(inert('a\tb')).toBe('a       b');
    expect(inert('\tx')).toBe('        x');
    expect(inert('12345678\tx')).toBe('12345678        x');
    // A wide character takes two columns before the stop; an escape's visible text counts too.
    expect(inert('日\tx')).toBe('日      x');
    expect(inert(`${ESC}\tx`)).toBe('^[      x');
  });

  it('leaves printable text alone: accents, CJK, combining marks, emoji and ZWJ sequences', () => {
    for (const text of ['web.1 — läuft', '日本語', 'e\u0301', '🚀', '👩‍👩‍👧', '🇫🇷', 'x\u200dy', 'plain ascii 123 ~!@#']) {
      expect(inert(text)).toBe(text);
    }
  });

  it('gives text whose width is what the terminal shows after escaping', () => {
    expect(displayWidth(inert('a\u202eb'))).toBe('a\\u202eb'.length);
    expect(displayWidth(inert(`${ESC}]0;t\u0007`))).toBe('^[]0;t^G'.length);
    expect(displayWidth(inert('日\u200f本'))).toBe(4 + '\\u200f'.length);
    expect(fit(inert('a\u202eb'), 10)).toBe('a\\u202eb  ');
    expect(truncate(inert(`${ESC}[2Jabcdef`), 6)).toBe('^[[2J…');
  });

  it('is idempotent, so sanitizing twice (a template over inert parts) changes nothing', () => {
    const hostile = `${ESC}]0;x\u0007\u202e\t\u009b\u0000`;
    expect(inert(inert(hostile))).toBe(inert(hostile));
    expect(ACTIVE.test(inert(hostile))).toBe(false);
  });

  it('makes nothing active out of any single code point below U+3000', () => {
    for (let code = 0; code < 0x3000; code++) {
      expect(ACTIVE.test(inert(`x${String.fromCharCode(code)}y`)), `U+${code.toString(16)}`).toBe(false);
    }
  });
});

describe('the helpers that make DisplayText', () => {
  it('display`…` makes its interpolations inert', () => {
    expect(display`tasks on ${`node${ESC}]0;t\u0007`}`).toBe('tasks on node^[]0;t^G');
    expect(display`${3} of ${'\u202eevil'}`).toBe('3 of \\u202eevil');
  });

  it('joinText joins inert parts', () => {
    expect(joinText([inert('a\u0007'), inert('b')], display` › `)).toBe('a^G › b');
  });

  it('terminalMessage keeps line breaks and makes each line inert', () => {
    expect(terminalMessage(`bad ${ESC}]0;t\u0007\nRun swarmtop --help\n`)).toBe('bad ^[]0;t^G\nRun swarmtop --help\n');
    expect(terminalMessage('a\r\nb\u202e')).toBe('a\nb\\u202e');
  });
});

describe('a startup error as printed to stderr', () => {
  it('quotes a hostile endpoint and engine message inert', () => {
    const endpoint = {url: `tcp://evil${ESC}]0;pwned\u0007:2376`, source: `DOCKER_HOST\u202e`};
    const error = classifyStartupError(engineError(500, `boom${ESC}[2J\u009b31m\u2066`), endpoint);
    // The raw message still holds them: the line printed is what is made inert.
    expect(ACTIVE.test(error.message)).toBe(true);
    const printed = terminalMessage(error.message);
    expect(ACTIVE.test(printed)).toBe(false);
    expect(printed).toBe('The Docker engine at tcp://evil^[]0;pwned^G:2376 (from DOCKER_HOST\\u202e) answered HTTP 500: boom^[[2J\\x9b31m\\u2066');
  });
});
