import type {ConsoleAccess} from './console-access.js';
import type {Loggable} from '../docker/logs.js';
import type {SwarmSnapshot} from '../docker/types.js';
import {indexSnapshot} from '../model/cluster-index.js';
import {type Action, findBinding} from '../keymap/keymap.js';
import {dialogKey} from '../shell/dialogs.js';
import {openObjectDocument} from '../views/document/open.js';
import {panes} from '../views/panes/registry.js';
import {operationTargets, selectionIn} from '../views/panes/selection.js';
import {activeBindings, keymapOptions, readOnlyRefusal} from './bindings.js';
import {commandHistory, completeCommand, rememberCommand, runCommand} from './commands.js';
import type {TextEditor} from './edit.js';
import {openLogs} from './logs.js';
import {type PluginHost, runPluginAction} from './plugins.js';
import type {ContextHost} from './contexts.js';
import {startOperation} from './operations/start.js';
import type {ViewKind} from '../keymap/names.js';
import {type Frame, back, moveSelection, openRollout, push, switchTo, toggleSort, topFrame, updateTop} from '../shell/navigation.js';
import {type UiStore, clearFlash, flash} from '../shell/ui-store.js';

/** What key handling needs from outside the UI store, read at the moment of each key. */
export type KeyContext = KeyContextBase & ConsoleAccess;

interface KeyContextBase {
  snapshot: () => SwarmSnapshot | undefined;
  /** Rows a page moves by: the table's visible body. */
  pageSize: () => number;
  quit: () => void;
  refresh: () => void;
  /** Opens a log stream; absent where there is no engine to read from (tests of other things). */
  logSource?: Loggable;
  /** Runs $EDITOR for `e` (a service's or a node's spec); absent where there is no terminal. */
  editor?: TextEditor;
  /** The node the console reads the swarm through now; absent where that is not known. */
  connectedNodeId?: () => string | undefined;
  /** Log view settings from the command line. */
  logOptions?: {tail: number; capacity: number; timestamps?: boolean; wrap?: boolean};
  /** Told before this console changes a service, so the rollout that follows is known as its own. */
  onServiceChange?: (serviceId: string) => void;
  /** How far help can scroll at the current size (0 when it fits). */
  helpScrollLimit?: () => number;
  /** Runs the user's plugins; absent where there is no terminal to hand over. */
  plugins?: PluginHost;
  /** Lists and switches docker contexts (`:ctx`). */
  contexts?: ContextHost;
}

export interface KeyPress {
  /** The normalised name bindings use: "j", "enter", "ctrl-c". */
  name: string;
  /** The text the key produced, for typing into a prompt. */
  text: string;
}

function select(ui: UiStore, snapshot: SwarmSnapshot | undefined, target: (current: number, count: number) => number) {
  if (!snapshot) return;
  const frame = topFrame(ui.getState().stack);
  const {ids, index: current} = selectionIn(frame.view, snapshot, frame);
  if (ids.length === 0) return;
  ui.setState(state => ({stack: updateTop(state.stack, moveSelection(ids, target(current, ids.length)))}));
}

function drill(ui: UiStore, snapshot: SwarmSnapshot | undefined): void {
  if (!snapshot) return;
  const frame = topFrame(ui.getState().stack);
  const next = drillTarget(frame.view, frame, snapshot);
  const {ids, index} = selectionIn(frame.view, snapshot, frame);
  // The parent remembers what was drilled into by ID, so Esc returns to it even if rows moved meanwhile.
  if (next) ui.setState(state => ({stack: push(updateTop(state.stack, moveSelection(ids, index)), next)}));
}

/** Where Enter leads from the selected row of pane `kind`, as its descriptor says. */
function drillTarget<K extends ViewKind>(kind: K, frame: Frame, snapshot: SwarmSnapshot): Frame | undefined {
  const pane = panes[kind];
  const row = selectionIn(kind, snapshot, frame).row;
  return row === undefined ? undefined : pane.drill?.(row, indexSnapshot(snapshot));
}

