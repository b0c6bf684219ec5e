import {display, inert} from '../render/text.js';
import {Line, Span} from './Line.js';
import {toneColor} from './theme.js';

export interface PromptProps {
  /** ":" or "/". */
  sigil: string;
  text: string;
  /** Shown dim while the input is empty, e.g. the commands that exist. */
  placeholder?: string;
  /** Shown dim after the text: what Tab could complete it to. */
  choices?: readonly string[];
}

const CURSOR = display` `;

/** The one-line input; its keys are handled by the shell's dispatcher, so a burst of keys is never split across modes. */
export function Prompt({sigil, text, placeholder, choices}: PromptProps) {
  return (
    <Line>
      <Span color={toneColor('accent')} bold>
        {inert(sigil)}
      </Span>
      {inert(text)}
      <Span inverse>{CURSOR}</Span>
      {text && choices?.length ? <Span color={toneColor('muted')}>{display`  ${choices.join(' · ')}`}</Span> : null}
      {!text && placeholder ? <Span color={toneColor('muted')}>{display` ${placeholder}`}</Span> : null}
    </Line>
  );
}
