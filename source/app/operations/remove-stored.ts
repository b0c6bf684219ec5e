import {usersOf} from '../../model/stored-versions.js';
import {type StoredOperation, perform} from './operation.js';

export const removeStored: StoredOperation = {
  id: 'removeStored',
  keys: ['ctrl-d'],
  description: 'Remove (refused while a service uses it)',
  panes: ['secrets', 'configs'],
  dangerous: true,
  target: 'stored',
  refuse: (target, ctx) => {
    const {kind, object} = target;
    if (!(kind === 'secret' ? ctx.client.secrets : ctx.client.configs))
      return {text: `removing ${kind}s is not available with this engine client`, tone: 'error'};
    const users = ctx.snapshot ? usersOf(ctx.snapshot, target) : [];
    if (users.length === 0) return undefined;
    const list = users.map(service => service.Spec.Name).join(', ');
    return {text: `${kind} ${object.Spec.Name} is in use by ${list}: not removed (e rotates it to a new version)`, tone: 'error'};
  },
  confirm: ({kind, object}) => ({
    question: `Remove ${kind} ${object.Spec.Name}?`,
    details: [`No service uses it. Its content is gone once removed: this can't be undone.`],
    tone: 'error',
  }),
  run: ({kind, object}, ctx) => {
    const writer = kind === 'secret' ? ctx.client.secrets! : ctx.client.configs!;
    perform(ctx, `removing ${kind} ${object.Spec.Name}`, `${kind} ${object.Spec.Name} removed`, () => writer.remove(object.ID));
  },
};
