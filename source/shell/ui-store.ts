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
  /** A request of the operator's under way: no timeout, it stays until its outcome replaces it. */
  pending?: boolean;
  /** News from the swarm rather than an answer to the operator's keys (see flashNotice). */
  notice?: boolean;
}

/** A notice waiting for the operator's own message to go. */
export type HeldNotice = Omit<Flash, 'serial' | 'pending' | 'notice'>;

export interface UiState {
  stack: Frame[];
  mode: Mode;
  prompt?: PromptState;
  /** A form or a y/N question that holds the keyboard until answered. */
  dialog?: Dialog;
  flash?: Flash;
  /** Swarm news that came while the operator's own message showed, oldest first. */
  heldNotices?: HeldNotice[];
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
  show(store, {text, tone: 'info', pending: true});
}

/** A message answering the operator's keys: it replaces whatever shows. */
export function flash(store: UiStore, text: string, tone: Tone = 'info', rolloutServiceId?: string): void {
  show(store, rolloutServiceId ? {text, tone, rolloutServiceId} : {text, tone});
}

// Enough for a few rollouts ending together; older news than that is stale by the time it shows.
const NOTICES_HELD = 3;

/**
 * News from the swarm (a rollout started or ended elsewhere). It never replaces the operator's
 * own message: "demoting node1…" stays until the engine answers, and the answer stays its time.
 * Meanwhile the news waits and shows next.
 */
export function flashNotice(store: UiStore, text: string, tone: Tone = 'info', rolloutServiceId?: string): void {
  const notice: HeldNotice = rolloutServiceId ? {text, tone, rolloutServiceId} : {text, tone};
  const current = store.getState().flash;
  if (current && !current.notice) {
    const held = (store.getState().heldNotices ?? []).filter(other => other.text !== text);
    store.setState({heldNotices: [...held, notice].slice(-NOTICES_HELD)});
    return;
  }
  show(store, {...notice, notice: true});
}

/** Takes the message off the status line; a notice held meanwhile shows in its place. */
export function clearFlash(store: UiStore): void {
  const [next, ...rest] = store.getState().heldNotices ?? [];
  if (!next) {
    store.setState({flash: undefined});
    return;
  }
  store.setState({heldNotices: rest.length > 0 ? rest : undefined});
  show(store, {...next, notice: true});
}

function show(store: UiStore, message: Omit<Flash, 'serial'>): void {
  const serial = ++flashSerial;
  store.setState({flash: {...message, serial}});
  if (message.pending) return;
  const timer = setTimeout(
    () => {
      if (store.getState().flash?.serial === serial) clearFlash(store);
    },
    message.tone === 'error' ? ERROR_FLASH_MS : FLASH_MS,
  );
  timer.unref?.();
}
