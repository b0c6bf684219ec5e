import {Box} from 'ink';
import {type Binding, helpSections} from '../keymap/keymap.js';
import {HELP_GAP, layoutHelp} from '../keymap/help-layout.js';
import {type DisplayText, display, inert} from '../render/text.js';
import {Line} from './Line.js';

/** The first line `scroll` may show: the help scrolls when its columns are taller than the screen. */
export function helpScrollLimit(bindings: readonly Binding[], width: number, height: number): number {
  const layout = layoutHelp(helpSections(bindings), width, Math.max(1, height - 1));
  return Math.max(0, layout.height - Math.max(1, height - 1));
}

/** The help screen, generated from the bindings in force: whole sections in columns with a gap, scrolled by j/k when taller than the screen. */
export function Help({
  bindings,
  width,
  height,
  title,
  scroll = 0,
}: {
  bindings: readonly Binding[];
  width: number;
  height: number;
  title: DisplayText;
  scroll?: number;
}) {
  const bodyHeight = Math.max(1, height - 1);
  const layout = layoutHelp(helpSections(bindings), width, bodyHeight);
  const limit = Math.max(0, layout.height - bodyHeight);
  const top = Math.min(Math.max(0, scroll), limit);
  const more = limit === 0 ? '' : top < limit ? '  ↓ more: j/k scroll' : '  ↑ j/k scroll';
  return (
    <Box flexDirection="column" height={height}>
      <Line bold>{display`Help — ${title}${more}   (Esc or ? closes; a sort key pressed again reverses)`}</Line>
      <Box flexDirection="row">
        {layout.columns.map((column, index) => (
          <Box
            key={index}
            flexDirection="column"
            width={layout.columnWidth + (index < layout.columns.length - 1 ? HELP_GAP : 0)}
            paddingRight={index < layout.columns.length - 1 ? HELP_GAP : 0}
          >
            {column.slice(top, top + bodyHeight).map((line, row) => (
              <Line key={row} bold={line.heading}>
                {inert(line.text || ' ')}
              </Line>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
