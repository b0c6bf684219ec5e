import {indexSnapshot} from '../../model/cluster-index.js';
import {type Stack, objectUsers} from '../../model/object-users.js';
import {describeStack} from '../../render/describe.js';
import {stackColumns, stackSearchText, stackSortShortcuts} from '../../render/stacks.js';
import {newFrame} from '../../shell/navigation.js';
import type {PaneDescriptor} from './pane.js';
import {display} from '../../render/text.js';

export const stacksPane: PaneDescriptor<Stack> = {
  kind: 'stacks',
  readsFrom: ['services'],
  noun: 'stacks',
  aliases: ['stacks', 'stack', 'st'],
  columns: stackColumns,
  sortShortcuts: stackSortShortcuts,
  heads: snapshot => objectUsers(snapshot).stacks,
  id: stack => stack.name,
  searchText: stack => stackSearchText(stack),
  crumb: () => display`stacks`,
  drill: stack => newFrame('services', {stack: stack.name}),
  drillLabel: "the stack's services",
  targets: stack => ({stack}),
  document: {
    noun: 'stack',
    find: (snapshot, id) => {
      const stack = objectUsers(snapshot).stacks.find(candidate => candidate.name === id);
      if (!stack) return undefined;
      return {
        name: stack.name,
        describe: () => describeStack(stack, indexSnapshot(snapshot)),
        // A stack is no API object: its YAML is its members as the API returns them.
        raw: () => ({Name: stack.name, Services: stack.services, Networks: stack.networks, Secrets: stack.secrets, Configs: stack.configs}),
      };
    },
  },
};
