import {Text} from 'ink';
import {type Binding, hintLine} from '../keymap/keymap.js';
import {roleColor} from './theme.js';

export function HintBar({bindings, width}: {bindings: readonly Binding[]; width: number}) {
  const hints = hintLine(bindings, width);
  return (
    <Text wrap="truncate">
      {hints.map(hint => (
        <Text key={hint.key}>
          <Text color={roleColor('hint')} bold>
            {`<${hint.key}>`}
          </Text>
          {` ${hint.label}  `}
        </Text>
      ))}
    </Text>
  );
}
