// The console's only Ink text sinks. Ink's own <Text> takes any string and
// writes it to the terminal as it is; these take DisplayText (what `inert` and
// its helpers make) and nothing else, so a string from the cluster that skipped
// the sanitizer is a compile error. eslint.config.js keeps ink's <Text> out of
// every other file.

import type {ReactElement} from 'react';
import {Text, type TextProps} from 'ink';
import type {DisplayText} from '../render/text.js';

/** What a Line or a Span may hold: DisplayText, numbers, Spans, and the nothing JSX conditionals give. */
export type DisplayNode = DisplayText | number | ReactElement | null | undefined | false | readonly DisplayNode[];

// aria-label is drawn in Ink's screen-reader mode: it would be a sink of its own.
type TextStyle = Omit<TextProps, 'children' | 'aria-label'>;

/** A line of text: cut at the terminal's edge unless told to wrap. */
export function Line({children, wrap = 'truncate', ...style}: TextStyle & {children?: DisplayNode}) {
  return (
    <Text wrap={wrap} {...style}>
      {children}
    </Text>
  );
}

/** A styled run of text inside a Line. */
export function Span({children, ...style}: Omit<TextStyle, 'wrap'> & {children?: DisplayNode}) {
  return <Text {...style}>{children}</Text>;
}
