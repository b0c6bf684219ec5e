import {describe, expect, it} from 'vitest';
import {interpolate, parseEnvFile} from '../../../source/model/compose/interpolate.js';

const env: Record<string, string> = {SET: 'value', EMPTY: ''};
const lookup = (name: string) => env[name];
const value = (text: string) => {
  const result = interpolate(text, lookup);
  return result.ok ? result.value : `ERROR ${result.message}`;
};

describe('interpolation as the CLI does it', () => {
  it.each([
    ['${SET}', 'value'],
    ['$SET/x', 'value/x'],
    ['${UNSET}', ''],
    ['${UNSET:-d}', 'd'],
    ['${EMPTY:-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${UNSET-d}', 'd'],
    ['${SET:-d}', 'value'],
    ['$$SET', '$SET'],
    ['a $$ b', 'a $ b'],
    ['${UNSET:-${SET}}', 'value'],
    ['no variables', 'no variables'],
  ])('%s → %s', (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it('refuses a required variable that is unset or empty under :?, and unset under ?', () => {
    expect(value('${UNSET:?set it first}')).toBe('ERROR required variable UNSET is missing a value: set it first');
    expect(value('${EMPTY:?no}')).toBe('ERROR required variable EMPTY is missing a value: no');
    expect(value('${EMPTY?no}')).toBe('');
    expect(value('${UNSET?}')).toBe('ERROR required variable UNSET is missing a value');
  });

  it('refuses malformed references', () => {
    expect(value('${SET')).toContain('unclosed');
    expect(value('${}')).toContain('names no variable');
    expect(value('${SET:x}')).toContain('unknown operator');
    expect(value('cost $5')).toContain('must start a variable');
  });

  it('reads .env lines: comments, quotes, export', () => {
    expect([...parseEnvFile('# c\nA=1\nexport B="two words"\nC=\'3\'\n\nNOEQUALS\n')]).toEqual([
      ['A', '1'],
      ['B', 'two words'],
      ['C', '3'],
    ]);
  });
});
