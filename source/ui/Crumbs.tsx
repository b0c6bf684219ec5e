import {Text} from 'ink';
import {toneColor} from './theme.js';

export function Crumbs({trail, filter, shown, total}: {trail: string[]; filter: string; shown?: number; total?: number}) {
  return (
    <Text wrap="truncate">
      {trail.map((crumb, index) => (
        <Text key={index}>
          {index > 0 ? ' › ' : ''}
          <Text bold={index === trail.length - 1} color={index === trail.length - 1 ? toneColor('accent') : undefined}>
            {crumb}
          </Text>
        </Text>
      ))}
      {filter ? <Text color={toneColor('warn')}>{`  /${filter}`}</Text> : null}
      {shown === undefined ? null : (
        <Text color={toneColor('muted')}>{total !== undefined && filter ? `  ${shown} of ${total}` : `  ${shown}`}</Text>
      )}
    </Text>
  );
}