export function runAction(ui: UiStore, action: Action, context: KeyContext): void {
  const snapshot = context.snapshot();
  switch (action.type) {
    case 'move':
      select(ui, snapshot, current => current + action.by);
      return;
    case 'page':
      select(ui, snapshot, current => current + action.by * context.pageSize());
      return;
    case 'top':
      select(ui, snapshot, () => 0);
      return;
    case 'bottom':
      select(ui, snapshot, (_, count) => count - 1);
      return;
    case 'drill':
      drill(ui, snapshot);
      return;
    case 'back':
      ui.setState(state => ({stack: back(state.stack)}));
      return;
    case 'command':
      ui.setState({prompt: {kind: 'command', text: ''}});
      return;
    case 'filter':
      ui.setState(state => ({prompt: {kind: 'filter', text: topFrame(state.stack).filter}}));
      return;
    case 'help':
      ui.setState({mode: 'help'});
      return;
    case 'quit':
      context.quit();
      return;
    case 'refresh':
      context.refresh();
      flash(ui, 'refreshing…');
      return;
    case 'toggleHistory': {
      const showHistory = !topFrame(ui.getState().stack).showHistory;
      ui.setState(state => ({stack: updateTop(state.stack, {showHistory})}));
      flash(ui, showHistory ? 'showing past tasks' : 'hiding past tasks');
      return;
    }
    case 'pauseEvents': {
      const paused = topFrame(ui.getState().stack).pausedAt !== undefined;
      const newest = snapshot?.events?.newest ?? 0;
      ui.setState(state => ({stack: updateTop(state.stack, {pausedAt: paused ? undefined : newest})}));
      flash(ui, paused ? 'events: moving again' : 'events: paused (p resumes)');
      return;
    }
    case 'followEvents':
      // The newest event is the first row; with no object selected the selection stays on it.
      ui.setState(state => ({stack: updateTop(state.stack, {pausedAt: undefined, selectedId: undefined, lastIndex: 0})}));
      flash(ui, 'events: following the newest');
      return;
    case 'rollout': {
      // While a notice of a rollout started elsewhere shows, `o` watches that one, as the notice says.
      const announced = ui.getState().flash?.rolloutServiceId;
      if (announced) {
        ui.setState(state => ({stack: openRollout(state.stack, announced)}));
        clearFlash(ui);
        return;
      }
      const service = operationTargets(topFrame(ui.getState().stack), snapshot).service;
      if (service) ui.setState(state => ({stack: openRollout(state.stack, service.ID)}));
      else flash(ui, 'select a service first', 'warn');
      return;
    }
    case 'sort':
      ui.setState(state => ({stack: updateTop(state.stack, {sort: toggleSort(topFrame(state.stack), action.columnId)})}));
      return;
    case 'view':
      ui.setState(state => ({stack: switchTo(state.stack, action.view)}));
      return;
    case 'logs':
      openLogs(ui, snapshot, context);
      return;
    case 'document':
      openObjectDocument(ui, action.kind, context.snapshot);
      return;
    case 'screen':
      // A screen command whose screen is gone (the key raced an Esc): nothing to do.
      return;
    case 'plugin':
      runPluginAction(ui, action.name, snapshot, context.plugins, context.readOnly);
      return;
    case 'run':
      runCommand(ui, action.command, context);
      return;
    case 'operate':
      if (context.readOnly) {
        flash(ui, 'read-only: nothing that changes the swarm is sent', 'warn');
        return;
      }
      startOperation(action.operation, {
        ui,
        client: context.client,
        snapshot,
        refresh: context.refresh,
        editor: context.editor,
        latest: context.snapshot,
        noteServiceChange: serviceId => context.onServiceChange?.(serviceId),
        ...(context.taskShell ? {taskShell: context.taskShell} : {}),
        ...(context.nodeVolumes ? {nodeVolumes: context.nodeVolumes} : {}),
        ...(context.connectedNodeId ? {connectedNodeId: context.connectedNodeId} : {}),
      });
      return;
  }
}

const PRINTABLE = /^[^\u0000-\u001f\u007f]+$/;

