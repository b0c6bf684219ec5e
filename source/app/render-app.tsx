import {render} from 'ink';
import {frameSafeStdout} from '../ui/frame-output.js';
import {App, type AppProps} from './App.js';

/** Draws the console on the process's terminal; cli.tsx loads this only once React's build is chosen. */
export function renderApp(props: AppProps) {
  return render(<App {...props} />, {
    stdout: frameSafeStdout(process.stdout),
    exitOnCtrlC: false,
    incrementalRendering: true,
    patchConsole: true,
  });
}
