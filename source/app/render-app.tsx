import {createRequire} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {render} from 'ink';
import {frameSafeStdout, type FrameStdout} from '../ui/frame-output.js';
import {App, type AppProps} from './App.js';

/** Draws the console again with new props: after `:ctx` moved it to another engine. */
export function updateApp(instance: ReturnType<typeof renderApp>, props: AppProps): void {
  instance.rerender(<App {...props} />);
}

/** Draws the console on the process's terminal; cli.tsx loads this only once React's build is chosen. */
export function renderApp(props: AppProps) {
  const frames = frameSafeStdout(process.stdout);
  const instance = render(<App {...props} />, {
    stdout: frames.stream,
    exitOnCtrlC: false,
    incrementalRendering: true,
    patchConsole: true,
  });
  void repaintWholeFrameOnResize(frames);
  return instance;
}

// After a resize the terminal has reflowed (or cut) the old frame and moved the cursor,
// and Ink first repaints the old tree laid out at the new width; its later incremental
// repaints, which skip rows they believe unchanged, then trust rows that are not on the
// screen: old rows stay and the header can be pushed off the top (found by `npm run
// fuzz`: the help screen at 129×21, resized to 27×64). On the alternate screen the frame
// always starts at the top: so once the resize has settled and React has drawn the new
// size, clear the screen, home the cursor and have Ink write the whole frame, as it
// already does when the width shrinks. Ink keeps that width and its resize handler
// privately; without them (another Ink), nothing changes.
interface InkInternals {
  lastTerminalWidth?: number;
  resized?: () => void;
}

const SETTLE_MS = 80;

async function repaintWholeFrameOnResize(frames: FrameStdout): Promise<void> {
  let instances: WeakMap<object, InkInternals> | undefined;
  try {
    const inkEntry = createRequire(import.meta.url).resolve('ink');
    instances = ((await import(pathToFileURL(path.join(path.dirname(inkEntry), 'instances.js')).href)) as {default: WeakMap<object, InkInternals>}).default;
  } catch {
    return;
  }
  const ink = instances.get(frames.stream);
  if (!ink || typeof ink.lastTerminalWidth !== 'number' || typeof ink.resized !== 'function') return;
  const repaint = () => {
    frames.clearBeforeNextFrame();
    ink.lastTerminalWidth = Number.POSITIVE_INFINITY;
  };
  let timer: NodeJS.Timeout | undefined;
  // Before Ink's own resize listener, which then repaints from the top.
  process.stdout.prependListener('resize', () => {
    repaint();
    clearTimeout(timer);
    timer = setTimeout(() => {
      repaint();
      ink.resized?.();
    }, SETTLE_MS);
  });
}
