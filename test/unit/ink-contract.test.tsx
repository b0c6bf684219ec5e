// What swarmtop relies on from Ink (pinned exactly in package.json), held against the
// real Ink drawing into a headless terminal: the console's render options give the
// alternate screen, synchronized frames and incremental repaints that stay where the
// frame is (Ink 6.8 drifted a row down per repaint); a narrower width makes Ink write
// the whole frame (render-app's repaint after a resize); and `suspendTerminal` runs its
// callback at once, so the $EDITOR, plugin and `x` flows stay synchronous.
import {EventEmitter} from 'node:events';
import {PassThrough} from 'node:stream';
import {Box, Text, render} from 'ink';
import {afterEach, describe, expect, it} from 'vitest';
import {synchronousSuspender} from '../../source/app/edit-terminal.js';
import {CONSOLE_RENDER_OPTIONS} from '../../source/app/render-app.js';
import {TerminalScreen} from '../support/terminal-screen.js';

const BSU = '\u001b[?2026h';
const ESU = '\u001b[?2026l';

/** A TTY as Ink sees one: its writes parsed by a headless terminal of the given size. */
function fakeTerminal(cols: number, rows: number) {
  const screen = new TerminalScreen(cols, rows);
  const writes: string[] = [];
  let pending = 0;
  const stdout = Object.assign(new EventEmitter(), {
    isTTY: true,
    columns: cols,
    rows,
    writable: true,
    write(chunk: string | Uint8Array, ...rest: unknown[]) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      writes.push(text);
      pending += 1;
      // A pty's line discipline turns each newline into CR LF (onlcr); the emulator alone would not.
      screen.write(Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8'), () => (pending -= 1));
      const callback = rest.find((argument): argument is () => void => typeof argument === 'function');
      callback?.();
      return true;
    },
  });
  const stdin = Object.assign(new PassThrough(), {isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin});
  const parsed = async () => {
    for (let wait = 0; pending > 0 && wait < 200; wait++) await new Promise(resolve => setTimeout(resolve, 5));
  };
  return {screen, writes, stdout, stdin, parsed};
}

/** A frame as the console draws it: `rows - 1` lines, a header on top. */
function Frame({rows, tick}: {rows: number; tick: number}) {
  return (
    <Box flexDirection="column">
      <Text>header {tick}</Text>
      {Array.from({length: rows - 2}, (_, index) => (
        <Text key={index}>{`row ${index} ${index === tick % (rows - 2) ? '*' : ' '}`}</Text>
      ))}
    </Box>
  );
}

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
});

describe('Ink as the console renders with it', () => {
  it('enters the alternate screen and keeps a rows-1 frame on top through incremental repaints, each one synchronized', async () => {
    const rows = 12;
    const terminal = fakeTerminal(40, rows);
    const instance = render(<Frame rows={rows} tick={0} />, {
      ...CONSOLE_RENDER_OPTIONS,
      stdout: terminal.stdout as never,
      stdin: terminal.stdin as never,
      patchConsole: false,
    });
    unmount = () => instance.unmount();
    await instance.waitUntilRenderFlush();
    await terminal.parsed();
    expect(terminal.screen.isAlternateScreen).toBe(true);
    for (let tick = 1; tick <= 25; tick++) {
      instance.rerender(<Frame rows={rows} tick={tick} />);
      await instance.waitUntilRenderFlush();
    }
    await terminal.parsed();
    const lines = terminal.screen.lines();
    expect(lines[0]).toBe('header 25');
    expect(lines[1 + (25 % (rows - 2))]).toMatch(/\*$/);
    expect(lines.filter(line => line.startsWith('header'))).toHaveLength(1);
    expect(lines[rows - 1]).toBe('');
    // Every frame after the first is a synchronized update, its begin and end in order.
    const frames = terminal.writes.join('');
    expect(frames.split(BSU).length).toBeGreaterThan(10);
    expect(frames.split(BSU).length).toBe(frames.split(ESU).length);
  });

  it('writes the whole frame again when the width shrinks, which render-app uses to repaint after a resize', async () => {
    const rows = 10;
    const terminal = fakeTerminal(40, rows);
    const instance = render(<Frame rows={rows} tick={2} />, {
      ...CONSOLE_RENDER_OPTIONS,
      stdout: terminal.stdout as never,
      stdin: terminal.stdin as never,
      patchConsole: false,
    });
    unmount = () => instance.unmount();
    await instance.waitUntilRenderFlush();
    // The screen wiped behind Ink's back, as a terminal that moved rows on a resize leaves it.
    terminal.stdout.write('\u001b[H\u001b[2J');
    await terminal.parsed();
    expect(terminal.screen.lines()[0]).toBe('');
    terminal.stdout.columns = 39;
    terminal.stdout.emit('resize');
    terminal.stdout.columns = 40;
    terminal.stdout.emit('resize');
    await instance.waitUntilRenderFlush();
    await terminal.parsed();
    const lines = terminal.screen.lines();
    expect(lines[0]).toBe('header 2');
    expect(lines.slice(1, rows - 1).every((line, index) => line.startsWith(`row ${index}`))).toBe(true);
  });

  it('runs the suspend callback at once, off the alternate screen, and then repaints the whole frame on it', async () => {
    const rows = 8;
    const terminal = fakeTerminal(30, rows);
    let suspend: ((callback: () => void) => Promise<void>) | undefined;
    const {useApp} = await import('ink');
    function Grab() {
      suspend = useApp().suspendTerminal;
      return null;
    }
    const instance = render(
      <>
        <Grab />
        <Frame rows={rows} tick={3} />
      </>,
      {...CONSOLE_RENDER_OPTIONS, stdout: terminal.stdout as never, stdin: terminal.stdin as never, patchConsole: false},
    );
    unmount = () => instance.unmount();
    await instance.waitUntilRenderFlush();
    await terminal.parsed();
    expect(suspend).toBeDefined();

    let onAlternateScreenInside: boolean | undefined;
    const handOver = synchronousSuspender(suspend!);
    const result = handOver(() => {
      onAlternateScreenInside = terminal.writes.join('').lastIndexOf('\u001b[?1049l') > terminal.writes.join('').lastIndexOf('\u001b[?1049h');
      return 'edited';
    });
    // The value is back before anything was awaited: the callback ran inside the call.
    expect(result).toBe('edited');
    expect(onAlternateScreenInside).toBe(true);
    // A hand-over asked for while Ink is still taking the terminal back runs on the terminal as it is.
    expect(handOver(() => 'again')).toBe('again');
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(() =>
      handOver(() => {
        throw new Error('editor failed');
      }),
    ).toThrow('editor failed');

    await new Promise(resolve => setTimeout(resolve, 50));
    await instance.waitUntilRenderFlush();
    await terminal.parsed();
    expect(terminal.screen.isAlternateScreen).toBe(true);
    expect(terminal.screen.lines()[0]).toBe('header 3');
  });
});
