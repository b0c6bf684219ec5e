// swarmtop's command line, declared once: each flag's entry in CLI_FLAGS gives its
// short form, value, help text and check, and the help, the options' type and the
// checks are made from that table. Node's util.parseArgs reads the words; the layer
// here adds what it lacks: a value that may be left out (`--demo[=size]`), and a
// strict reading with "did you mean" for a mistyped flag. Anything that is not one of
// the flags used as it is meant stops swarmtop with a usage error (exit 2), so a
// mistyped flag is never silently ignored.
import {parseArgs} from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface FlagSpec {
  short?: string;
  /** The value's name in the help (`<url>`); a flag without one is a switch. */
  value?: string;
  /** The value may be left out (`--demo` alone reads as ''). */
  optional?: true;
  /** Given more than once, every value counts (`--ssh-opt`). */
  repeatable?: true;
  /** The help text, a line per entry. */
  help: readonly string[];
  /** Reads the value's text into what swarmtop uses, throwing a UsageError for a bad one. */
  parse?: (text: string, flag: string) => unknown;
}

/** A number within bounds, whole when `whole`; `what` says what it counts, for the message. */
function numberBetween(what: string, min: number, max: number, whole: boolean) {
  return (text: string, flag: string): number => {
    const value = Number(text);
    const valid = whole ? /^\d+$/.test(text) && value >= min && value <= max : text.trim() !== '' && Number.isFinite(value) && value >= min && value <= max;
    if (!valid) {
      const range = whole ? `a whole number of ${what}, ${min} to ${max}` : `a number of ${what}, at least ${min}`;
      throw new UsageError(`${flag} takes ${range} (got "${text}")`);
    }
    return value;
  };
}

/** Every flag, in the order the help lists them. */
export const CLI_FLAGS = {
  host: {short: 'H', value: '<url>', help: ['Engine to connect to: unix://, tcp:// or ssh://']},
  context: {short: 'c', value: '<name>', help: ['docker CLI context to use']},
  refresh: {value: '<secs>', help: ['Refresh interval in seconds (default 2, minimum 0.5)'], parse: numberBetween('seconds', 0.5, Number.MAX_VALUE, false)},
  readonly: {help: ['Hide and refuse every action that changes the swarm']},
  tail: {value: '<n>', help: ['Log view: start from the last n lines of each task (default 200)'], parse: numberBetween('lines', 0, 1_000_000, true)},
  'log-lines': {
    value: '<n>',
    help: ['Log view: lines kept in memory, oldest dropped first (default 5000)'],
    parse: numberBetween('lines', 100, 1_000_000, true),
  },
  'print-config': {help: ["Print each setting's value and where it came from, then exit"]},
  'ssh-opt': {
    value: '<k=v>',
    repeatable: true,
    help: ['For ssh:// hosts: pass -o k=v to ssh (repeatable);', 'SWARMTOP_SSH_OPTS adds raw ssh arguments (e.g. "-F file")'],
  },
  'nodes-via': {
    value: '<url>',
    help: [
      "Reach each node's own engine (stats, health, shell) and, when the",
      'manager in use is lost, the other managers through this URL, with',
      '{hostname} and {addr} filled per node: ssh://admin@{hostname},',
      'tcp://{addr}:2376, unix:///run/docker-{hostname}.sock',
    ],
  },
  shell: {value: '<cmd>', help: ["Shell x runs in a task's container (default /bin/sh)"]},
  demo: {
    value: '[=size]',
    optional: true,
    help: ['Run against a built-in simulated swarm: small (default),', 'large (500 nodes, 2,000 services, 20,000 tasks), or a factor like 2x'],
  },
  version: {short: 'v', help: ['Print the version']},
  help: {short: 'h', help: ['Print this help']},
} as const satisfies Record<string, FlagSpec>;

export type FlagName = keyof typeof CLI_FLAGS;

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** A flag's option: a switch is a boolean, a repeatable flag every value, a checked one what its check returns, any other its text. */
type OptionValue<F> = F extends {value: string}
  ? F extends {repeatable: true}
    ? string[]
    : F extends {parse: (text: string, flag: string) => infer T}
      ? T | undefined
      : string | undefined
  : boolean;

/** swarmtop's options as given (`log-lines` is `logLines`); absent ones take the config file's value or the default. */
export type CliOptions = {[K in FlagName as CamelCase<K>]: OptionValue<(typeof CLI_FLAGS)[K]>};

const SPECS: readonly (FlagSpec & {name: FlagName})[] = specsOf(CLI_FLAGS);

const camelCase = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** The help's flag lines, made from the table: the flags in a column, their text beside it. */
export function flagHelp(indent = '    ', specs: readonly NamedSpec[] = SPECS): string {
  const heads = specs.map(spec => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    const value = spec.value === undefined ? '' : spec.optional ? spec.value : ` ${spec.value}`;
    return `${short}--${spec.name}${value}`;
  });
  const width = Math.max(...heads.map(head => head.length)) + 2;
  return specs.flatMap((spec, index) => spec.help.map((line, at) => `${indent}${(at === 0 ? heads[index]! : '').padEnd(width)}${line}`)).join('\n');
}

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

type NamedSpec<N extends string = string> = FlagSpec & {name: N};

