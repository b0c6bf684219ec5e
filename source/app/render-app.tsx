import {render} from 'ink';
import {frameSafeStdout} from '../ui/frame-output.js';
import {App, type AppProps} from './App.js';

/** Draws the console again with new props: after `:ctx` moved it to another engine. */
export function updateApp(instance: ReturnType<typeof renderApp>, props: AppProps): void {
  instance.rerender(<App {...props} />);
}

/** Draws the console on the process's terminal; cli.tsx loads this only once React's build is chosen. */
export function renderApp(props: AppProps) {
  return render(<App {...props} />, {
    stdout: frameSafeStdout(process.stdout),
    exitOnCtrlC: false,
    incrementalRendering: true,
    patchConsole: true,
  });
}
