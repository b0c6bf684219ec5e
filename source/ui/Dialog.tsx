import {Box} from 'ink';
import {type Dialog, confirmDetailRows} from '../shell/dialogs.js';
import {display, inert} from '../render/text.js';
import {Line, Span} from './Line.js';
import {toneColor} from './theme.js';

const SPACE = display` `;

/** A form or a y/N question, drawn above the status line. */
export function DialogView({dialog, columns}: {dialog: Dialog; columns: number}) {
  if (dialog.kind === 'confirm') {
    return (
      <Box flexDirection="column">
        <Line bold color={toneColor(dialog.tone)}>
          {display`${dialog.question} [y/N]`}
        </Line>
        {confirmDetailRows(dialog, columns).map((row, index) => (
          <Line key={index} color={row.alarm ? toneColor('error') : undefined}>
            {display`  ${row.text}`}
          </Line>
        ))}
      </Box>
    );
  }
  const labelWidth = Math.max(...dialog.fields.map(field => field.label.length));
  return (
    <Box flexDirection="column">
      <Line bold color={toneColor('accent')}>
        {inert(dialog.title)}
      </Line>
      {dialog.fields.map((field, index) => (
        <Box key={field.name} flexDirection="column">
          <Line>
            {display`  ${field.label.padEnd(labelWidth)}  `}
            <Span underline={index === dialog.focus}>{inert(field.value)}</Span>
            {index === dialog.focus ? <Span inverse>{SPACE}</Span> : SPACE}
            {field.hint ? <Span color={toneColor('muted')}>{display`  ${field.hint}`}</Span> : null}
          </Line>
          {field.error ? <Line color={toneColor('error')}>{display`  ${' '.repeat(labelWidth)}  ✗ ${field.error}`}</Line> : null}
        </Box>
      ))}
      <Line color={toneColor('muted')}>
        {dialog.fields.length > 1 ? display`  Tab next field · Enter apply · Esc cancel` : display`  Enter apply · Esc cancel`}
      </Line>
    </Box>
  );
}
