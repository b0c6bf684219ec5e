import {readdirSync, readFileSync} from 'node:fs';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {processStats} from './process-stats.js';
import {TerminalSession, liveTerminalCount, type TerminalOptions} from './terminal.js';
import {terminalEnv} from './terminal-env.js';
import {ctrl, keys} from './terminal-keys.js';
import {TerminalWaitError} from './terminal-output.js';

const NODE = process.execPath;
const spawned: TerminalSession[] = [];
const allPids = new Set<number>();

function start(command: string, args: string[], options: Partial<TerminalOptions> = {}): TerminalSession {
  const session = TerminalSession.spawn(command, args, {cols: 40, rows: 10, ...options});
  spawned.push(session);
  allPids.add(session.pid);
  return session;
}

function bash(script: string, options: Partial<TerminalOptions> = {}): TerminalSession {
  return start('bash', ['--noprofile', '--norc', '-c', script], options);
}

function node(script: string, options: Partial<TerminalOptions> = {}): TerminalSession {
  return start(NODE, ['-e', script], options);
}

/** A node program in raw mode that prints `got:<hex>` for every input chunk. */
const HEX_ECHO = `
  process.stdin.setRawMode(true);
  process.stdin.on('data', (d) => {
    process.stdout.write('got:' + d.toString('hex') + '\\r\\n');
    if (d.toString() === 'q') process.exit(0);
  });
  if (process.argv[1] === 'appcursor') process.stdout.write('\\x1b[?1h');
  process.stdout.write('ready\\r\\n');
`;

/** pids of all processes whose process group is one of the sessions' groups. */
function processesInGroups(groups: Set<number>): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && groups.has(Number(fields[2]))) found.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return found;
}

