/**
 * The environment the terminal harness gives a program: the inherited one
 * without what describes the harness's own terminal, CI or test runner.
 * No vitest here: the benchmark script imports this too.
 */

/**
 * Variables removed from the inherited environment because they describe the
 * terminal/CI/test-runner the harness itself runs in, not the pseudo-terminal
 * the program gets (e.g. `CI` makes Ink render only the final frame, stale
 * `COLUMNS`/`LINES` override the pty size, `TERM_PROGRAM`/`COLORTERM`/
 * `FORCE_COLOR` change colour depth, `VITEST`/`NODE_ENV` differ between the e2e
 * tests and the benchmark). Any of them can be set explicitly via
 * `TerminalOptions.env`.
 */
export const SCRUBBED_ENV_VARS: readonly string[] = [
  'CI',
  'CONTINUOUS_INTEGRATION',
  'COLORTERM',
  'COLUMNS',
  'LINES',
  'FORCE_COLOR',
  'NO_COLOR',
  'FORCE_TTY',
  'NODE_ENV',
  'TERM_PROGRAM',
  'TERM_PROGRAM_VERSION',
  'TERMCAP',
  'TMUX',
  'TMUX_PANE',
  'STY',
  'WINDOW',
  'WINDOWID',
  'KITTY_WINDOW_ID',
  'WT_SESSION',
];
const SCRUBBED_ENV_PREFIXES: readonly string[] = ['VITEST', 'CI_', 'GITHUB_ACTIONS'];

/**
 * The environment a program spawned by {@link TerminalSession.spawn} gets:
 * `process.env` minus {@link SCRUBBED_ENV_VARS}, plus `TERM=xterm-256color`
 * and `LANG=LC_ALL=C.UTF-8`, then `overrides` (a value of `undefined` removes
 * the variable).
 */
export function terminalEnv(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (SCRUBBED_ENV_VARS.includes(name)) continue;
    if (SCRUBBED_ENV_PREFIXES.some(prefix => name.startsWith(prefix))) continue;
    env[name] = value;
  }
  env.TERM = 'xterm-256color';
  env.LANG = 'C.UTF-8';
  env.LC_ALL = 'C.UTF-8';
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}
