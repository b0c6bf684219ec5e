import {newFrame} from '../shell/navigation.js';
import {type Stack, objectUsers} from '../model/object-users.js';
import {stackColumns, stackSearchText, stackSortShortcuts} from '../render/stacks.js';
import type {ResourceViewSpec} from './resource-spec.js';

export const stacksView: ResourceViewSpec<Stack> = {
  view: 'stacks',
  noun: 'stacks',
  columns: stackColumns,
  sortShortcuts: stackSortShortcuts,
  heads: snapshot => objectUsers(snapshot).stacks,
  id: stack => stack.name,
  searchText: stack => stackSearchText(stack),
  drill: stack => newFrame('services', {stack: stack.name}),
  crumb: () => 'stacks',
};
