import {describe, expect, it} from 'vitest';
import {CLI_FLAGS, UsageError, cliOptions, closestFlag, editDistance, parseArguments} from '../../source/app/cli-args.js';

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
    expect(closestFlag('read-only')?.name).toBe('readonly');
    expect(closestFlag('logLines')?.name).toBe('log-lines');
    expect(closestFlag('log_lines')?.name).toBe('log-lines');
    expect(closestFlag('hots')?.name).toBe('host');
    expect(closestFlag('verison')?.name).toBe('version');
    expect(closestFlag('contxt')?.name).toBe('context');
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

  it('has one short form per letter and one spec per name', () => {
    const shorts = CLI_FLAGS.flatMap(flag => (flag.short ? [flag.short] : []));
    expect(new Set(shorts).size).toBe(shorts.length);
    expect(new Set(CLI_FLAGS.map(flag => flag.name)).size).toBe(CLI_FLAGS.length);
  });
});
