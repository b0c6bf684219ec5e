// `e` on a service: its spec in $EDITOR, through the edit flow every kind shares (../edit.ts).
import type {ServiceSpec, SwarmService} from '../../docker/types.js';
import {type EditableKind, startEdit} from '../edit.js';
import {parseSpecYaml, specDiff, specYaml} from '../edit-spec.js';
import type {ServiceOperation} from './operation.js';

export const serviceSpecEdit: EditableKind<SwarmService, ServiceSpec> = {
  name: service => service.Spec.Name,
  yaml: specYaml,
  parse: text => parseSpecYaml(text),
  diff: (service, spec) => specDiff(service.Spec, spec),
  current: (snapshot, service) => snapshot.services.find(candidate => candidate.ID === service.ID),
  send: (ctx, service, spec) => {
    // The rollout that follows is this console's own doing, not news from elsewhere.
    ctx.noteServiceChange(service.ID);
    return ctx.client.services.replaceSpec(service.ID, service.Version, spec);
  },
};

export const editSpec: ServiceOperation = {
  id: 'editSpec',
  keys: ['e'],
  description: 'Edit the spec in $EDITOR (YAML)',
  panes: ['services'],
  hint: 'edit',
  dangerous: true,
  target: 'service',
  // The edit asks its own question, with the diff, once the editor closes.
  run: (service, ctx) => startEdit(ctx, serviceSpecEdit, service),
};
