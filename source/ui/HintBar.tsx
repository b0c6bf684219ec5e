import {Text} from 'ink';
import {type Binding, hintLine} from '../keymap/keymap.js';
import {roleColor} from './theme.js';

export function HintBar({bindings, width}: {bindings: readonly Binding[]; width: number}) {
  const hints = hintLine(bindings, width);
  // No spaces after the last hint: a line a cell too long is cut with "…", which would eat `quit`.
  return (
    <Text wrap="truncate">
      {hints.map((hint, index) => (
        <Text key={hint.key}>
          <Text color={roleColor('hint')} bold>
            {`<${hint.key}>`}
          </Text>
          {` ${hint.label}${index < hints.length - 1 ? '  ' : ''}`}
        </Text>
      ))}
    </Text>
  );
}
