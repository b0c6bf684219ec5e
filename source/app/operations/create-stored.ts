import {storedNameProblem} from '../../docker/stored-objects.js';
import {parseLabelList} from '../../model/stored-input.js';
import {type FormVerdict, openDialog} from '../../shell/dialogs.js';
import {flash} from '../../shell/ui-store.js';
import {readContent} from '../stored-content.js';
import {type StoreOperation, perform} from './operation.js';

export const createStored: StoreOperation = {
  id: 'createStored',
  keys: ['n'],
  description: 'New, from a file or $EDITOR (never shown)',
  panes: ['secrets', 'configs'],
  hint: 'new',
  dangerous: true,
  target: 'store',
  refuse: ({kind}, ctx) =>
    (kind === 'secret' ? ctx.client.secrets : ctx.client.configs)
      ? undefined
      : {text: `creating ${kind}s is not available with this engine client`, tone: 'error'},
  run: ({kind}, ctx) => {
    openDialog(ctx.ui, {
      kind: 'form',
      title: `New ${kind}`,
      focus: 0,
      fields: [
        {name: 'name', label: 'name', value: '', hint: 'letters, digits, - _ . (up to 64)'},
        {name: 'labels', label: 'labels', value: '', hint: 'key=value, comma-separated'},
        {name: 'file', label: 'file', value: '', hint: 'content from this file; blank: write it in $EDITOR'},
      ],
      submit: (values): FormVerdict => {
        const name = (values['name'] ?? '').trim();
        const errors: Record<string, string> = {};
        const existing = (kind === 'secret' ? ctx.snapshot?.secrets : ctx.snapshot?.configs) ?? [];
        const nameProblem =
          storedNameProblem(name, kind) ?? (existing.some(object => object.Spec.Name === name) ? `a ${kind} named ${name} exists already` : undefined);
        if (nameProblem) errors['name'] = nameProblem;
        const labels = parseLabelList(values['labels'] ?? '');
        if (!labels.ok) errors['labels'] = labels.error;
        if (!labels.ok || nameProblem) return {errors};
        const read = readContent(values['file'] ?? '', kind, name, ctx.editor);
        if (!read.ok) {
          if (read.field) return {errors: {[read.field]: read.error}};
          flash(ctx.ui, `${name}: ${read.error}`, 'error');
          return {accepted: true};
        }
        const writer = kind === 'secret' ? ctx.client.secrets! : ctx.client.configs!;
        perform(ctx, `creating ${kind} ${name}`, `${kind} ${name} created`, async () => {
          await writer.create({Name: name, Labels: labels.value}, read.content);
        });
        return {accepted: true};
      },
    });
  },
};
