// The UI tests' terminal helper itself: its waits end on renders, and fail with the screen shown.
import {Text, useInput} from 'ink';
import {useEffect, useState} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {ESC} from './mount.js';
import {renderTui, type Tui} from './render.js';

/** Counts keys; `a` also answers a moment later, as an engine's reply would. */
function Keys({reply}: {reply: () => Promise<string>}) {
  const [keys, setKeys] = useState<string[]>([]);
  const [answer, setAnswer] = useState('');
  useInput((input, key) => {
    setKeys(seen => [...seen, key.escape ? 'esc' : input]);
    if (input === 'a') void reply().then(setAnswer);
  });
  return (
    <Text>
      keys: {keys.join(',')}
      {answer && `\nanswer: ${answer}`}
    </Text>
  );
}

/** Draws a line wider than the terminal and more lines than it has rows. */
function Tall() {
  const [lines, setLines] = useState(1);
  useEffect(() => setLines(30), []);
  return <Text>{Array.from({length: lines}, (_, row) => `row ${row} ${'x'.repeat(100)}`).join('\n')}</Text>;
}

let tui: Tui | undefined;
afterEach(() => {
  tui?.unmount();
  tui = undefined;
});

describe('the terminal helper', () => {
  it('resolves press() once the key is drawn, Esc included (after Ink’s own escape delay)', async () => {
    tui = renderTui(<Keys reply={async () => 'ok'} />);
    await tui.press('x', ESC, 'y');
    expect(tui.screen()).toBe('keys: x,esc,y');
  });

  it('resolves press() after an answer that comes back on a promise is drawn', async () => {
    tui = renderTui(<Keys reply={() => new Promise(resolve => setImmediate(() => resolve('later')))} />);
    await tui.press('a');
    expect(tui.screen()).toBe('keys: a\nanswer: later');
  });

  it('waitForScreen() resolves on the render where the condition holds', async () => {
    let answer: (text: string) => void = () => {};
    tui = renderTui(<Keys reply={() => new Promise(resolve => (answer = resolve))} />);
    await tui.press('a');
    expect(tui.screen()).not.toContain('answer');
    const waiting = tui.waitForScreen('answer: now');
    answer('now');
    expect(await waiting).toBe('keys: a\nanswer: now');
  });

  it('waitForScreen() fails with the screen shown when the condition never holds', async () => {
    tui = renderTui(<Keys reply={async () => 'ok'} />);
    await expect(tui.waitForScreen(/never/, {limitMs: 50})).rejects.toThrow(/the screen never showed "\/never\/"[\s\S]*keys:/);
  });

  it('shows what a terminal of its size shows: long lines wrapped, the top scrolled away', async () => {
    tui = renderTui(<Tall />, {columns: 40, rows: 10});
    await tui.settle();
    const lines = tui.terminal.lines();
    expect(lines).toHaveLength(10);
    expect(lines.every(line => line.length <= 40)).toBe(true);
    expect(tui.screen()).not.toContain('row 0 ');
    expect(tui.screen()).toContain('row 29 ');
  });
});
