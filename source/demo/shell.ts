// The tiny shell the demo's containers run for `x`: a TTY's line discipline
// (echo, backspace, Ctrl-c, Ctrl-u, Ctrl-d on an empty line) and a handful of
// busybox-like commands answered from the container's task (hostname, env,
// ps), so `--demo` shows a shell session without any container behind it.

export interface ShellContainer {
  /** What `hostname` prints: the spec's Hostname, else the container ID's first 12 characters, as docker sets it. */
  hostname: string;
  /** The container's environment, NAME=value. */
  env: string[];
  /** The container's main process, as `ps` lists it at PID 1. */
  command: string;
  /** The directory the session starts in. */
  workdir: string;
}

export interface ShellIo {
  write(text: string): void;
  exit(code: number): void;
}

// A little file tree: enough for `ls`, `cd` and `cat` to answer like a small image.
const TREE: Record<string, string[]> = {
  '/': ['app', 'bin', 'dev', 'etc', 'home', 'lib', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'],
  '/app': [],
  '/bin': ['busybox', 'cat', 'echo', 'env', 'hostname', 'ls', 'ps', 'pwd', 'sh'],
  '/dev': ['null', 'pts', 'shm', 'stderr', 'stdin', 'stdout', 'tty', 'urandom', 'zero'],
  '/etc': ['hostname', 'hosts', 'resolv.conf'],
  '/home': [],
  '/lib': [],
  '/proc': [],
  '/root': [],
  '/sys': [],
  '/tmp': [],
  '/usr': ['bin', 'lib', 'local', 'sbin', 'share'],
  '/var': ['cache', 'lib', 'log', 'run', 'tmp'],
};

/** The commands this shell knows. */
export const BUILTINS = ['cat', 'cd', 'echo', 'env', 'exit', 'false', 'help', 'hostname', 'id', 'ls', 'ps', 'pwd', 'true', 'uname', 'whoami'];

function resolvePath(cwd: string, target: string): string {
  const parts = (target.startsWith('/') ? target : `${cwd}/${target}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** A command line split into words: quotes group, $NAME and $? expand (not within single quotes). */
export function splitWords(line: string, lookup: (name: string) => string): string[] {
  const words: string[] = [];
  let word = '';
  let started = false;
  let quote: '"' | "'" | undefined;
  for (let at = 0; at < line.length; at++) {
    const char = line[at]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '$' && quote === '"') at = expand(at, false);
      else word += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (char === ' ' || char === '\t') {
      if (started) words.push(word);
      word = '';
      started = false;
    } else if (char === '$') {
      at = expand(at, true);
    } else {
      word += char;
      started = true;
    }
  }
  if (started) words.push(word);
  return words;

  // Unquoted, a value splits into words at its blanks (and an empty one adds none); quoted, it stays one.
  function expand(at: number, split: boolean): number {
    const name = /^\?|^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(at + 1))?.[0];
    if (!name) {
      word += '$';
      started = true;
      return at;
    }
    const value = lookup(name);
    if (!split) {
      word += value;
      return at + name.length;
    }
    const fields = value.split(/[ \t\n]+/);
    fields.forEach((field, position) => {
      if (position > 0) {
        if (started) words.push(word);
        word = '';
        started = false;
      }
      word += field;
      if (field) started = true;
    });
    return at + name.length;
  }
}

export class DemoShell {
  private line = '';
  private cwd: string;
  private status = 0;
  private ended = false;
  private readonly env = new Map<string, string>();

  constructor(
    private readonly container: ShellContainer,
    private readonly io: ShellIo,
    private readonly shellName = '/bin/sh',
  ) {
    for (const entry of container.env) {
      const equals = entry.indexOf('=');
      if (equals > 0) this.env.set(entry.slice(0, equals), entry.slice(equals + 1));
    }
    this.cwd = TREE[container.workdir] ? container.workdir : '/';
    this.env.set('PWD', this.cwd);
  }

  /** Starts an interactive session: the first prompt. */
  start(): void {
    this.prompt();
  }

  /** Keys typed on the TTY, raw: edited into a line, which runs on Enter. */
  input(data: string): void {
    for (let at = 0; at < data.length && !this.ended; at++) {
      const char = data[at]!;
      const code = char.charCodeAt(0);
      if (char === '\r' || char === '\n') {
        // A CR LF pair (or LF after CR) is one Enter.
        if (char === '\r' && data[at + 1] === '\n') at++;
        this.io.write('\r\n');
        const line = this.line;
        this.line = '';
        this.runLine(line);
        if (!this.ended) this.prompt();
      } else if (char === '\x7f' || char === '\b') {
        if (this.line) {
          this.line = this.line.slice(0, -1);
          this.io.write('\b \b');
        }
      } else if (char === '\x03') {
        this.line = '';
        this.status = 130;
        this.io.write('^C\r\n');
        this.prompt();
      } else if (char === '\x04') {
        if (this.line === '') this.finish(this.status);
      } else if (char === '\x15') {
        this.io.write('\b \b'.repeat(this.line.length));
        this.line = '';
      } else if (char === '\x0c') {
        this.io.write('\x1b[H\x1b[2J');
        this.prompt();
        this.io.write(this.line);
      } else if (char === '\x1b') {
        // An escape sequence (arrows, function keys): this shell keeps no history, so it is skipped whole.
        const sequence = /^\x1b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?/.exec(data.slice(at))![0];
        at += sequence.length - 1;
      } else if (code >= 0x20) {
        this.line += char;
        this.io.write(char);
      }
    }
  }

  /** Its input ended (the client closed it): a shell exits with the last status. */
  endOfInput(): void {
    this.finish(this.status);
  }

  /** Runs one command line (`sh -c`, or a command exec'd directly) and ends with its status. */
  runOnce(line: string): void {
    this.runLine(line);
    if (!this.ended) this.finish(this.status);
  }

  /** Runs one program exec'd without a shell, its words as given, and ends with its status. */
  runWords(name: string, args: string[]): void {
    this.status = this.run(name, args);
    if (!this.ended) this.finish(this.status);
  }

  private prompt(): void {
    this.io.write(`${this.cwd} # `);
  }

  private finish(code: number): void {
    if (this.ended) return;
    this.ended = true;
    this.io.exit(code);
  }

  private print(text: string): void {
    // The TTY turns each newline into CR LF (onlcr).
    this.io.write(text.replace(/\r?\n/g, '\r\n'));
  }

  private runLine(line: string): void {
    const words = splitWords(line.trim(), name => (name === '?' ? String(this.status) : (this.env.get(name) ?? '')));
    if (words.length === 0) return;
    this.status = this.run(words[0]!, words.slice(1));
  }

  private run(name: string, args: string[]): number {
    const command = name.includes('/') && TREE['/bin']!.includes(name.split('/').pop()!) ? name.split('/').pop()! : name;
    switch (command) {
      case 'hostname':
        this.print(`${this.container.hostname}\n`);
        return 0;
      case 'echo': {
        const noNewline = args[0] === '-n';
        this.print(`${(noNewline ? args.slice(1) : args).join(' ')}${noNewline ? '' : '\n'}`);
        return 0;
      }
      case 'pwd':
        this.print(`${this.cwd}\n`);
        return 0;
      case 'cd': {
        const target = resolvePath(this.cwd, args[0] ?? this.env.get('HOME') ?? '/root');
        if (!TREE[target]) {
          this.print(`sh: cd: can't cd to ${args[0]}: No such file or directory\n`);
          return 2;
        }
        this.cwd = target;
        this.env.set('PWD', target);
        return 0;
      }
      case 'ls':
        return this.list(args.filter(arg => !arg.startsWith('-')));
      case 'cat':
        return this.cat(args);
      case 'env':
        this.print([...this.env].map(([key, value]) => `${key}=${value}\n`).join(''));
        return 0;
      case 'ps':
        this.print(
          [
            'PID   USER     TIME  COMMAND',
            `    1 root      0:00 ${this.container.command}`,
            `    7 root      0:00 ${this.shellName}`,
            '   13 root      0:00 ps',
            '',
          ].join('\n'),
        );
        return 0;
      case 'whoami':
        this.print('root\n');
        return 0;
      case 'id':
        this.print('uid=0(root) gid=0(root) groups=0(root)\n');
        return 0;
      case 'uname':
        this.print(args.includes('-a') ? `Linux ${this.container.hostname} 6.1.0 #1 SMP x86_64 GNU/Linux\n` : 'Linux\n');
        return 0;
      case 'help':
        this.print(`Built-in commands: ${BUILTINS.join(' ')}\n`);
        return 0;
      case 'true':
        return 0;
      case 'false':
        return 1;
      case 'exit': {
        const code = args[0] === undefined ? this.status : Number.parseInt(args[0], 10);
        this.finish(Number.isFinite(code) ? code & 0xff : 2);
        return this.status;
      }
      default:
        this.print(`sh: ${name}: not found\n`);
        return 127;
    }
  }

  private list(paths: string[]): number {
    let status = 0;
    const targets = paths.length > 0 ? paths : ['.'];
    for (const target of targets) {
      const resolved = resolvePath(this.cwd, target);
      const entries = TREE[resolved];
      const parent = TREE[resolvePath(resolved, '..')];
      if (entries) {
        if (targets.length > 1) this.print(`${target}:\n`);
        if (entries.length > 0) this.print(`${entries.join('  ')}\n`);
      } else if (parent?.includes(resolved.split('/').pop()!)) {
        this.print(`${target}\n`);
      } else {
        this.print(`ls: ${target}: No such file or directory\n`);
        status = 1;
      }
    }
    return status;
  }

  private cat(paths: string[]): number {
    let status = 0;
    for (const target of paths) {
      const resolved = resolvePath(this.cwd, target);
      if (resolved === '/etc/hostname') this.print(`${this.container.hostname}\n`);
      else if (resolved === '/etc/hosts') this.print(`127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.0.1.7\t${this.container.hostname}\n`);
      else if (resolved === '/etc/resolv.conf') this.print('nameserver 127.0.0.11\noptions ndots:0\n');
      else if (TREE[resolved]) {
        this.print(`cat: read error: Is a directory\n`);
        status = 1;
      } else {
        this.print(`cat: can't open '${target}': No such file or directory\n`);
        status = 1;
      }
    }
    return status;
  }
}
