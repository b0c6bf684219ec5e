// Every way of drawing a string that skipped the sanitizer, each of which must
// be a compile error. `npx tsc --noEmit` fails if one of them compiles (its
// expect-error marker is then unused), and test/unit/display-types.test.ts
// compiles this file without the markers and counts one error per BYPASS line.
// Nothing here runs.

import type {Cell, ColumnSpec} from '../../source/render/columns.js';
import type {LogSegment} from '../../source/render/log-line.js';
import {type DisplayText, display, fit, inert, joinText, wrapLines} from '../../source/render/text.js';
import type {Screen} from '../../source/shell/screen.js';
import {Crumbs} from '../../source/ui/Crumbs.js';
import {Header} from '../../source/ui/Header.js';
import {Help} from '../../source/ui/Help.js';
import {Line, Span} from '../../source/ui/Line.js';
import type {PaneDescriptor} from '../../source/views/panes/pane.js';

declare const hostile: string;
declare const screen: Screen;

export function bypasses() {
  const link = {status: 'ok' as const, failures: 0};
  return [
    // @ts-expect-error BYPASS a raw string as a Line's text
    <Line>{hostile}</Line>,
    // @ts-expect-error BYPASS a raw string inside a Span
    <Span>{hostile}</Span>,
    // @ts-expect-error BYPASS JSX text is a raw string too
    <Line>raw words</Line>,
    // @ts-expect-error BYPASS a template literal is not sanitized
    <Line>{`node ${hostile}`}</Line>,
    // @ts-expect-error BYPASS an array of raw strings
    <Line>{[hostile]}</Line>,
    // @ts-expect-error BYPASS the header's engine Version straight from the engine
    <Header endpoint={display`x`} engineVersion={hostile} apiVersion={display`1.41`} link={link} />,
    // @ts-expect-error BYPASS a crumb that names a node raw
    <Crumbs trail={[`tasks on ${hostile}`]} filter="" />,
    // @ts-expect-error BYPASS the help title
    <Help bindings={[]} width={80} height={10} title={hostile} />,
  ];
}

export function values(): unknown[] {
  // @ts-expect-error BYPASS a table cell with a raw label value
  const cell: Cell = {text: hostile};
  // @ts-expect-error BYPASS a log segment with a container's raw text
  const segment: LogSegment = {text: hostile};
  // @ts-expect-error BYPASS a string cannot be declared DisplayText
  const text: DisplayText = hostile;
  const column: Pick<ColumnSpec<string>, 'render'> = {
    // @ts-expect-error BYPASS a column that renders a raw image name
    render: image => ({text: image}),
  };
  const pane: Pick<PaneDescriptor<string>, 'crumb'> = {
    // @ts-expect-error BYPASS a pane crumb naming a stack raw
    crumb: frame => `services of stack ${frame.scope?.stack}`,
  };
  const title: Pick<Screen, 'title'> = {
    // @ts-expect-error BYPASS a screen title naming a service raw
    title: () => `logs of ${hostile}`,
  };
  // @ts-expect-error BYPASS fitting a raw string gives a raw string
  const fitted: DisplayText = fit(hostile, 10);
  // @ts-expect-error BYPASS wrapping a raw string gives raw lines
  const wrapped: DisplayText[] = wrapLines(hostile, 10, 2);
  // @ts-expect-error BYPASS joinText takes DisplayText only
  const joined = joinText([hostile]);
  // What does compile: the sanitizer and its helpers.
  const fine = [<Line>{inert(hostile)}</Line>, <Line>{display`node ${hostile}`}</Line>, screen.title(), fit(inert(hostile), 10)];
  return [cell, segment, text, column, pane, title, fitted, wrapped, joined, fine];
}
