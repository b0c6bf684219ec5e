import {Text} from 'ink';
import {inert} from '../render/text.js';
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

/** The one-line input; its keys are handled by the shell's dispatcher, so a burst of keys is never split across modes. */
export function Prompt({sigil, text, placeholder, choices}: PromptProps) {
  return (
    <Text wrap="truncate">
      <Text color={toneColor('accent')} bold>
        {sigil}
      </Text>
      {inert(text)}
      <Text inverse> </Text>
      {text && choices?.length ? <Text color={toneColor('muted')}>{`  ${choices.join(' · ')}`}</Text> : null}
      {!text && placeholder ? <Text color={toneColor('muted')}>{` ${placeholder}`}</Text> : null}
    </Text>
  );
}
