// Opens describe and YAML documents on the selected row of a table pane. The
// document finds its object again by ID in the newest snapshot on every draw,
// so it follows the live object; if the object goes, it says so and keeps the
// last version it saw.

import type {SwarmSnapshot} from '../../docker/types.js';
import type {ViewKind} from '../../keymap/names.js';
import {yamlLines} from '../../render/yaml.js';
import {pushScreen, topFrame} from '../../shell/navigation.js';
import {type UiStore, flash} from '../../shell/ui-store.js';
import type {DocumentObject} from '../panes/pane.js';
import {paneOf} from '../panes/registry.js';
import {selectedId} from '../panes/selection.js';
import {DocumentScreen} from './DocumentScreen.js';
import {display} from '../../render/text.js';

export type DocumentKind = 'describe' | 'yaml';

/** A document that follows one object through snapshots. */
export function objectDocument(view: ViewKind, id: string, kind: DocumentKind, snapshot: () => SwarmSnapshot | undefined): DocumentScreen | undefined {
  const about = paneOf(view).document;
  const first = snapshot();
  const found = first && about?.find(first, id);
  if (!about || !found) return undefined;
  let lastSeen: DocumentObject = found;
  return new DocumentScreen({
    title: kind === 'describe' ? display`describe ${about.noun} ${found.name}` : display`yaml of ${about.noun} ${found.name}`,
    lines: () => {
      const current = snapshot();
      const object = current && about.find(current, id);
      if (object) lastSeen = object;
      const gone = object ? [] : [`(this ${about.noun} is no longer in the swarm: shown as last seen)`, ''];
      const body = kind === 'describe' ? lastSeen.describe() : yamlLines(lastSeen.raw());
      return [...gone, ...body];
    },
  });
}

/** `d` / `y` on a table pane: opens the document about the selected row. */
export function openObjectDocument(ui: UiStore, kind: DocumentKind, snapshot: () => SwarmSnapshot | undefined): void {
  const frame = topFrame(ui.getState().stack);
  const current = snapshot();
  if (frame.screen || !current) return;
  const pane = paneOf(frame.view);
  if (!pane.document) {
    flash(ui, `nothing to ${kind === 'describe' ? 'describe' : 'show as YAML'} on the ${pane.noun} pane`, 'warn');
    return;
  }
  const id = selectedId(frame, current);
  const screen = id === undefined ? undefined : objectDocument(frame.view, id, kind, snapshot);
  if (!screen) {
    flash(ui, `select a ${pane.document.noun} first`, 'warn');
    return;
  }
  // A document that needs other tasks than its pane's reads them while it is open.
  const scope = kind === 'describe' && id !== undefined ? pane.document.scope?.(current, id) : undefined;
  ui.setState(state => ({stack: pushScreen(state.stack, screen, scope ? {view: frame.view, scope} : undefined)}));
}
