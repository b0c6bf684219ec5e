import {startEdit} from '../edit.js';
import type {ServiceOperation} from './operation.js';

export const editSpec: ServiceOperation = {
  id: 'editSpec',
  keys: ['e'],
  description: 'Edit the spec in $EDITOR (YAML)',
  panes: ['services'],
  hint: 'edit',
  dangerous: true,
  target: 'service',
  // The edit asks its own question, with the diff, once the editor closes.
  run: (service, ctx) => startEdit(ctx, ctx.editor, service),
};
