// The command line is checked strictly before it is parsed: a flag swarmtop does
// not know, a stray argument or a missing value stops it with a usage error
// (exit 2), so a mistyped flag is never silently ignored.

export type FlagValue = 'none' | 'required' | 'optional';

export interface FlagSpec {
  /** The long name, as typed: `log-lines`. */
  name: string;
  short?: string;
  value: FlagValue;
  /** Given more than once, every value counts (`--ssh-opt`). */
  repeatable?: boolean;
}

export const CLI_FLAGS: readonly FlagSpec[] = [
  {name: 'host', short: 'H', value: 'required'},
  {name: 'context', short: 'c', value: 'required'},
  {name: 'refresh', value: 'required'},
  {name: 'readonly', value: 'none'},
  {name: 'tail', value: 'required'},
  {name: 'log-lines', value: 'required'},
  {name: 'demo', value: 'optional'},
  {name: 'print-config', value: 'none'},
  {name: 'ssh-opt', value: 'required', repeatable: true},
  {name: 'nodes-via', value: 'required'},
  {name: 'shell', value: 'required'},
  {name: 'version', short: 'v', value: 'none'},
  {name: 'help', short: 'h', value: 'none'},
];

/** Edit distance (insert, delete, substitute, swap two neighbours), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = Array.from({length: s.length + 1}, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[s.length]![t.length]!;
}

/** The known long flag closest to `name`, when it is close enough to be what was meant. */
export function closestFlag(name: string, flags: readonly FlagSpec[] = CLI_FLAGS): FlagSpec | undefined {
  // Dashes and case are the usual slips (--read-only, --logLines): compare without them too.
  const plain = (text: string) => text.toLowerCase().replace(/[-_]/g, '');
  let best: {flag: FlagSpec; distance: number} | undefined;
  for (const flag of flags) {
    const distance = plain(name) === plain(flag.name) ? 0 : editDistance(name, flag.name);
    if (!best || distance < best.distance) best = {flag, distance};
  }
  if (!best) return undefined;
  const allowed = Math.max(1, Math.floor(best.flag.name.length / 3));
  return best.distance <= allowed ? best.flag : undefined;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function unknownLong(name: string, flags: readonly FlagSpec[]): UsageError {
  const near = closestFlag(name, flags);
  const hint = near ? ` — did you mean --${near.name}?` : '';
  return new UsageError(`unknown flag --${name}${hint}`);
}

function unknownShort(letter: string, flags: readonly FlagSpec[]): UsageError {
  const byCase = flags.find(flag => flag.short && flag.short.toLowerCase() === letter.toLowerCase());
  const long = flags.find(flag => flag.name === letter);
  const near = byCase ? `-${byCase.short}` : long ? `--${long.name}` : undefined;
  return new UsageError(`unknown flag -${letter}${near ? ` — did you mean ${near}?` : ''}`);
}

/** What the command line asked for: a switch is true or false, a flag with a value its text ('' for `--demo` alone), a repeatable one every text. */
export type ParsedArguments = Record<string, string | boolean | string[]>;

/**
 * Reads `argv` (process.argv without node and the script). Throws a UsageError
 * for the first thing that is not one of `flags` used as it is meant: an unknown
 * flag, with the closest known one suggested; a value missing, or given to a
 * switch; an argument. A flag given twice keeps its last value.
 */
export function parseArguments(argv: readonly string[], flags: readonly FlagSpec[] = CLI_FLAGS): ParsedArguments {
  const parsed: ParsedArguments = {};
  const put = (flag: FlagSpec, value: string) => {
    const before = parsed[flag.name];
    parsed[flag.name] = flag.repeatable ? [...(Array.isArray(before) ? before : []), value] : value;
  };
  const takesNext = (flag: FlagSpec, next: string | undefined) =>
    flag.value === 'required' || (flag.value === 'optional' && next !== undefined && !next.startsWith('-'));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--' || !arg.startsWith('-') || arg === '-') {
      throw new UsageError(`swarmtop takes no arguments, only flags (got "${arg}")`);
    }
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = arg.slice(2, equals === -1 ? undefined : equals);
      const negated = name.startsWith('no-') ? flags.find(flag => flag.name === name.slice(3) && flag.value === 'none') : undefined;
      const flag = flags.find(candidate => candidate.name === name) ?? negated;
      if (!flag) throw unknownLong(name, flags);
      if (equals !== -1) {
        if (flag.value === 'none') throw new UsageError(`--${name} takes no value (got "${arg}")`);
        put(flag, arg.slice(equals + 1));
      } else if (flag.value === 'none') {
        parsed[flag.name] = !negated;
      } else if (!takesNext(flag, argv[i + 1])) {
        put(flag, '');
      } else if (argv[i + 1] === undefined) {
        throw new UsageError(`--${name} needs a value`);
      } else {
        put(flag, argv[++i]!);
      }
      continue;
    }
    // One or more short flags: -H url, -Hurl, -hv.
    for (let at = 1; at < arg.length; at++) {
      const letter = arg[at]!;
      const flag = flags.find(candidate => candidate.short === letter);
      if (!flag) throw unknownShort(letter, flags);
      if (flag.value === 'none') {
        parsed[flag.name] = true;
      } else if (at + 1 < arg.length) {
        // The rest of the word is the value.
        put(flag, arg.slice(at + 1));
        break;
      } else if (!takesNext(flag, argv[i + 1])) {
        put(flag, '');
      } else if (argv[i + 1] === undefined) {
        throw new UsageError(`-${letter} needs a value`);
      } else {
        put(flag, argv[++i]!);
      }
    }
  }
  return parsed;
}

/** swarmtop's options as given; absent ones take the config file's value or the default. */
export interface CliOptions {
  host?: string;
  context?: string;
  refresh?: string;
  readonly: boolean;
  tail?: string;
  logLines?: string;
  demo?: string;
  printConfig: boolean;
  sshOpt: string[];
  nodesVia?: string;
  shell?: string;
  help: boolean;
  version: boolean;
}

export function cliOptions(argv: readonly string[]): CliOptions {
  const parsed = parseArguments(argv, CLI_FLAGS);
  const text = (name: string) => (typeof parsed[name] === 'string' ? (parsed[name] as string) : undefined);
  return {
    host: text('host'),
    context: text('context'),
    refresh: text('refresh'),
    readonly: parsed['readonly'] === true,
    tail: text('tail'),
    logLines: text('log-lines'),
    demo: text('demo'),
    printConfig: parsed['print-config'] === true,
    sshOpt: Array.isArray(parsed['ssh-opt']) ? parsed['ssh-opt'] : [],
    nodesVia: text('nodes-via'),
    shell: text('shell'),
    help: parsed['help'] === true,
    version: parsed['version'] === true,
  };
}
