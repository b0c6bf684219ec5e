// A read-only document in the frame stack: describe, YAML, the swarm pane.
// Lines are produced again on every draw, so a document about a live object
// follows the snapshot; scrolling, `/` search (n/N jump between matches) and
// the document's own toggles live in a small store of the screen's own.

import {Box} from 'ink';
import {useStore} from 'zustand';
import {createStore, type StoreApi} from 'zustand/vanilla';
import type {ScreenEnv, ScreenProps, Screen} from '../../shell/screen.js';
import type {Action, Binding} from '../../keymap/keymap.js';
import {type DisplayText, display} from '../../render/text.js';
import {toneColor} from '../../ui/theme.js';
import {Line, Span} from '../../ui/Line.js';
import {type DocumentRow, clampOffset, highlightParts, layoutRows, matchingRows, nextMatch} from './document-lines.js';

export interface DocumentState {
  /** The first row shown. */
  offset: number;
  /** Named switches a document offers (the swarm pane's revealed tokens). */
  toggles: Record<string, boolean>;
}

/** A key of the document's own that flips one of its toggles. */
export interface DocumentToggle {
  name: string;
  keys: string[];
  description: string;
  hint?: string;
  /** Dropped in read-only mode, like every binding that could expose or change something. */
  dangerous?: boolean;
  /** What read-only mode says if the key is pressed anyway. */
  readOnlyReason?: string;
}

export interface DocumentOptions {
  /** The breadcrumb, inert: it names the object. */
  title: DisplayText;
  /** The document's lines, for the current toggles; raw text, made inert when drawn. */
  lines(toggles: Record<string, boolean>): string[];
  toggles?: DocumentToggle[];
}

interface Layout {
  rows: DocumentRow[];
  height: number;
}

// j/k/g/G/PgUp/PgDn come with the shell-wide bindings, whose move/top/bottom/page actions reach `act` first.
const searchBindings: Binding[] = [
  {keys: ['n'], description: 'Next match of the / search', action: {type: 'screen', command: 'next'}, group: 'Navigation', hint: 'next match'},
  {keys: ['N'], description: 'Previous match', action: {type: 'screen', command: 'previous'}, group: 'Navigation'},
];

export class DocumentScreen implements Screen {
  readonly store: StoreApi<DocumentState> = createStore<DocumentState>(() => ({offset: 0, toggles: {}}));
  // What was last drawn: keys scroll within it.
  private layout: Layout = {rows: [], height: 1};
  private searched = '';

  constructor(private readonly options: DocumentOptions) {}

  title(): DisplayText {
    return this.options.title;
  }

  bindings(): Binding[] {
    const toggles: Binding[] = (this.options.toggles ?? []).map(toggle => ({
      keys: toggle.keys,
      description: toggle.description,
      action: {type: 'screen', command: `toggle:${toggle.name}`},
      group: 'Resource',
      hint: toggle.hint,
      dangerous: toggle.dangerous,
      readOnlyReason: toggle.readOnlyReason,
    }));
    return [...toggles, ...searchBindings];
  }

  /** The document's lines, for the given toggles or the current ones. */
  lines(toggles: Record<string, boolean> = this.store.getState().toggles): string[] {
    return this.options.lines(toggles);
  }

  act(action: Action, env: ScreenEnv): boolean {
    const {rows, height} = this.layout;
    const scrollTo = (offset: number) => this.store.setState({offset: clampOffset(offset, rows.length, height)});
    const {offset} = this.store.getState();
    switch (action.type) {
      case 'move':
        scrollTo(offset + action.by);
        return true;
      case 'page':
        scrollTo(offset + action.by * Math.max(1, height - 1));
        return true;
      case 'top':
        scrollTo(0);
        return true;
      case 'bottom':
        scrollTo(rows.length);
        return true;
      case 'screen': {
        if (action.command.startsWith('toggle:')) {
          const name = action.command.slice('toggle:'.length);
          if (env.readOnly && this.options.toggles?.find(toggle => toggle.name === name)?.dangerous) return true;
          this.store.setState(state => ({toggles: {...state.toggles, [name]: !state.toggles[name]}}));
          return true;
        }
        if (action.command === 'next' || action.command === 'previous') {
          const target = nextMatch(matchingRows(rows, env.filter), offset, action.command === 'previous');
          if (target !== undefined) scrollTo(target);
          return true;
        }
        return false;
      }
      default:
        return false;
    }
  }

  /** Called while drawing: lays the rows out and, when the search text changed, lands on its first match. */
  place(rows: DocumentRow[], height: number, filter: string): number {
    this.layout = {rows, height};
    let {offset} = this.store.getState();
    if (filter !== this.searched) {
      this.searched = filter;
      const first = nextMatch(matchingRows(rows, filter), -1);
      if (first !== undefined) offset = first;
    }
    const clamped = clampOffset(offset, rows.length, height);
    if (clamped !== this.store.getState().offset) queueMicrotask(() => this.store.setState({offset: clamped}));
    return clamped;
  }

  render(props: ScreenProps) {
    return <DocumentView screen={this} {...props} />;
  }

  dispose(): void {}
}

const BLANK = display` `;

function DocumentView({screen, width, height, filter}: ScreenProps & {screen: DocumentScreen}) {
  const toggles = useStore(screen.store, state => state.toggles);
  useStore(screen.store, state => state.offset);
  const bodyHeight = Math.max(1, height - 1);
  const rows = layoutRows(screen.lines(toggles), width);
  const offset = screen.place(rows, bodyHeight, filter);
  const matches = filter.trim() ? matchingRows(rows, filter).length : 0;
  const shown = rows.slice(offset, offset + bodyHeight);
  const last = Math.min(rows.length, offset + bodyHeight);
  const position = rows.length === 0 ? 'empty' : `lines ${offset + 1}–${last} of ${rows.length}`;
  const search = filter.trim() ? ` · ${matches === 1 ? '1 row matches' : `${matches} rows match`} /${filter} (n/N)` : '';
  return (
    <Box flexDirection="column" height={height}>
      {shown.map((row, index) => (
        <Line key={index}>
          {highlightParts(row.text || BLANK, filter).map((part, partIndex) =>
            part.match ? (
              <Span key={partIndex} inverse>
                {part.text}
              </Span>
            ) : (
              part.text
            ),
          )}
        </Line>
      ))}
      {shown.length < bodyHeight ? <Box flexGrow={1} /> : null}
      <Line color={toneColor('muted')}>{display`${position}${search}`}</Line>
    </Box>
  );
}