function editPrompt(ui: UiStore, key: KeyPress, context: KeyContext): void {
  const prompt = ui.getState().prompt!;
  const setText = (text: string) =>
    ui.setState(state => ({
      prompt: {kind: prompt.kind, text},
      // The filter applies as it is typed.
      stack: prompt.kind === 'filter' ? updateTop(state.stack, {filter: text}) : state.stack,
    }));
  switch (key.name) {
    case 'enter':
      ui.setState({prompt: undefined});
      if (prompt.kind === 'command') {
        rememberCommand(prompt.text.replace(/^:/, ''));
        runCommand(ui, prompt.text, context);
      }
      return;
    case 'up':
    case 'down': {
      if (prompt.kind !== 'command') return;
      const past = commandHistory();
      const recall = Math.max(0, Math.min(past.length, (prompt.recall ?? 0) + (key.name === 'up' ? 1 : -1)));
      ui.setState({prompt: {kind: 'command', text: recall === 0 ? '' : past[past.length - recall]!, recall}});
      return;
    }
    case 'tab': {
      if (prompt.kind !== 'command') return;
      const completion = completeCommand(prompt.text);
      ui.setState({prompt: {kind: 'command', text: completion.text, choices: completion.choices.length > 1 ? completion.choices : undefined}});
      return;
    }
    case 'esc':
      ui.setState(state => ({
        prompt: undefined,
        stack: prompt.kind === 'filter' ? updateTop(state.stack, {filter: ''}) : state.stack,
      }));
      return;
    case 'backspace':
      setText(prompt.text.slice(0, -1));
      return;
    case 'ctrl-u':
      setText('');
      return;
    default:
      if (!key.name.startsWith('ctrl-') && PRINTABLE.test(key.text)) setText(prompt.text + key.text);
  }
}

function characterKey(character: string): KeyPress {
  const code = character.charCodeAt(0);
  if (character === '\r' || character === '\n') return {name: 'enter', text: character};
  if (character === '\t') return {name: 'tab', text: character};
  if (code === 0x7f || code === 0x08) return {name: 'backspace', text: character};
  if (code >= 1 && code <= 26) return {name: `ctrl-${String.fromCharCode(code + 96)}`, text: character};
  return {name: character, text: character};
}

/**
 * Ink splits input only at escape sequences, so a burst of keys (a paste, keys
 * typed faster than a frame, `/web⏎`) arrives as one string: each character in
 * it is a key of its own.
 */
export function splitKeys(name: string, text: string): KeyPress[] {
  if (name === text && text.length > 1 && !text.includes('\u001b')) return [...text].map(characterKey);
  return [{name, text}];
}

const HELP_SCROLL: Record<string, number> = {j: 1, down: 1, k: -1, up: -1};

/** j/k, PgDn/PgUp, g/G move help that is taller than the screen. */
function scrollHelp(ui: UiStore, name: string, context: KeyContext): void {
  const limit = context.helpScrollLimit?.() ?? 0;
  const page = Math.max(1, context.pageSize());
  const current = Math.min(ui.getState().helpScroll ?? 0, limit);
  const moves: Record<string, number> = {
    ...HELP_SCROLL,
    pgdn: page,
    'ctrl-f': page,
    pgup: -page,
    'ctrl-b': -page,
    g: -limit,
    home: -limit,
    G: limit,
    end: limit,
  };
  const by = moves[name];
  if (by !== undefined) ui.setState({helpScroll: Math.max(0, Math.min(limit, current + by))});
}

/**
 * Routes one key by the UI state as it is now, not as it was last drawn: keys
 * that arrive in one burst (a paste, `:nodes⏎` from a fast typist) each see
 * the mode the previous key left.
 */
export function handleKey(ui: UiStore, key: KeyPress, context: KeyContext): void {
  if (key.name === 'ctrl-c') {
    context.quit();
    return;
  }
  const state = ui.getState();
  if (state.dialog) {
    dialogKey(ui, key.name, key.text);
    return;
  }
  if (state.prompt) {
    editPrompt(ui, key, context);
    return;
  }
  if (state.mode === 'help') {
    if (key.name === 'esc' || key.name === '?' || key.name === 'q') ui.setState({mode: 'normal', helpScroll: 0});
    else scrollHelp(ui, key.name, context);
    return;
  }
  const top = topFrame(state.stack);
  const options = keymapOptions(top, context.readOnly);
  const binding = findBinding(activeBindings(options), key.name);
  if (binding) {
    const env = {ui, pageSize: context.pageSize(), filter: top.filter, readOnly: context.readOnly};
    if (!top.screen?.act(binding.action, env)) runAction(ui, binding.action, context);
  } else {
    const refusal = readOnlyRefusal(options, key.name);
    if (refusal) flash(ui, refusal, 'warn');
  }
}
