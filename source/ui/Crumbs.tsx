import {type DisplayText, display} from '../render/text.js';
import {Line, Span} from './Line.js';
import {toneColor} from './theme.js';

const SEPARATOR = display` › `;

/** Where the operator is: each crumb is DisplayText already (it may name a node or a stack); the filter is made inert here. */
export function Crumbs({trail, filter, shown, total}: {trail: readonly DisplayText[]; filter: string; shown?: number; total?: number}) {
  return (
    <Line>
      {trail.map((crumb, index) => (
        <Span key={index}>
          {index > 0 ? SEPARATOR : null}
          <Span bold={index === trail.length - 1} color={index === trail.length - 1 ? toneColor('accent') : undefined}>
            {crumb}
          </Span>
        </Span>
      ))}
      {filter ? <Span color={toneColor('warn')}>{display`  /${filter}`}</Span> : null}
      {shown === undefined ? null : (
        <Span color={toneColor('muted')}>{total !== undefined && filter ? display`  ${shown} of ${total}` : display`  ${shown}`}</Span>
      )}
    </Line>
  );
}
