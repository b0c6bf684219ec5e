import {Box, Text} from 'ink';
import type {Dialog} from '../shell/dialogs.js';
import {inert} from '../render/text.js';
import {toneColor} from './theme.js';

/** A form or a y/N question, drawn above the status line. */
export function DialogView({dialog}: {dialog: Dialog}) {
  if (dialog.kind === 'confirm') {
    return (
      <Box flexDirection="column">
        <Text wrap="truncate" bold color={toneColor(dialog.tone)}>
          {`${inert(dialog.question)} [y/N]`}
        </Text>
        {dialog.details.map((line, index) => (
          <Text key={index} wrap="truncate" color={line.startsWith('⚠') ? toneColor('error') : undefined}>
            {`  ${inert(line)}`}
          </Text>
        ))}
      </Box>
    );
  }
  const labelWidth = Math.max(...dialog.fields.map(field => field.label.length));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate" bold color={toneColor('accent')}>
        {dialog.title}
      </Text>
      {dialog.fields.map((field, index) => (
        <Box key={field.name} flexDirection="column">
          <Text wrap="truncate">
            {`  ${field.label.padEnd(labelWidth)}  `}
            <Text underline={index === dialog.focus}>{inert(field.value)}</Text>
            {index === dialog.focus ? <Text inverse> </Text> : ' '}
            {field.hint ? <Text color={toneColor('muted')}>{`  ${field.hint}`}</Text> : null}
          </Text>
          {field.error ? (
            <Text wrap="truncate" color={toneColor('error')}>
              {`  ${' '.repeat(labelWidth)}  ✗ ${inert(field.error)}`}
            </Text>
          ) : null}
        </Box>
      ))}
      <Text wrap="truncate" color={toneColor('muted')}>
        {dialog.fields.length > 1 ? '  Tab next field · Enter apply · Esc cancel' : '  Enter apply · Esc cancel'}
      </Text>
    </Box>
  );
}
