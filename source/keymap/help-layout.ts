// The help screen's layout as data: sections kept whole, in as many columns as
// the width holds with a gap between them, and scrolled when they are taller
// than the screen.

import type {HelpSection} from './keymap.js';

export const HELP_GAP = 3;
/** A column narrower than this cuts most descriptions; fewer, wider columns read better. */
const MIN_COLUMN = 34;

export interface HelpLine {
  text: string;
  heading?: boolean;
}

export interface HelpLayout {
  columnWidth: number;
  columns: HelpLine[][];
  /** Lines in the tallest column: more than the screen's height means it scrolls. */
  height: number;
}

function sectionLines(section: HelpSection, keyWidth: number, width: number): HelpLine[] {
  const cut = (text: string) => ([...text].length > width ? `${[...text].slice(0, Math.max(0, width - 1)).join('')}…` : text);
  return [{text: section.group.toUpperCase(), heading: true}, ...section.rows.map(row => ({text: cut(`${row.keys.padEnd(keyWidth)}  ${row.description}`)}))];
}

/** Sections in order, each whole in one column, the columns as even as the order allows. */
export function layoutHelp(sections: readonly HelpSection[], width: number, height: number): HelpLayout {
  const keyWidth = Math.min(18, Math.max(4, ...sections.flatMap(section => section.rows.map(row => row.keys.length))));
  const natural = Math.max(...sections.flatMap(section => section.rows.map(row => keyWidth + 2 + row.description.length)), 10);
  const fits = Math.max(1, Math.floor((width + HELP_GAP) / (Math.min(natural, MIN_COLUMN) + HELP_GAP)));
  const total = sections.reduce((sum, section) => sum + section.rows.length + 2, 0);
  let best: HelpLayout | undefined;
  // The fewest columns that fit the height; failing that, as many as the width holds, scrolled.
  for (let count = 1; count <= Math.min(fits, sections.length); count++) {
    const columnWidth = Math.min(natural, Math.floor((width - HELP_GAP * (count - 1)) / count));
    const target = Math.ceil(total / count);
    const columns: HelpLine[][] = [[]];
    for (const section of sections) {
      let column = columns[columns.length - 1]!;
      const lines = sectionLines(section, keyWidth, columnWidth);
      const overfull = column.length > 0 && column.length + lines.length + 1 > target;
      if (columns.length < count && overfull) {
        column = [];
        columns.push(column);
      }
      if (column.length > 0) column.push({text: ''});
      column.push(...lines);
    }
    const layout = {columnWidth, columns, height: Math.max(...columns.map(column => column.length))};
    if (!best || layout.height < best.height) best = layout;
    if (layout.height <= height) return layout;
  }
  return best!;
}
