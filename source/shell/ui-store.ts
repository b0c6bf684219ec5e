import {createStore, type StoreApi} from 'zustand/vanilla';
import type {Tone} from '../render/columns.js';
import type {Dialog} from './dialogs.js';
import type {ViewKind} from '../keymap/names.js';
import {type Frame, droppedScreens, newFrame} from './navigation.js';

export type Mode = 'normal' | 'help';

/** An open one-line input: `:` for commands, `/` for the filter. */
export interface PromptState {
  kind: 'command' | 'filter';
  text: string;
  /** ↑/↓ through the command history: how many entries back the text came from. */
  recall?: number;
  /** What Tab found when the text did not settle on one name. */
  choices?: string[];
}

export interface Flash {
  text: string;
  tone: Tone;
  /** Distinguishes two equal messages, so the newer one restarts its timer. */
  serial: number;
  /** A notice of a rollout started elsewhere: `o` opens this service's rollout while it shows. */
  rolloutServiceId?: string;
}

export interface UiState {
  stack: Frame[];
  mode: Mode;
  prompt?: PromptState;
  /** A form or a y/N question that holds the keyboard until answered. */
  dialog?: Dialog;
  flash?: Flash;
  /** The first help line shown, when help is taller than the screen. */
  helpScroll?: number;
}

export type UiStore = StoreApi<UiState>;

export function createUiStore(view: ViewKind = 'services'): UiStore {
  const store = createStore<UiState>(() => ({stack: [newFrame(view)], mode: 'normal'}));
  // However a screen leaves the stack (Esc, `:nodes`, a view key), its stream stops with it.
  store.subscribe((state, previous) => {
    if (state.stack === previous.stack) return;
    for (const screen of droppedScreens(previous.stack, state.stack)) screen.dispose();
  });
  return store;
}

let flashSerial = 0;
const FLASH_MS = 4000;
// Errors stay longer: they are read, not glanced at.
const ERROR_FLASH_MS = 10_000;

/**
 * A request under way: shown until something else is flashed (its outcome, as a rule), with no
 * timeout, so an engine that takes its time never leaves the operator looking at nothing.
 */
export function flashPending(store: UiStore, text: string): void {
  store.setState({flash: {text, tone: 'info', serial: ++flashSerial}});
}

export function flash(store: UiStore, text: string, tone: Tone = 'info', rolloutServiceId?: string): void {
  const serial = ++flashSerial;
  store.setState({flash: rolloutServiceId ? {text, tone, serial, rolloutServiceId} : {text, tone, serial}});
  const timer = setTimeout(() => {
    if (store.getState().flash?.serial === serial) store.setState({flash: undefined});
  }, tone === 'error' ? ERROR_FLASH_MS : FLASH_MS);
  timer.unref?.();
}
