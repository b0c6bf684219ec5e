import type {SwarmConfig, SwarmSecret} from '../docker/types.js';
import {objectUsers} from '../model/object-users.js';
import {naturalCompare} from '../render/columns.js';
import {type StoredObjectRow, storedObjectColumns, storedObjectSearchText, storedObjectSortShortcuts} from '../render/secrets.js';
import type {ResourceViewSpec} from './resource-spec.js';

function rows<T extends SwarmSecret | SwarmConfig>(objects: readonly T[] | undefined, users: Map<string, StoredObjectRow<T>['users']>): StoredObjectRow<T>[] {
  return [...(objects ?? [])]
    .sort((a, b) => naturalCompare(a.Spec.Name, b.Spec.Name))
    .map(object => ({object, users: users.get(object.ID) ?? []}));
}

export const secretsView: ResourceViewSpec<StoredObjectRow<SwarmSecret>> = {
  view: 'secrets',
  noun: 'secrets',
  columns: storedObjectColumns<SwarmSecret>(),
  sortShortcuts: storedObjectSortShortcuts,
  heads: snapshot => rows(snapshot.secrets, objectUsers(snapshot).servicesBySecret),
  id: row => row.object.ID,
  searchText: row => storedObjectSearchText(row),
  crumb: () => 'secrets',
  unreadable: snapshot => snapshot.unreadable?.secrets,
};

export const configsView: ResourceViewSpec<StoredObjectRow<SwarmConfig>> = {
  view: 'configs',
  noun: 'configs',
  columns: storedObjectColumns<SwarmConfig>(),
  sortShortcuts: storedObjectSortShortcuts,
  heads: snapshot => rows(snapshot.configs, objectUsers(snapshot).servicesByConfig),
  id: row => row.object.ID,
  searchText: row => storedObjectSearchText(row),
  crumb: () => 'configs',
  unreadable: snapshot => snapshot.unreadable?.configs,
};
