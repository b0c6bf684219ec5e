import type {Stack} from '../../model/object-users.js';
import {type StackOperation, perform} from './operation.js';

/** Names, one line per kind, wrapped to a readable width so a long stack's list stays whole. */
function nameLines(kind: string, names: readonly string[]): string[] {
  if (names.length === 0) return [];
  const lines: string[] = [];
  let line = `  ${kind} (${names.length}): `;
  for (const [position, name] of names.entries()) {
    const piece = `${name}${position < names.length - 1 ? ', ' : ''}`;
    if (line.length + piece.length > 100 && !line.endsWith(': ')) {
      lines.push(line.trimEnd());
      line = '    ';
    }
    line += piece;
  }
  lines.push(line);
  return lines;
}

export function stackRemovalDetails(stack: Stack): string[] {
  return [
    ...nameLines(
      'services',
      stack.services.map(service => service.Spec.Name),
    ),
    ...nameLines(
      'networks',
      stack.networks.map(network => network.Name),
    ),
    ...nameLines(
      'secrets',
      stack.secrets.map(secret => secret.Spec.Name),
    ),
    ...nameLines(
      'configs',
      stack.configs.map(config => config.Spec.Name),
    ),
    "Their tasks will be stopped. This can't be undone.",
  ];
}

export const removeStack: StackOperation = {
  id: 'removeStack',
  keys: ['ctrl-d'],
  description: 'Remove the stack (services, networks, secrets, configs)',
  panes: ['stacks'],
  dangerous: true,
  target: 'stack',
  refuse: (_stack, ctx) => (ctx.client.stacks ? undefined : {text: 'removing stacks is not available with this engine client', tone: 'error'}),
  confirm: stack => ({question: `Remove stack ${stack.name} and everything in it?`, details: stackRemovalDetails(stack), tone: 'error'}),
  run: (stack, ctx) => {
    const remover = ctx.client.stacks!;
    for (const service of stack.services) ctx.noteServiceChange(service.ID);
    perform(ctx, `removing stack ${stack.name}`, `stack ${stack.name} removed`, () =>
      remover.removeStack({
        services: stack.services.map(service => service.ID),
        networks: stack.networks.map(network => network.Id),
        secrets: stack.secrets.map(secret => secret.ID),
        configs: stack.configs.map(config => config.ID),
      }),
    );
  },
};
