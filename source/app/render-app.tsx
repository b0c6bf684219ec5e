import {render, useApp, type SuspendTerminal} from 'ink';
import {useLayoutEffect} from 'react';
import {App, type AppProps} from './App.js';
import {handTerminalThrough} from './edit-terminal.js';

/** Draws the console again with new props: after `:ctx` moved it to another engine. */
export function updateApp(instance: ReturnType<typeof renderApp>, props: AppProps): void {
  instance.rerender(<Console {...props} />);
}

/** Gives the $EDITOR, plugin and `x` flows Ink's own way of handing the terminal over. */
function TerminalHandOver({onSuspend}: {onSuspend: (suspend: SuspendTerminal | undefined) => void}) {
  const {suspendTerminal} = useApp();
  useLayoutEffect(() => {
    onSuspend(suspendTerminal);
    return () => onSuspend(undefined);
  }, [suspendTerminal, onSuspend]);
  return null;
}

function Console(props: AppProps) {
  return (
    <>
      <TerminalHandOver onSuspend={handTerminalThrough} />
      <App {...props} />
    </>
  );
}

/**
 * The Ink options the console draws with, one place: the alternate screen (Ink enters it,
 * leaves it on exit and around a suspension, and repaints whole from its top after one),
 * only the lines that changed written, each frame one synchronized update (Ink does that
 * for a TTY), at most 30 frames a second however fast the swarm changes. Interactive is
 * forced: the console runs only on a TTY (cli.tsx checks), and Ink would otherwise treat a
 * `CI` variable in the operator's environment as "write the last frame at exit only".
 */
export const CONSOLE_RENDER_OPTIONS = {
  alternateScreen: true,
  incrementalRendering: true,
  maxFps: 30,
  interactive: true,
  exitOnCtrlC: false,
  patchConsole: true,
} as const;

/** Draws the console on the process's terminal; cli.tsx loads this only once React's build is chosen. */
export function renderApp(props: AppProps) {
  const instance = render(<Console {...props} />, CONSOLE_RENDER_OPTIONS);
  repaintWholeFrameAfterResize(process.stdout);
  return instance;
}

const RESIZE_SETTLE_MS = 80;
const HOME_AND_CLEAR = '\u001B[H\u001B[2J';

/**
 * Ink 8 repaints from the top after a resize only when the width shrank (or the frame
 * overflowed); when the height shrinks and the width does not, it first draws the old
 * tree at the new size and then diffs against rows the terminal has moved, leaving old
 * rows and pushing the header off the top (`npm run fuzz`, seed 1107409865: help at
 * 123×22). So once a resize has settled and React has drawn the new size, the screen is
 * cleared and homed, and Ink is shown a width one column narrower and then the real one:
 * its own shrink path forgets the last frame and writes the whole of it from the top.
 */
function repaintWholeFrameAfterResize(stdout: NodeJS.WriteStream): void {
  let timer: NodeJS.Timeout | undefined;
  let replaying = false;
  stdout.on('resize', () => {
    if (replaying) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const columns = stdout.columns;
      if (!columns || columns < 2) return;
      replaying = true;
      try {
        stdout.write(HOME_AND_CLEAR);
        stdout.columns = columns - 1;
        stdout.emit('resize');
        stdout.columns = columns;
        stdout.emit('resize');
      } finally {
        replaying = false;
      }
    }, RESIZE_SETTLE_MS);
    timer.unref();
  });
}
