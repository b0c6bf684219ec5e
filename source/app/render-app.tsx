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
  return render(<Console {...props} />, CONSOLE_RENDER_OPTIONS);
}