/** True if `pid` is a running process (exited-but-unreaped zombies don't count). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

afterEach(async () => {
  await Promise.all(spawned.splice(0).map(session => session.close()));
});

afterAll(() => {
  expect(liveTerminalCount()).toBe(0);
  expect([...allPids].filter(isAlive)).toEqual([]);
  expect(processesInGroups(allPids)).toEqual([]);
});

describe('screen contents', () => {
  it('shows printed lines at the right rows', async () => {
    const session = bash(`printf 'hello\\nworld\\n  indented'`);
    expect(await session.waitForExit()).toEqual({exitCode: 0});
    expect(session.lineAt(0)).toBe('hello');
    expect(session.lineAt(1)).toBe('world');
    expect(session.lineAt(2)).toBe('  indented');
    expect(session.lineAt(-1)).toBe('');
    expect(session.screenLines()).toHaveLength(10);
    expect(session.screenText()).toBe(['hello', 'world', '  indented', ...Array(7).fill('')].join('\n'));
    expect(() => session.lineAt(10)).toThrow(RangeError);
  });

  it('places cursor-positioned writes at the addressed cells', async () => {
    const session = bash(`printf '\\e[3;5HX\\e[1;1HTop\\e[5;10Hend\\e[10;38Hxyz\\e[2;2H'`, {cols: 40, rows: 10});
    await session.waitForExit();
    expect(session.lineAt(0)).toBe('Top');
    expect(session.lineAt(2)).toBe('    X');
    expect(session.lineAt(4)).toBe(`${' '.repeat(9)}end`);
    expect(session.lineAt(9)).toBe(`${' '.repeat(37)}xyz`);
    expect(session.cursor).toEqual({row: 1, col: 1});
    expect(session.findText('end')).toEqual({row: 4, col: 9});
    expect(session.findText(/x.z/)).toEqual({row: 9, col: 37});
    expect(session.findText('missing')).toBeUndefined();
  });

  it('wraps at the terminal width and scrolls like a real terminal', async () => {
    const session = bash(`printf '%s' 0123456789abcdefghijXYZ; printf '\\n%s' 1 2 3 4 5 6 7 8 9`, {
      cols: 20,
      rows: 5,
    });
    await session.waitForExit();
    // 1 wrapped line (2 rows) + 9 more lines = 11 rows; the last 5 stay visible.
    expect(session.screenLines()).toEqual(['5', '6', '7', '8', '9']);
    const wide = bash(`printf '%s' 0123456789abcdefghijXYZ`, {cols: 20, rows: 5});
    await wide.waitForExit();
    expect(wide.lineAt(0)).toBe('0123456789abcdefghij');
    expect(wide.lineAt(1)).toBe('XYZ');
  });

  it('reports colours and attributes of cells', async () => {
    const session = bash(`printf '\\e[1;31mRED\\e[0m \\e[38;5;208mORG\\e[0m \\e[38;2;1;2;3;44mRGB\\e[0m \\e[7;4mINV\\e[0m 日本X'`);
    await session.waitForExit();
    expect(session.cellStyle(0, 0)).toMatchObject({char: 'R', fg: 1, bg: 'default', bold: true, inverse: false});
    expect(session.cellStyle(0, 3)).toMatchObject({char: ' ', fg: 'default', bold: false});
    expect(session.cellStyle(5, 3)).toMatchObject({char: '', fg: 'default'}); // never written
    expect(session.cellStyle(0, 4)).toMatchObject({char: 'O', fg: 208, bold: false});
    expect(session.cellStyle(0, 8)).toMatchObject({char: 'R', fg: '#010203', bg: 4});
    expect(session.cellStyle(0, 12)).toMatchObject({char: 'I', inverse: true, underline: true});
    // Wide characters take two cells; columns account for that.
    expect(session.findText('日本')).toEqual({row: 0, col: 16});
    expect(session.cellStyle(0, 16)).toMatchObject({char: '日', width: 2});
    expect(session.cellStyle(0, 17)).toMatchObject({char: '', width: 0});
    expect(session.findText('X')).toEqual({row: 0, col: 20});
    expect(session.cellStyle(0, 40)).toBeUndefined();
  });

  it('reports window titles set with OSC 0 and OSC 2', async () => {
    const session = bash(`printf '\\e]0;first title\\a'; read -r; printf '\\e]2;second\\e\\\\'; read -r`);
    expect(session.title).toBe('');
    await session.waitFor(s => s.title === 'first title');
    session.press('enter');
    await session.waitFor(s => s.title === 'second');
    expect(session.screenText().trim()).toBe(''); // titles are not printed on screen
  });

  it('tracks output volume and keeps a raw transcript', async () => {
    const session = bash(`printf 'héllo'`);
    await session.waitForExit();
    expect(session.bytesWritten).toBe(6); // é is two bytes in UTF-8
    expect(session.writes).toBeGreaterThanOrEqual(1);
    expect(session.rawOutput()).toBe('héllo');
    expect(session.lineAt(0)).toBe('héllo');
  });
});

describe('clear-screen counting', () => {
  it('counts full-screen clears but not partial erases', async () => {
    // ED2, home+ED0, ED0 away from home (not a full clear), EL2 (line), ED3 (scrollback), RIS.
    const session = bash(`printf 'a\\e[2Jb\\e[H\\e[Jc\\e[3;1H\\e[Jd\\e[2Ke\\e[3Jf\\ecg'`);
    await session.waitForExit();
    expect(session.clearScreenCount).toBe(3);
    expect(session.lineAt(0)).toBe('g');
  });

  it('counts a clear sequence split across output chunks once', async () => {
    const session = node(`
      process.stdout.write('x\\x1b[');
      setTimeout(() => process.stdout.write('2Jdone'), 150);
    `);
    await session.waitForExit();
    expect(session.writes).toBeGreaterThanOrEqual(2);
    expect(session.clearScreenCount).toBe(1);
    expect(session.screenText()).toContain('done');
    expect(session.screenText()).not.toContain('x');
  });

  it('does not count redraws that only move the cursor and overwrite', async () => {
    const session = bash(`for i in 1 2 3; do printf '\\e[H\\e[2Kframe %s' $i; sleep 0.02; done`);
    await session.waitForExit();
    expect(session.lineAt(0)).toBe('frame 3');
    expect(session.clearScreenCount).toBe(0);
  });
});

describe('input', () => {
  it('delivers key bytes to the program', async () => {
    const session = node(HEX_ECHO);
    await session.waitForText('ready');
    session.press(keys.up);
    await session.waitForText('got:1b5b41');
    session.press('pageDown');
    await session.waitForText('got:1b5b367e');
    session.press('ctrlC'); // raw mode: arrives as a byte instead of SIGINT
    await session.waitForText('got:03');
    session.press(ctrl('l'));
    await session.waitForText('got:0c');
    session.press('enter');
    await session.waitForText('got:0d');
    session.type('é');
    await session.waitForText('got:c3a9');
    session.press('q');
    expect(await session.waitForExit()).toEqual({exitCode: 0});
  });

  it('sends arrow keys in application mode when the program asks for it', async () => {
    const session = start(NODE, ['-e', HEX_ECHO, 'appcursor']);
    await session.waitForText('ready');
    expect(session.modes.applicationCursorKeysMode).toBe(true);
    session.press('up');
    await session.waitForText('got:1b4f41');
    session.press(keys.home);
    await session.waitForText('got:1b4f48');
  });

  it('answers terminal queries such as the cursor position report', async () => {
    const session = node(`
      process.stdin.setRawMode(true);
      process.stdin.once('data', (d) => {
        process.stdout.write('\\x1b[H\\x1b[2Kreply:' + JSON.stringify(d.toString()).replace(/\\x1b/g, 'ESC') + '\\r\\n');
        process.exit(0);
      });
      process.stdout.write('\\x1b[4;7H\\x1b[6n');
    `);
    await session.waitForExit();
    expect(session.lineAt(0)).toBe('reply:"\\u001b[4;7R"');
  });

  it('waitForText times out with the current screen in the error', async () => {
    const session = bash(`printf 'line one\\nline two'; sleep 5`);
    await session.waitForText('line two');
    const error = await session.waitForText('never shown', {timeoutMs: 200}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TerminalWaitError);
    const message = (error as Error).message;
    expect(message).toContain('Timed out after 200ms');
    expect(message).toContain('"never shown"');
    expect(message).toMatch(/0 │line one\n1 │line two/);
    expect((error as TerminalWaitError).screen).toBe(session.screenText());
  });

  it('waitFor rejects as soon as the program exits without the condition holding', async () => {
    const session = bash(`printf 'bye'; exit 4`);
    const startedAt = performance.now();
    await expect(session.waitForText('hello', {timeoutMs: 3000})).rejects.toThrow(/exited \(exit code 4\)[\s\S]*bye/);
    expect(performance.now() - startedAt).toBeLessThan(2000);
  });

  it('waitForNoText resolves once text disappears', async () => {
    const session = bash(`printf 'loading'; sleep 0.1; printf '\\r\\e[2Kloaded'; sleep 5`);
    await session.waitForText('loading');
    await session.waitForNoText('loading');
    expect(session.lineAt(0)).toBe('loaded');
  });
});

describe('timing', () => {
  it('waitForQuiet waits for a gap in output and measureInput times the response', async () => {
    // The response has no newline: the pty's ONLCR output flag (still on in Node's raw mode)
    // turns '\n' into '\r\n', which would change the byte count.
    const session = node(`
      process.stdin.setRawMode(true);
      process.stdin.on('data', () => {
        setTimeout(() => process.stdout.write('po'), 40);
        setTimeout(() => process.stdout.write('ng '), 80);
      });
      let n = 0;
      const timer = setInterval(() => { process.stdout.write('tick' + n + '\\r\\n'); if (++n === 5) clearInterval(timer); }, 20);
    `);
    await session.waitForText('tick0'); // quiet before the first output counts as quiet
    await session.waitForQuiet(60);
    expect(session.screenText()).toContain('tick4');

    // The quiet gap that ends a measurement is longer than the program's own 40 ms wait, with room
    // for a loaded machine to run that timer late.
    const timing = await session.measureInput('x', {quietMs: 400});
    expect(timing.firstOutputMs).toBeGreaterThanOrEqual(35);
    expect(timing.lastOutputMs! - timing.firstOutputMs!).toBeGreaterThanOrEqual(25);
    expect(timing.bytes).toBe(5);
    expect(timing.writes).toBe(2);
    expect(session.screenText()).toContain('pong');

    const chunk = session.nextOutput();
    const sentAt = session.press('x');
    expect((await chunk).at - sentAt).toBeGreaterThanOrEqual(35);
  });

  it('measureInput reports no output when the program does not react', async () => {
    const session = bash(`printf 'idle'; stty -echo; sleep 5`);
    await session.waitForText('idle');
    await session.waitForQuiet(50);
    const timing = await session.measureInput('z', {quietMs: 80});
    expect(timing).toMatchObject({firstOutputMs: undefined, lastOutputMs: undefined, bytes: 0, writes: 0});
  });

  it('waitForQuiet times out on a program that never stops printing', async () => {
    const session = bash(`while true; do printf '.'; sleep 0.01; done`);
    await expect(session.waitForQuiet(200, {timeoutMs: 300})).rejects.toThrow(/Timed out after 300ms waiting for 200ms without output/);
  });

  it('does not match a half-drawn synchronized-output frame', async () => {
    const session = node(`
      process.stdout.write('ready\\r\\n');
      setTimeout(() => process.stdout.write('\\x1b[?2026hPART'), 50);
      setTimeout(() => process.stdout.write('IAL\\x1b[?2026l'), 700);
      setTimeout(() => {}, 5000);
    `);
    await session.waitForText('ready');
    while (!session.rawOutput().includes('PART')) await session.nextOutput();
    await session.settled();
    expect(session.screenText()).toContain('PART'); // the emulator has it...
    // ...but a person would still see the previous frame.
    await expect(session.waitForText('PART', {timeoutMs: 150})).rejects.toThrow(TerminalWaitError);
    await session.waitForText('PARTIAL');
  });
});

describe('size and environment', () => {
  it('resize is seen by the program', async () => {
    const session = node(
      `
      const show = () => process.stdout.write('size ' + process.stdout.columns + 'x' + process.stdout.rows + '\\r\\n');
      process.stdout.on('resize', show);
      show();
      setTimeout(() => {}, 10000);
    `,
      {cols: 30, rows: 8},
    );
    await session.waitForText('size 30x8');
    session.resize(50, 12);
    expect([session.cols, session.rows]).toEqual([50, 12]);
    expect(session.screenLines()).toHaveLength(12);
    await session.waitForText('size 50x12');
  });

  it('runs the program with a clean, predictable terminal environment', async () => {
    const previousCi = process.env.CI;
    process.env.CI = 'true';
    try {
      expect(terminalEnv().CI).toBeUndefined();
      expect(terminalEnv({CI: '1'}).CI).toBe('1');
    } finally {
      if (previousCi === undefined) delete process.env.CI;
      else process.env.CI = previousCi;
    }
    const session = node(
      `console.log(JSON.stringify({
        tty: [process.stdin.isTTY, process.stdout.isTTY],
        TERM: process.env.TERM, COLORTERM: process.env.COLORTERM, LANG: process.env.LANG,
        LC_ALL: process.env.LC_ALL, COLUMNS: process.env.COLUMNS, VITEST: process.env.VITEST,
        HOME: process.env.HOME, EXTRA: process.env.EXTRA, cwd: process.cwd(),
      }))`,
      {cols: 200, env: {EXTRA: 'yes', LC_ALL: 'en_US.UTF-8'}, cwd: '/tmp'},
    );
    await session.waitForExit();
    const reported = JSON.parse(session.lineAt(0));
    expect(reported).toEqual({
      tty: [true, true],
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
      LC_ALL: 'en_US.UTF-8',
      HOME: process.env.HOME,
      EXTRA: 'yes',
      cwd: '/tmp',
    });
  });
});

describe('process lifetime', () => {
  it('reports exit codes and signals', async () => {
    expect(await bash('exit 7').waitForExit()).toEqual({exitCode: 7});
    expect(await bash('kill -TERM $$').waitForExit()).toMatchObject({signal: 15});
    const missing = start('/nonexistent/program', []);
    expect((await missing.waitForExit()).exitCode).not.toBe(0);
  });

  it('waitForExit times out while the program is still running', async () => {
    const session = bash(`printf 'busy'; sleep 5`);
    await expect(session.waitForExit({timeoutMs: 150})).rejects.toThrow(/waiting for bash to exit[\s\S]*busy/);
    expect(session.isRunning).toBe(true);
  });

  it('kill() stops programs that ignore SIGHUP, including their children', async () => {
    const session = bash(`trap '' HUP; sleep 30 & echo "child:$!"; wait`);
    await session.waitForText(/child:\d+/);
    const childPid = Number(/child:(\d+)/.exec(session.screenText())![1]);
    expect(isAlive(childPid)).toBe(true);
    session.kill();
    session.kill(); // idempotent
    const status = await session.close();
    expect(status.signal).toBe(9);
    expect(session.isRunning).toBe(false);
    // SIGKILL takes effect when the child next runs, which on a loaded machine can be a moment later.
    const deadline = Date.now() + 3000;
    while (isAlive(childPid) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20));
    expect(isAlive(childPid)).toBe(false);
    session.kill(); // still safe after exit
    expect(() => session.type('x')).toThrow(/has exited/);
  });

  it('measures CPU time and memory of the program', async () => {
    const session = node(`
      // 300 ms of CPU time, not of wall time: on a loaded machine wall time buys less CPU.
      const cpuMs = () => { const used = process.cpuUsage(); return (used.user + used.system) / 1000; };
      const until = cpuMs() + 300; while (cpuMs() < until) {}
      const keep = Buffer.alloc(64 * 1024 * 1024, 1);
      process.stdout.write('done ' + keep.length + '\\r\\n');
      setTimeout(() => {}, 10000);
    `);
    await session.waitForText('done');
    const stats = session.stats();
    expect(stats).toBeDefined();
    expect(stats!.pid).toBe(session.pid);
    expect(stats!.cpuSeconds).toBeGreaterThanOrEqual(0.2);
    expect(stats!.cpuSeconds).toBeCloseTo(stats!.userCpuSeconds + stats!.systemCpuSeconds, 6);
    expect(stats!.rssBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(stats!.peakRssBytes).toBeGreaterThanOrEqual(stats!.rssBytes);
    expect(processStats(session.pid).cpuSeconds).toBeGreaterThanOrEqual(stats!.cpuSeconds);
    expect(stats!.threads).toBeGreaterThanOrEqual(1);
    await session.close();
    expect(session.stats()).toBeUndefined();
    expect(() => processStats(session.pid)).toThrow(/no process \d+/);
    expect(processStats(process.pid).state).toMatch(/^[RS]$/);
  });
});
