import {type Binding, hintLine} from '../keymap/keymap.js';
import {display} from '../render/text.js';
import {Line, Span} from './Line.js';
import {roleColor} from './theme.js';

export function HintBar({bindings, width}: {bindings: readonly Binding[]; width: number}) {
  const hints = hintLine(bindings, width);
  // No spaces after the last hint: a line a cell too long is cut with "…", which would eat `quit`.
  // Hints may come from the user's own hotkeys and plugins: drawn inert like everything else.
  return (
    <Line>
      {hints.map((hint, index) => (
        <Span key={hint.key}>
          <Span color={roleColor('hint')} bold>
            {display`<${hint.key}>`}
          </Span>
          {display` ${hint.label}${index < hints.length - 1 ? '  ' : ''}`}
        </Span>
      ))}
    </Line>
  );
}
