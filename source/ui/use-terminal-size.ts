import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Ink 7+ hands out stdout as a plain writable; a TTY's (and the test harness's) carries its size. */
function read(stdout: NodeJS.WritableStream & {columns?: number; rows?: number}): TerminalSize {
  return {columns: stdout.columns || 80, rows: stdout.rows || 24};
}

/** The terminal's size, followed through stdout's `resize` event. */
export function useTerminalSize(): TerminalSize {
  const {stdout} = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = () => {
      const next = read(stdout);
      setSize(current => (current.columns === next.columns && current.rows === next.rows ? current : next));
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
