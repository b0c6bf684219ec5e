import {Box, Text} from 'ink';
import {type Binding, helpSections} from '../keymap/keymap.js';
import {fit} from '../render/text.js';

const MIN_COLUMN_WIDTH = 12;

/** The help screen, generated from the bindings in force, in columns that fit the terminal. */
export function Help({bindings, width, height, title}: {bindings: readonly Binding[]; width: number; height: number; title: string}) {
  const sections = helpSections(bindings);
  const keyWidth = Math.min(18, Math.max(...sections.flatMap(section => section.rows.map(row => row.keys.length)), 4));
  const bodyHeight = Math.max(1, height - 1);
  const layout = (spaced: boolean) => {
    const lines: Array<{text: string; heading?: boolean}> = [];
    for (const section of sections) {
      if (spaced && lines.length > 0) lines.push({text: ''});
      lines.push({text: section.group.toUpperCase(), heading: true});
      for (const row of section.rows) lines.push({text: `${fit(row.keys, keyWidth)}  ${row.description}`});
    }
    return lines;
  };
  // Blank lines between sections go when dropping them saves a column (wider columns cut fewer words).
  const spaced = layout(true);
  const compact = layout(false);
  const lines = Math.ceil(compact.length / bodyHeight) < Math.ceil(spaced.length / bodyHeight) ? compact : spaced;
  // As many columns as the height needs, but none narrower than a key and a word: in a
  // tiny terminal the lines that find no room are cut, like lines too long for their column.
  const columnCount = Math.max(1, Math.min(Math.ceil(lines.length / bodyHeight), Math.floor(width / MIN_COLUMN_WIDTH)));
  const perColumn = Math.ceil(lines.length / columnCount);
  const columns = Array.from({length: columnCount}, (_, index) => lines.slice(index * perColumn, (index + 1) * perColumn));

  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate">{`Help — ${title}   (a sort key pressed again reverses; Esc or ? closes)`}</Text>
      <Box flexDirection="row">
        {columns.map((column, index) => (
          <Box key={index} flexDirection="column" width={Math.floor(width / columnCount)}>
            {column.slice(0, bodyHeight).map((line, row) => (
              <Text key={row} bold={line.heading} wrap="truncate">
                {line.text || ' '}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
