// A screen is a pane that is not a resource table: a log stream, a document
// (describe, YAML). It sits in the frame stack like a table view, so Esc
// returns to where the user came from, and it brings its own keys, which the
// help screen and hint bar list like any others.

import type {ReactNode} from 'react';
import type {Action, Binding} from '../keymap/keymap.js';
import type {DisplayText} from '../render/text.js';
import type {UiStore} from './ui-store.js';

export interface ScreenProps {
  width: number;
  height: number;
  /** The frame's `/` text: screens use it to filter or search their lines. */
  filter: string;
}

export interface ScreenEnv {
  ui: UiStore;
  /** Lines a page moves by. */
  pageSize: number;
  filter: string;
  readOnly: boolean;
}

export interface Screen {
  /** The breadcrumb: "logs of web", inert (it may name a service or a node). */
  title(): DisplayText;
  /** The screen's own bindings (scrolling keys included); shell-wide keys are added by the keymap. */
  bindings(): Binding[];
  /** Runs an action if it is the screen's to run (moves, pages, its commands); false leaves it to the shell. */
  act(action: Action, env: ScreenEnv): boolean;
  render(props: ScreenProps): ReactNode;
  /** Called once when the screen leaves the stack: stop streams, timers. */
  dispose(): void;
}