/** A flag table as a list, in its order. */
export function specsOf<T extends Record<string, FlagSpec>>(table: T): (FlagSpec & {name: keyof T & string})[] {
  return Object.entries(table).map(([name, spec]) => ({name, ...spec}));
}

/** The known long flag closest to `name`, when it is close enough to be what was meant. */
export function closestFlag<N extends string = FlagName>(name: string, specs: readonly NamedSpec<N>[] = SPECS as unknown as NamedSpec<N>[]): N | undefined {
  // Dashes and case are the usual slips (--read-only, --logLines): compare without them too.
  const plain = (text: string) => text.toLowerCase().replace(/[-_]/g, '');
  let best: {name: N; distance: number} | undefined;
  for (const spec of specs) {
    const distance = plain(name) === plain(spec.name) ? 0 : editDistance(name, spec.name);
    if (!best || distance < best.distance) best = {name: spec.name, distance};
  }
  if (!best) return undefined;
  const allowed = Math.max(1, Math.floor(best.name.length / 3));
  return best.distance <= allowed ? best.name : undefined;
}

function unknownFlag(rawName: string, specs: readonly NamedSpec[]): UsageError {
  if (rawName.startsWith('--')) {
    const near = closestFlag(rawName.slice(2), specs);
    return new UsageError(`unknown flag ${rawName}${near ? ` — did you mean --${near}?` : ''}`);
  }
  const letter = rawName.slice(1);
  const byCase = specs.find(spec => spec.short?.toLowerCase() === letter.toLowerCase());
  const long = specs.find(spec => spec.name === letter);
  const near = byCase ? `-${byCase.short}` : long ? `--${long.name}` : undefined;
  return new UsageError(`unknown flag ${rawName}${near ? ` — did you mean ${near}?` : ''}`);
}

/** `--demo` with no value after it (the end, or another flag next) reads as `--demo=`, which parseArgs understands. */
function fillOptionalValues(argv: readonly string[], specs: readonly NamedSpec[]): string[] {
  const optional = new Set(specs.filter(spec => spec.optional).map(spec => `--${spec.name}`));
  return argv.map((word, index) => {
    const next = argv[index + 1];
    return optional.has(word) && (next === undefined || next.startsWith('-')) ? `${word}=` : word;
  });
}

/** What the command line asked for, by long name: a switch true or false, a flag with a value its text, a repeatable one every text. */
export type ParsedArguments = Partial<Record<FlagName, string | boolean | string[]>>;

/**
 * Reads `argv` (process.argv without node and the script). Throws a UsageError for
 * the first word that is not one of the flags used as it is meant: an unknown flag,
 * with the closest known one suggested; a value missing, or given to a switch; an
 * argument. A flag given twice keeps its last value.
 */
export function parseArguments(argv: readonly string[]): ParsedArguments {
  return readFlags(SPECS, argv, 'swarmtop takes no arguments, only flags').values as ParsedArguments;
}

/**
 * Reads `argv` by the flag table `specs` (parseArguments' rules); the words that are not
 * flags come back as `positionals`, or, when `noPositionals` says why there are none, are refused.
 */
export function readFlags<N extends string>(
  specs: readonly NamedSpec<N>[],
  argv: readonly string[],
  noPositionals?: string,
): {values: Partial<Record<N, string | boolean | string[]>>; positionals: string[]} {
  const options = Object.fromEntries(
    specs.map(spec => [
      spec.name,
      {type: spec.value === undefined ? 'boolean' : 'string', ...(spec.short ? {short: spec.short} : {}), ...(spec.repeatable ? {multiple: true} : {})},
    ]),
  ) as Record<N, {type: 'boolean' | 'string'; short?: string; multiple?: boolean}>;
  // Not strict: the checks below give swarmtop's own messages, with the suggestion.
  const {values, tokens} = parseArgs({
    args: fillOptionalValues(argv, specs),
    options,
    strict: false,
    allowPositionals: true,
    allowNegative: true,
    tokens: true,
  });
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (noPositionals) throw new UsageError(`${noPositionals} (got "${token.value}")`);
      positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') {
      if (noPositionals) throw new UsageError(`${noPositionals} (got "--")`);
      continue;
    }
    const spec = specs.find(candidate => candidate.name === token.name);
    const negated = token.rawName.startsWith('--no-') && token.name !== token.rawName.slice(2);
    if (!spec || (negated && spec.value !== undefined)) throw unknownFlag(token.rawName, specs);
    if (spec.value === undefined && token.value !== undefined) throw new UsageError(`${token.rawName} takes no value (got "${token.rawName}=${token.value}")`);
    if (spec.value !== undefined && token.value === undefined) throw new UsageError(`${token.rawName} needs a value`);
  }
  return {values: {...values} as Partial<Record<N, string | boolean | string[]>>, positionals};
}

/** The command line's options, every value checked by its flag's entry. */
export function cliOptions(argv: readonly string[]): CliOptions {
  const parsed = parseArguments(argv);
  const options: Record<string, unknown> = {};
  for (const spec of SPECS) {
    const given = parsed[spec.name];
    const key = camelCase(spec.name);
    if (spec.value === undefined) options[key] = given === true;
    else if (spec.repeatable) options[key] = Array.isArray(given) ? given : [];
    else if (typeof given === 'string') options[key] = spec.parse ? spec.parse(given, `--${spec.name}`) : given;
  }
  return options as CliOptions;
}
