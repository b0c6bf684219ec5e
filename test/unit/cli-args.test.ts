import {describe, expect, it} from 'vitest';
import {CLI_FLAGS, type FlagSpec, UsageError, cliOptions, closestFlag, editDistance, flagHelp, parseArguments} from '../../source/app/cli-args.js';

function usageError(argv: string[]): string {
  try {
    parseArguments(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be refused`);
}

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours, ignoring case', () => {
    expect(editDistance('readonly', 'readonly')).toBe(0);
    expect(editDistance('read-only', 'readonly')).toBe(1);
    expect(editDistance('hots', 'host')).toBe(1);
    expect(editDistance('tial', 'tail')).toBe(1);
    expect(editDistance('refesh', 'refresh')).toBe(1);
    expect(editDistance('HOST', 'host')).toBe(0);
    expect(editDistance('', 'demo')).toBe(4);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('the closest flag', () => {
  it('names the flag a slip was meant to be', () => {
    expect(closestFlag('read-only')).toBe('readonly');
    expect(closestFlag('logLines')).toBe('log-lines');
    expect(closestFlag('log_lines')).toBe('log-lines');
    expect(closestFlag('hots')).toBe('host');
    expect(closestFlag('verison')).toBe('version');
    expect(closestFlag('contxt')).toBe('context');
  });

  it('suggests nothing for a word unlike every flag', () => {
    expect(closestFlag('kubeconfig')).toBeUndefined();
    expect(closestFlag('x')).toBeUndefined();
    expect(closestFlag('namespace')).toBeUndefined();
  });
});

describe('the command line', () => {
  it('refuses an unknown long flag with a suggestion', () => {
    expect(usageError(['--read-only'])).toBe('unknown flag --read-only — did you mean --readonly?');
    expect(usageError(['-H', 'unix:///x', '--tial', '5'])).toBe('unknown flag --tial — did you mean --tail?');
    expect(usageError(['--kubeconfig'])).toBe('unknown flag --kubeconfig');
  });

  it('refuses an unknown short flag, suggesting one that differs only in case', () => {
    expect(usageError(['-h', '-x'])).toBe('unknown flag -x');
    expect(usageError(['-C', 'prod'])).toBe('unknown flag -C — did you mean -c?');
    expect(usageError(['-vq'])).toBe('unknown flag -q');
  });

  it('refuses arguments, a missing value, and a value given to a switch', () => {
    expect(usageError(['prod'])).toMatch(/takes no arguments, only flags \(got "prod"\)/);
    expect(usageError(['--', '--readonly'])).toMatch(/got "--"/);
    expect(usageError(['--host'])).toBe('--host needs a value');
    expect(usageError(['-c'])).toBe('-c needs a value');
    expect(usageError(['--readonly=yes'])).toBe('--readonly takes no value (got "--readonly=yes")');
    expect(usageError(['--readonly', 'extra'])).toMatch(/got "extra"/);
  });

  it('reads values given as the next word, after =, or attached to a short flag', () => {
    expect(parseArguments(['--host', 'tcp://a:2375'])).toEqual({host: 'tcp://a:2375'});
    expect(parseArguments(['--host=tcp://a:2375'])).toEqual({host: 'tcp://a:2375'});
    expect(parseArguments(['-Hunix:///run/d.sock'])).toEqual({host: 'unix:///run/d.sock'});
    expect(parseArguments(['-H', '-weird-but-given'])).toEqual({host: '-weird-but-given'});
    expect(parseArguments(['-c', 'prod', '--log-lines', '100'])).toEqual({context: 'prod', 'log-lines': '100'});
  });

  it('takes --demo with or without a size', () => {
    expect(parseArguments(['--demo'])).toEqual({demo: ''});
    expect(parseArguments(['--demo', '--readonly'])).toEqual({demo: '', readonly: true});
    expect(parseArguments(['--demo', 'large'])).toEqual({demo: 'large'});
    expect(parseArguments(['--demo=2x'])).toEqual({demo: '2x'});
  });

  it('reads switches, grouped short switches, --no- forms, and keeps the last of a repeated flag', () => {
    expect(parseArguments(['-hv'])).toEqual({help: true, version: true});
    expect(parseArguments(['--readonly', '--no-readonly'])).toEqual({readonly: false});
    expect(parseArguments(['--refresh', '1', '--refresh', '3'])).toEqual({refresh: '3'});
    expect(usageError(['--no-host'])).toMatch(/^unknown flag --no-host/);
  });

  it('fills in the defaults', () => {
    // Values left out stay undefined: the config file or the built-in default fills them (source/app/config).
    expect(cliOptions([])).toEqual({readonly: false, printConfig: false, sshOpt: [], help: false, version: false});
    expect(cliOptions(['--ssh-opt', 'Port=2222', '--ssh-opt=User=ops']).sshOpt).toEqual(['Port=2222', 'User=ops']);
    expect(cliOptions(['-v']).version).toBe(true);
    expect(cliOptions(['-h']).help).toBe(true);
    expect(cliOptions(['--readonly', '--tail=0']).readonly).toBe(true);
  });

  it('checks each value by its flag, and gives the numbers as numbers', () => {
    expect(cliOptions(['--refresh', '0.5', '--tail', '0', '--log-lines=100', '--demo', '-c', 'prod'])).toEqual({
      refresh: 0.5,
      tail: 0,
      logLines: 100,
      demo: '',
      context: 'prod',
      readonly: false,
      printConfig: false,
      sshOpt: [],
      help: false,
      version: false,
    });
    const refused = (argv: string[]) => {
      try {
        cliOptions(argv);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error(`expected ${JSON.stringify(argv)} to be refused`);
    };
    expect(refused(['--refresh', '0.4'])).toBe('--refresh takes a number of seconds, at least 0.5 (got "0.4")');
    expect(refused(['--refresh', 'soon'])).toBe('--refresh takes a number of seconds, at least 0.5 (got "soon")');
    expect(refused(['--refresh='])).toBe('--refresh takes a number of seconds, at least 0.5 (got "")');
    expect(refused(['--tail', '-5'])).toBe('--tail takes a whole number of lines, 0 to 1000000 (got "-5")');
    expect(refused(['--tail', '1.5'])).toBe('--tail takes a whole number of lines, 0 to 1000000 (got "1.5")');
    expect(refused(['--log-lines', '99'])).toBe('--log-lines takes a whole number of lines, 100 to 1000000 (got "99")');
    expect(refused(['--log-lines', '1000001'])).toBe('--log-lines takes a whole number of lines, 100 to 1000000 (got "1000001")');
  });

  it('has one short form per letter', () => {
    const shorts = Object.values(CLI_FLAGS as Record<string, FlagSpec>).flatMap(flag => (flag.short ? [flag.short] : []));
    expect(new Set(shorts).size).toBe(shorts.length);
  });
});

describe('the help', () => {
  it('lists every flag of the table once, with its short form, value and text', () => {
    const help = flagHelp('');
    for (const [name, spec] of Object.entries(CLI_FLAGS as Record<string, FlagSpec>)) {
      const head = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value === undefined ? '' : spec.optional ? spec.value : ` ${spec.value}`}`;
      expect(help.split('\n').filter(line => line.trimStart().startsWith(head))).toHaveLength(1);
      for (const line of spec.help) expect(help).toContain(line);
    }
    expect(help).toContain('-H, --host <url>');
    expect(help).toContain('    --demo[=size]');
  });

  it('puts every text in one column', () => {
    const lines = flagHelp('').split('\n');
    const starts = Object.values(CLI_FLAGS as Record<string, FlagSpec>).flatMap(spec =>
      spec.help.map(text => lines.find(line => line.endsWith(text))!.length - text.length),
    );
    expect(starts.length).toBe(lines.length);
    expect(new Set(starts).size).toBe(1);
  });
});
