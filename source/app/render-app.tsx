import {createRequire} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {render} from 'ink';
import {frameSafeStdout} from '../ui/frame-output.js';
import {App, type AppProps} from './App.js';

/** Draws the console on the process's terminal; cli.tsx loads this only once React's build is chosen. */
export function renderApp(props: AppProps) {
  const stdout = frameSafeStdout(process.stdout);
  const instance = render(<App {...props} />, {
    stdout,
    exitOnCtrlC: false,
    incrementalRendering: true,
    patchConsole: true,
  });
  void repaintWholeFrameOnResize(stdout);
  return instance;
}

// After a resize the terminal has reflowed (or cut) the old frame and moved the cursor,
// so Ink's incremental repaint, which erases and rewrites relative to where it thinks
// the frame is, leaves old rows behind and can push the header off the top (found by
// `npm run fuzz`: 129×21 → 27×64 on the help screen). On the alternate screen the frame
// always starts at the top: so clear the screen, home the cursor, and have Ink write
// the whole frame again, as it already does when the width shrinks. Ink keeps the
// width it compares against privately; without it (another Ink), nothing changes.
async function repaintWholeFrameOnResize(stdout: NodeJS.WriteStream): Promise<void> {
  let instances: WeakMap<object, {lastTerminalWidth?: number}> | undefined;
  try {
    const inkEntry = createRequire(import.meta.url).resolve('ink');
    instances = ((await import(pathToFileURL(path.join(path.dirname(inkEntry), 'instances.js')).href)) as {default: WeakMap<object, {lastTerminalWidth?: number}>}).default;
  } catch {
    return;
  }
  const ink = instances.get(stdout);
  if (!ink || typeof ink.lastTerminalWidth !== 'number') return;
  // Before Ink's own resize listener, which repaints.
  process.stdout.prependListener('resize', () => {
    process.stdout.write('\u001B[H\u001B[2J');
    ink.lastTerminalWidth = Number.POSITIVE_INFINITY;
  });
}
